/**
 * Records a journey that waits for its sender account twice: first with no X account at all, then with its
 * account paused between two DMs. `npx tsx test/replay/record-sender-waits.ts NAME` writes NAME.run1.json.
 * `sender-waits-thrown` was recorded while takeSendSlot still threw NoSenderAccount and
 * SenderAccountUnavailable failures; `sender-waits-returned` after it returned them as values;
 * `sender-waits.lean` with the lean bookkeeping. An existing file is never replaced.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setSenderAccountStatus, upsertSenderAccount } from '../../src/db/senderAccounts';
import { listSandboxSends } from '../../src/db/sandbox';
import { isolatedDb, mochaHooks } from '../support/database';
import { compileSequence, createLead, eventually, journeyWorker, startJourney, uniqueName, DAY, SIX_HOURS } from '../support/journeys';
import { timeSkippingEnv } from '../support/temporal';
import { historyToObject } from './history-json';

const OUT = path.resolve(__dirname, '../fixtures/histories');

const SEQUENCE = `
templates:
  hello: { body: "Hello {{ first_name }}" }
  later: { body: "Later, {{ first_name }}" }
nodes:
  - { id: hello, action: SEND_TWITTER_DM, template: hello }
  - { id: later, action: SEND_TWITTER_DM, template: later }
edges:
  - { from: hello, to: later, trigger: NORMAL_EDGE }
  - { from: later, trigger: END }
`;

async function main(name: string): Promise<void> {
  const file = path.join(OUT, `${name}.run1.json`);
  if (existsSync(file)) throw new Error(`${file} exists: saved histories are never replaced; pick another name`);
  const [env, db] = await Promise.all([timeSkippingEnv(), isolatedDb()]);
  try {
    const h = { env, db };
    const taskQueue = uniqueName('record');
    const worker = await journeyWorker(h, taskQueue);
    await worker.runUntil(async () => {
      const personId = await createLead(db);
      const handle = await startJourney(h, taskQueue, compileSequence(SEQUENCE), personId);
      await env.sleep(DAY);
      const accountId = await upsertSenderAccount(db, { channel: 'x', provider: 'sandbox', handle: uniqueName('x'), hourlyCap: 10, dailyCap: 10, status: 'active' });
      await env.sleep(SIX_HOURS);
      await eventually('the first DM', async () => (await listSandboxSends(db, personId)).length === 1);
      await setSenderAccountStatus(db, accountId, 'paused', 'paused while recording');
      await env.sleep(DAY);
      await setSenderAccountStatus(db, accountId, 'active', null);
      await handle.result();
      const history = await handle.fetchHistory();
      await writeFile(file, `${JSON.stringify(historyToObject(history))}\n`);
      console.log(`recorded ${name}: ${history.events?.length ?? 0} events`);
    });
  } finally {
    await env.teardown();
    await mochaHooks.afterAll();
  }
}

main(process.argv[2] ?? 'sender-waits').catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
