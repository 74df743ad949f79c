import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { MAX_JOURNEY_INPUT_BYTES } from '../../src/sequences/journey-input';
import { MAX_ID_CHARS, MAX_NAME_CHARS } from '../../src/sequences/limits';
import type { SequenceGraph } from '../../src/sequences/model';
import { formatProblems, validateSequence } from '../../src/sequences/validate';
import { startDevServer } from '../../src/temporal/dev-server';
import { JOURNEY_WORKFLOW, type JourneyInput, journeyWorkflowId, searchAttributes } from '../../workflows/contract';

/** Temporal's default limit on a workflow id (`limit.maxIDLength`). */
const TEMPORAL_MAX_ID_BYTES = 1000;
/** The largest person id: a Postgres bigint. */
const LARGEST_PERSON_ID = '9223372036854775807';

/**
 * `copies` templates of 100 variants of 1,000 characters each, written once and repeated by alias: how a
 * file under the size limit compiles to a graph over the payload limit.
 */
function aliasedTemplates(name: string, copies: number): string {
  const variants = Array.from({ length: 100 }, (_, v) => `      - { id: v${v}, body: "${'x'.repeat(1000)}" }`).join('\n');
  const others = Array.from({ length: copies - 1 }, (_, i) => `  t${i + 1}: *t0`).join('\n');
  return `name: ${name}\ntemplates:\n  t0: &t0\n    variants:\n${variants}\n${others}\n` +
    'nodes: [{ id: a, action: CHECK_FOR_REPLY }]\nedges: [{ from: a, trigger: END }]\n';
}

function graphOf(text: string): SequenceGraph {
  const result = validateSequence(text, { fileName: 'seq.yaml' });
  assert.ok(result.ok, result.ok ? '' : formatProblems('seq.yaml', result.problems));
  return result.graph;
}

function largestInput(graph: SequenceGraph): JourneyInput {
  return { version: 1, sequenceName: graph.name, sequenceVersionId: LARGEST_PERSON_ID, sequenceVersion: 2 ** 31 - 1, graph, personId: LARGEST_PERSON_ID, audienceId: LARGEST_PERSON_ID, nodesPerRun: 100 };
}

describe('what Temporal will take', function () {
  this.timeout(180_000);

  it(`keeps the longest workflow id (a ${MAX_NAME_CHARS}-character name, a 19-digit person id) under Temporal's ${TEMPORAL_MAX_ID_BYTES} bytes`, () => {
    const id = journeyWorkflowId('n'.repeat(MAX_NAME_CHARS), LARGEST_PERSON_ID);
    assert.ok(Buffer.byteLength(id) < TEMPORAL_MAX_ID_BYTES);
    assert.ok(MAX_ID_CHARS < MAX_NAME_CHARS);
  });

  it('refuses a sequence whose workflow input would pass the limit, naming the part that makes it big', () => {
    const result = validateSequence(aliasedTemplates('too-big', 11), { fileName: 'seq.yaml' });
    assert.ok(!result.ok);
    assert.equal(
      formatProblems('seq.yaml', result.problems),
      "seq.yaml:3:3: sequence: a journey's workflow input would be 1.1 MiB (templates take 1.1 MiB), over the limit of 1 MiB: " +
        "half of Temporal's 2 MiB payload limit, the rest kept for the state a journey carries when it continues as new",
    );
  });

  describe('on the dev server', () => {
    let server: TestWorkflowEnvironment;
    before(async () => {
      server = await startDevServer();
    });
    after(async () => {
      await server?.teardown();
    });

    it('starts a journey whose input is just under the limit, with the longest name and person id', async () => {
      const name = `${'n'.repeat(MAX_NAME_CHARS - 8)}-biggest`;
      const graph = graphOf(aliasedTemplates(name, 10));
      const input = largestInput(graph);
      assert.ok(Buffer.byteLength(JSON.stringify(input)) > 0.95 * MAX_JOURNEY_INPUT_BYTES);
      const handle = await server.client.workflow.start(JOURNEY_WORKFLOW, {
        taskQueue: 'nobody-polls-this-queue',
        workflowId: journeyWorkflowId(name, LARGEST_PERSON_ID),
        args: [input],
        typedSearchAttributes: [
          { key: searchAttributes.sequence, value: name },
          { key: searchAttributes.version, value: input.sequenceVersion },
          { key: searchAttributes.lead, value: LARGEST_PERSON_ID },
          { key: searchAttributes.node, value: 'n'.repeat(MAX_ID_CHARS) },
          { key: searchAttributes.status, value: 'active' },
        ],
      });
      assert.equal((await handle.describe()).status.name, 'RUNNING');
      await handle.terminate('test done');
    });

    it('is refused by Temporal itself past its 2 MiB payload limit, which is why validation stops at half', async () => {
      const graph = graphOf(aliasedTemplates('fits-validation', 10));
      const copies = Object.entries(graph.templates).flatMap(([id, t]) => [1, 2, 3].map((n) => [`${id}-${n}`, t] as const));
      const tripled = largestInput({ ...graph, templates: Object.fromEntries(copies) });
      assert.ok(Buffer.byteLength(JSON.stringify(tripled)) > 2 * 1024 * 1024);
      await assert.rejects(
        server.client.workflow.start(JOURNEY_WORKFLOW, { taskQueue: 'nobody-polls-this-queue', workflowId: 'journey-too-big-1', args: [tripled] }),
        (error: Error) => {
          // The client's own message says nothing; the reason is in its cause.
          assert.equal((error.cause as Error | undefined)?.message, '3 INVALID_ARGUMENT: Blob data size exceeds limit.');
          return true;
        },
      );
    });
  });
});
