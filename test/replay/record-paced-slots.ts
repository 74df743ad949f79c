/**
 * Records two journeys on a paced account (one send every 4 hours) that both sleep to their slots: one
 * sends at its slot, the other is cancelled while it sleeps and gives its slot back.
 * `npx tsx test/replay/record-paced-slots.ts NAME` writes NAME.lean.run1.json and NAME-cancelled.lean.run1.json.
 * `paced-slots` was recorded when the `paced-send-slots` patch came in. An existing file is never replaced.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startJourneys } from '../../src/client/start-journeys';
import { upsertSenderAccount } from '../../src/db/senderAccounts';
import { publishSequenceVersion } from '../../src/db/sequences';
import { cancelSignal } from '../../workflows/contract';
import { tickAfter } from '../../workflows/ticks';
import { isolatedDb, mochaHooks } from '../support/database';
import { compileSequence, createLead, eventually, journeyHandle, journeyWorker, skipTo, uniqueName, SIX_HOURS } from '../support/journeys';
import { timeSkippingEnv } from '../support/temporal';
import { historyToObject } from './history-json';

const OUT = path.resolve(__dirname, '../fixtures/histories');

const SEQUENCE = `
templates:
  hello: { body: "Hello {{ first_name }}" }
nodes:
  - { id: hello, action: SEND_TWITTER_DM, template: hello }
edges:
  - { from: hello, trigger: END }
`;

async function main(name: string): Promise<void> {
  const files = [`${name}.lean.run1.json`, `${name}-cancelled.lean.run1.json`].map((f) => path.join(OUT, f));
  for (const file of files) if (existsSync(file)) throw new Error(`${file} exists: saved histories are never replaced; pick another name`);
  const [env, db] = await Promise.all([timeSkippingEnv(), isolatedDb()]);
  try {
    const h = { env, db };
    await upsertSenderAccount(db, { channel: 'x', provider: 'sandbox', handle: 'paced', hourlyCap: 1, dailyCap: 6, minIntervalMs: 0, burst: 1, status: 'active' });
    const graph = compileSequence(SEQUENCE);
    await publishSequenceVersion(db, graph, JSON.stringify(graph));
    const personIds = [await createLead(db), await createLead(db), await createLead(db)];
    const taskQueue = uniqueName('record');
    const worker = await journeyWorker(h, taskQueue);
    await worker.runUntil(async () => {
      const tick = tickAfter(await env.currentTimeMs(), SIX_HOURS);
      await startJourneys(env.client, db, { sequenceName: graph.name, personIds, taskQueue });
      await skipTo(env, tick + 60_000);
      const handles = personIds.map((id) => journeyHandle(h, graph.name, id));
      const slots = await eventually('three reservations', async () => {
        const rows = await db('events').where({ type: 'send_reserved' }).orderBy('occurred_at').select('workflow_id');
        return rows.length === 3 ? rows.map((r) => r.workflow_id as string) : undefined;
      });
      const [, paced, cancelled] = slots.map((id) => handles.find((handle) => handle.workflowId === id)!);
      await cancelled!.signal(cancelSignal, 'recording a release');
      for (const [handle, file] of [[paced!, files[0]!], [cancelled!, files[1]!]] as const) {
        await handle.result();
        const history = await handle.fetchHistory();
        await writeFile(file, `${JSON.stringify(historyToObject(history))}\n`);
        console.log(`recorded ${path.basename(file)}: ${history.events?.length ?? 0} events`);
      }
    });
  } finally {
    await env.teardown();
    await mochaHooks.afterAll();
  }
}

main(process.argv[2] ?? 'paced-slots').catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
