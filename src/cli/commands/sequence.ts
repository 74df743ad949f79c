import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { assertMigrated } from '../../db/knex';
import { publishSequenceVersion } from '../../db/sequences';
import { formatProblems, validateSequence } from '../../sequences/validate';
import type { SequenceGraph } from '../../sequences/model';
import { withDatabase } from '../context';

/** Reads and validates a file; prints every problem and exits 1 when there is any. */
function loadOrExit(file: string, json: boolean): { graph: SequenceGraph; text: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = validateSequence(text, { fileName: file });
  if (result.ok) return { graph: result.graph, text };
  if (json) console.log(JSON.stringify({ file, valid: false, problems: result.problems }, null, 2));
  else console.error(formatProblems(file, result.problems));
  console.error(`${file}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}; nothing stored`);
  process.exit(1);
}

export function registerSequence(program: Command): void {
  const sequence = program.command('sequence').description('validate and publish sequence files (YAML or JSON)');

  sequence
    .command('validate')
    .argument('<file>', 'a sequence file, see docs/sequence-format.md')
    .description('check a sequence file; exit code 1 and every problem when it is bad; stores nothing')
    .option('--json', 'print the result as JSON')
    .action((file: string, opts: { json?: boolean }) => {
      const { graph } = loadOrExit(file, Boolean(opts.json));
      const summary = { file, valid: true, name: graph.name, nodes: graph.nodes.length, edges: graph.edges.length };
      console.log(opts.json ? JSON.stringify(summary) : `${file}: valid sequence "${graph.name}" (${summary.nodes} nodes, ${summary.edges} edges)`);
    });

  sequence
    .command('publish')
    .argument('<file>', 'a sequence file, see docs/sequence-format.md')
    .description('publish the file as a new immutable version (an identical file returns the latest version)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { graph, text } = loadOrExit(file, Boolean(opts.json));
      await withDatabase(async (db) => {
        await assertMigrated(db);
        const published = await publishSequenceVersion(db, graph, text);
        if (opts.json) console.log(JSON.stringify({ sequence: graph.name, version: published.version, created: published.created }));
        else if (published.created) console.log(`published "${graph.name}" version ${published.version}`);
        else console.log(`"${graph.name}" version ${published.version} is identical; nothing new published`);
      });
    });
}
