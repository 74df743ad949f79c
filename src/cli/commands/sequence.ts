import type { Command } from 'commander';
import { assertMigrated } from '../../db/knex';
import { publishSequenceVersion } from '../../db/sequences';
import { InputEncodingError } from '../../input/encoding';
import { InputFileError, readTextFile } from '../../input/text-file';
import { MAX_SEQUENCE_FILE_BYTES } from '../../sequences/limits';
import type { SequenceGraph } from '../../sequences/model';
import { formatProblems, problemCount, validateSequence } from '../../sequences/validate';
import { withDatabase } from '../context';

/**
 * Reads (a regular file, within the size limit) and validates a file; prints every problem and exits 1
 * when there is any, before anything is stored.
 */
function loadOrExit(file: string, opts: SequenceOptions): { graph: SequenceGraph; text: string } {
  const json = Boolean(opts.json);
  let text: string;
  try {
    const encoding = opts.encoding === undefined ? {} : { encoding: opts.encoding };
    text = readTextFile(file, { what: 'sequence file', maxBytes: MAX_SEQUENCE_FILE_BYTES, ...encoding });
  } catch (error) {
    if (!(error instanceof InputFileError || error instanceof InputEncodingError)) throw error;
    if (json) console.log(JSON.stringify({ file, valid: false, total: 1, problems: [{ message: error.message }] }, null, 2));
    else console.error(`${error.message}; nothing stored`);
    process.exit(1);
  }
  const result = validateSequence(text, { fileName: file });
  if (result.ok) return { graph: result.graph, text };
  if (json) console.log(JSON.stringify({ file, valid: false, total: result.total, problems: result.problems }, null, 2));
  else console.error(formatProblems(file, result.problems, result.total));
  console.error(`${file}: ${problemCount(result.total)}; nothing stored`);
  process.exit(1);
}

interface SequenceOptions {
  json?: boolean;
  encoding?: string;
}

const ENCODING_HELP = 'decode the file with this encoding, such as windows-1252 (UTF-8, and UTF-16 with a BOM, are detected)';

export function registerSequence(program: Command): void {
  const sequence = program.command('sequence').description('validate and publish sequence files (YAML or JSON)');

  sequence
    .command('validate')
    .argument('<file>', 'a sequence file, see docs/sequence-format.md')
    .description('check a sequence file; exit code 1 and every problem when it is bad; stores nothing')
    .option('--json', 'print the result as JSON')
    .option('--encoding <name>', ENCODING_HELP)
    .action((file: string, opts: SequenceOptions) => {
      const { graph } = loadOrExit(file, opts);
      const summary = { file, valid: true, name: graph.name, nodes: graph.nodes.length, edges: graph.edges.length };
      console.log(opts.json ? JSON.stringify(summary) : `${file}: valid sequence "${graph.name}" (${summary.nodes} nodes, ${summary.edges} edges)`);
    });

  sequence
    .command('publish')
    .argument('<file>', 'a sequence file, see docs/sequence-format.md')
    .description('publish the file as a new immutable version (an identical file returns the latest version)')
    .option('--json', 'print the result as JSON')
    .option('--encoding <name>', ENCODING_HELP)
    .action(async (file: string, opts: SequenceOptions) => {
      const { graph, text } = loadOrExit(file, opts);
      await withDatabase(async (db) => {
        await assertMigrated(db);
        const published = await publishSequenceVersion(db, graph, text);
        if (opts.json) console.log(JSON.stringify({ sequence: graph.name, version: published.version, created: published.created }));
        else if (published.created) console.log(`published "${graph.name}" version ${published.version}`);
        else console.log(`"${graph.name}" version ${published.version} is identical; nothing new published`);
      });
    });
}
