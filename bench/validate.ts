/**
 * Validation time at the limits: `npx tsx bench/validate.ts [--runs 5]`.
 * Times `validateSequence` (what `outreach sequence validate` runs after reading the file) on the example
 * file as a baseline, on a chain of MAX_NODES nodes, on a file at every count limit at once, and on hostile
 * files that each stop at one bound (an alias bomb, 100,000 levels of nesting, a flat list at the token
 * limit, a chain far over the node limit). Prints the median of the runs, the ratio to the baseline and
 * the time per KiB, so a pass that is no longer linear shows as a jump between the chain sizes.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MAX_NODES, MAX_SYNTAX_TOKENS, MAX_VARIANTS } from '../src/sequences/limits';
import { validateSequence } from '../src/sequences/validate';
import { chainYaml, everyLimitYaml } from '../test/sequences/generated';
import { mb } from './lib/memory';

const BOMB = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((k, i) => {
  const prev = 'abcdefgh'[i] as string;
  return `${k}: &${k} [${Array.from({ length: 9 }, () => `*${prev}`).join(',')}]`;
})].join('\n');

function cases(): { label: string; file: string; text: string }[] {
  const example = 'examples/sequences/follow-dm-reply.yaml';
  return [
    { label: 'baseline: the example', file: example, text: readFileSync(example, 'utf8') },
    { label: `chain of ${MAX_NODES / 10} nodes`, file: 'chain.yaml', text: chainYaml(MAX_NODES / 10) },
    { label: `chain of ${MAX_NODES} nodes (the limit)`, file: 'chain.yaml', text: chainYaml(MAX_NODES) },
    { label: `every count limit (${MAX_NODES} nodes, ${MAX_NODES * 3} edges, ${MAX_VARIANTS} variants)`, file: 'all.yaml', text: everyLimitYaml({ nodes: MAX_NODES, variants: MAX_VARIANTS / MAX_NODES }) },
    { label: 'refused: chain of 10,000 nodes', file: 'chain.yaml', text: chainYaml(10_000) },
    { label: 'refused: alias bomb (9 levels of 9)', file: 'bomb.yaml', text: BOMB },
    { label: 'refused: 100,000 nested lists', file: 'deep.yaml', text: `${'- '.repeat(100_000)}x\n` },
    { label: 'refused: 100,000 nested JSON arrays', file: 'deep.json', text: '['.repeat(100_000) + ']'.repeat(100_000) },
    { label: 'refused: flat list just over the token limit', file: 'flat.yaml', text: `x: [${'1,'.repeat(MAX_SYNTAX_TOKENS / 2)}1]\n` },
  ];
}

function main(): void {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
  const runs = Number(values.runs);
  let baseline = 0;
  for (const c of cases()) {
    const times: number[] = [];
    let outcome = '';
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const result = validateSequence(c.text, { fileName: c.file });
      times.push(performance.now() - t);
      outcome = result.ok ? 'valid' : `refused: ${result.problems[0]?.message.slice(0, 90) ?? ''}`;
    }
    const median = times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
    baseline ||= median;
    const kib = c.text.length / 1024;
    console.log(
      `${c.label.padEnd(70)} ${kib.toFixed(0).padStart(5)} KiB ${median.toFixed(1).padStart(8)} ms ` +
        `${(median / baseline).toFixed(0).padStart(5)}x baseline ${(median / kib).toFixed(2).padStart(6)} ms/KiB  ${outcome}`,
    );
  }
  console.log(`peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
}

main();
