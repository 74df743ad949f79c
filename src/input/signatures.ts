/** Files people pick by mistake for a text file, known by their first bytes. */
const SIGNATURES: { bytes: Buffer; what: string }[] = [
  { bytes: Buffer.from('PK\x03\x04', 'latin1'), what: 'a ZIP archive (an Excel .xlsx or OpenDocument .ods workbook?)' },
  { bytes: Buffer.from('PK\x05\x06', 'latin1'), what: 'an empty ZIP archive' },
  { bytes: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), what: 'an Excel 97-2003 .xls workbook' },
  { bytes: Buffer.from([0x1f, 0x8b]), what: 'a gzip-compressed file' },
  { bytes: Buffer.from('%PDF-', 'latin1'), what: 'a PDF document' },
  { bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]), what: 'a PNG image' },
  { bytes: Buffer.from([0xff, 0xd8, 0xff]), what: 'a JPEG image' },
  { bytes: Buffer.from('SQLite format 3\x00', 'latin1'), what: 'an SQLite database' },
];

/** What kind of binary file these first bytes start, or undefined when they could be text. */
export function binaryKind(head: Buffer): string | undefined {
  return SIGNATURES.find((s) => head.length >= s.bytes.length && head.subarray(0, s.bytes.length).equals(s.bytes))?.what;
}
