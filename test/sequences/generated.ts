/** Sequence files made by code, for the bounds tests and bench/validate.ts. */

/** `n` checks joined by NORMAL_EDGE, the last one ending: n nodes, n edges. */
export function chainYaml(n: number, name = 'chain'): string {
  const nodes = Array.from({ length: n }, (_, i) => `  - { id: n${i}, action: CHECK_FOR_REPLY }`);
  const edges = Array.from({ length: n }, (_, i) =>
    i < n - 1 ? `  - { from: n${i}, to: n${i + 1}, trigger: NORMAL_EDGE }` : `  - { from: n${i}, trigger: END }`,
  );
  return `name: ${name}\nnodes:\n${nodes.join('\n')}\nedges:\n${edges.join('\n')}\n`;
}

/**
 * `nodes` connection requests, each with its own note template of `variants` variants and all three exits
 * (accepted, not accepted, replied to the note) to the next one: at the node, edge, template and variant
 * limits when given them.
 */
export function everyLimitYaml(opts: { nodes: number; variants: number; name?: string }): string {
  const lines = [`name: ${opts.name ?? 'every-limit'}`, 'description: connection requests in a row, each with its own note', 'templates:'];
  for (let t = 0; t < opts.nodes; t++) {
    lines.push(`  note${t}:`, '    variants:');
    for (let v = 0; v < opts.variants; v++) {
      lines.push(`      - { id: v${v}, body: "Hi {{ first_name | default: 'there' }}, note ${t} variant ${v}: may I connect?" }`);
    }
  }
  lines.push('nodes:');
  for (let i = 0; i < opts.nodes; i++) lines.push(`  - { id: ask${i}, action: SEND_CONNECTION_REQUEST, template: note${i} }`);
  lines.push('edges:');
  for (let i = 0; i < opts.nodes; i++) {
    const to = i < opts.nodes - 1 ? `to: ask${i + 1}, ` : '';
    lines.push(
      `  - { from: ask${i}, ${to}trigger: CONNECTION_ACCEPTED, within: 7d }`,
      `  - { from: ask${i}, ${to}trigger: CONNECTION_NOT_ACCEPTED }`,
      `  - { from: ask${i}, ${to}trigger: REPLIED_TO_NOTE }`,
    );
  }
  return `${lines.join('\n')}\n`;
}
