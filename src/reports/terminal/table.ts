/** Rows as aligned columns: text left, numbers (and the header above them) right. */
export function table(rows: (string | number)[][], indent = '  '): string[] {
  const numeric = (rows[1] ?? []).map((cell) => typeof cell === 'number' || /^[\d.]+%$|^–$/.test(String(cell)));
  const widths = (rows[0] ?? []).map((_, col) => Math.max(...rows.map((r) => String(r[col] ?? '').length)));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, col) => (numeric[col] ? String(cell).padStart(widths[col] ?? 0) : String(cell).padEnd(widths[col] ?? 0)))
        .join('  ')
        .trimEnd(),
  );
}
