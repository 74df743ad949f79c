/**
 * Records the journey histories that the replay test replays. Run it when a deliberate, patched change
 * to the workflow needs new fixtures: `npx tsx test/replay/record-histories.ts LABEL` writes
 * NAME.LABEL.runN.json beside the old files and never over one, so journeys started on the old code keep
 * being checked (`lean`: recorded with the lean bookkeeping; the files without a label came before it;
 * `events`: with journey-hears-events, which added `reply-by-signal` and `live-source`; `defers`: with
 * journey-defers-sends, which added `defer-by-signal`).
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mochaHooks, testDb } from '../support/database';
import { compileSequence, createLead, ensureSandboxSenders, journeyWorker, startJourney, uniqueName, DAY } from '../support/journeys';
import { timeSkippingEnv } from '../support/temporal';
import { sandboxHandle } from '../../src/channels/sandbox';
import { reportEventSource } from '../../src/db/event-sources';
import { deferSignal, observeSignal, pauseSignal, resumeSignal } from '../../workflows/contract';
import { historyToObject } from './history-json';

const OUT = path.resolve(__dirname, '../fixtures/histories');

const SEQUENCE = `
templates:
  intro:
    variants:
      - { id: a, weight: 50, body: "Hi {{ first_name }}" }
      - { id: b, weight: 50, body: "Hello {{ first_name }}" }
  nudge: { body: "Bumping this, {{ first_name }}" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: intro, action: SEND_TWITTER_DM, template: intro }
  - { id: nudge, action: SEND_TWITTER_DM, template: nudge, max_visits: 2 }
  - { id: check, action: CHECK_FOR_REPLY }
  - { id: unfollow, action: UNFOLLOW_ON_TWITTER }
edges:
  - { from: follow, to: intro, trigger: FOLLOWED_BACK, within: 3d }
  - { from: follow, to: unfollow, trigger: NOT_FOLLOWED_BACK }
  - { from: intro, trigger: REPLIED, within: 2d }
  - { from: intro, to: nudge, trigger: NOT_REPLIED }
  - { from: nudge, to: check, trigger: NORMAL_EDGE }
  - { from: check, trigger: REPLIED, within: 1d }
  - { from: check, to: nudge, trigger: NOT_REPLIED }
  - { from: unfollow, trigger: END }
`;

async function main(label: string | undefined): Promise<void> {
  if (!label || !/^[a-z0-9-]+$/.test(label)) throw new Error('usage: record-histories.ts LABEL (lower-case letters, digits, -)');
  const [env, db] = await Promise.all([timeSkippingEnv(), testDb()]);
  try {
    await ensureSandboxSenders(db);
    const h = { env, db };
    const taskQueue = uniqueName('record');
    const worker = await journeyWorker(h, taskQueue);
    const cases = {
      'follow-back-then-reply': { followsBackAfter: '10h', repliesAfter: '30h', replySentiment: 'positive' as const },
      'nudges-until-visit-limit': { followsBackAfter: '2h', failures: { SEND_TWITTER_DM: { transient: 2 } } },
      'never-follows-back': {},
      'dms-closed': { followsBackAfter: '1h', failures: { SEND_TWITTER_DM: { permanent: 'user does not accept DMs' } } },
      // A reply heard while the follow waits, delivered again later (ignored), then a new one the intro takes.
      'reply-by-signal': { followsBackAfter: '2h' },
      // The sandbox X account with webhooks configured: each window is checked once, at its close.
      'live-source': { followsBackAfter: '10h', repliesAfter: '30h', replySentiment: 'positive' as const },
      // An out-of-office note heard while the follow waits: the intro waits for the return day, then a reply.
      'defer-by-signal': { followsBackAfter: '2h', repliesAfter: '6d' },
    };
    const xAccount = String((await db('sender_accounts').where({ handle: sandboxHandle('x') }).first('id'))!.id);
    await worker.runUntil(async () => {
      for (const [name, script] of Object.entries(cases)) {
        const graph = compileSequence(SEQUENCE);
        const personId = await createLead(db, { script });
        if (name === 'live-source') await reportEventSource(db, { senderAccountId: xAccount, kind: 'webhook', state: 'configured' });
        const handle = await startJourney(h, taskQueue, graph, personId, { nodesPerRun: 3 });
        if (name === 'nudges-until-visit-limit') {
          await env.sleep(DAY);
          await handle.signal(pauseSignal, 'recording a pause');
          await env.sleep(DAY);
          await handle.signal(resumeSignal);
        }
        if (name === 'reply-by-signal') {
          const reply = async (eventId: string) =>
            handle.signal(observeSignal, { eventId, observation: 'replied', channel: 'x', at: new Date(await env.currentTimeMs()).toISOString() });
          await env.sleep('1h');
          await reply('evt-early');
          await env.sleep(DAY);
          await reply('evt-early');
          await reply('evt-reply');
        }
        if (name === 'defer-by-signal') {
          await env.sleep('1h');
          const until = new Date((await env.currentTimeMs()) + 4 * DAY).toISOString();
          await handle.signal(deferSignal, { eventId: 'evt-away', until });
          await handle.signal(deferSignal, { until: 'not a time' });
        }
        await handle.result();
        if (name === 'live-source') await db('event_sources').where({ sender_account_id: xAccount }).delete();
        // Continue-as-new splits a journey into runs: save every one, following each run back to the one
        // it continued from.
        let runId: string | undefined;
        let run = 0;
        const runs = [];
        do {
          const history = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
          runs.unshift(history);
          runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
        } while (runId);
        for (const history of runs) {
          run += 1;
          const file = path.join(OUT, `${name}.${label}.run${run}.json`);
          if (existsSync(file)) throw new Error(`${file} exists: saved histories are never replaced; pick another label`);
          await writeFile(file, `${JSON.stringify(historyToObject(history))}\n`);
          console.log(`recorded ${name} run ${run}: ${history.events?.length ?? 0} events`);
        }
      }
    });
  } finally {
    await env.teardown();
    await mochaHooks.afterAll();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
