import { parseArgs } from 'node:util';
import { publishSequenceVersion } from '../db/sequences';
import { openDatabase } from '../db/open';
import { assertMigrated } from '../db/knex';
import { loadSequenceFile, SequenceValidationError, formatProblems } from '../sequences/validate';
import { readFileSync } from 'node:fs';

const USAGE = 'usage: npm run sequence:publish -- FILE.yaml|FILE.json [--validate-only]';

/** Validates a sequence file and publishes it as a new immutable version (or reports the identical latest one). */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'validate-only': { type: 'boolean' } } });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new Error(USAGE);
  let graph;
  try {
    graph = loadSequenceFile(file);
  } catch (error) {
    if (error instanceof SequenceValidationError) {
      console.error(formatProblems(error.fileName, error.problems));
      process.exit(1);
    }
    throw error;
  }
  if (values['validate-only']) {
    console.log(`${file}: valid sequence "${graph.name}" (${graph.nodes.length} nodes, ${graph.edges.length} edges)`);
    return;
  }
  const database = await openDatabase();
  try {
    await assertMigrated(database.db);
    const published = await publishSequenceVersion(database.db, graph, readFileSync(file, 'utf8'));
    console.log(
      published.created
        ? `published "${graph.name}" version ${published.version}`
        : `"${graph.name}" version ${published.version} is identical; nothing new published`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
