/**
 * Steady sends: `npm run bench:ratelimit [-- --journeys 10000 --channel x --check-journeys 200]`.
 * Starts the journeys (one DM each) all due on the same tick, over two sandbox accounts paced and capped as
 * the channel's real accounts are by default (src/channels/default-caps.ts), on Temporal's time-skipping
 * test server so that days of pacing pass in minutes. Then, from the event log, per account: sends per
 * minute beside the configured rate, and the largest count in any rolling minute, hour and day beside
 * the caps. Then, on two fresh accounts (one heard live, one not), journeys waiting in a reply window that
 * closes unanswered: the provider checks per journey per window. Prints figures, asserts nothing.
 */
import { parseArgs } from 'node:util';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { Knex } from 'knex';
import { DEFAULT_CAPS, DEFAULT_PACING } from '../src/channels/default-caps';
import { sandboxChannels } from '../src/channels/sandbox';
import { upsertLeads } from '../src/client/leads-file';
import { startJourneys } from '../src/client/start-journeys';
import { migrateToLatest } from '../src/db/knex';
import { openDatabase } from '../src/db/open';
import { upsertSenderAccount } from '../src/db/senderAccounts';
import { assignmentCounts } from '../src/db/senderAssignments';
import { publishSequenceVersion } from '../src/db/sequences';
import { spacingMs } from '../src/senders/pacing';
import { CHANNELS, type Channel, type SequenceGraph } from '../src/sequences/model';
import { executableOption, TEMPORAL_TEST_SERVER } from '../src/temporal/binaries';
import { registerSearchAttributes } from '../src/temporal/search-attributes';
import { createJourneyWorker } from '../src/worker/create-worker';
import { journeyWorkflowId } from '../workflows/contract';
import type { journeyWorkflow } from '../workflows/journey';
import { checksPerWindow } from './lib/checks-per-window';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SIX_HOURS = 6 * HOUR;

const ACTIONS: Record<Channel, SequenceGraph['nodes'][number]['action']> = {
  x: 'SEND_TWITTER_DM',
  email: 'SEND_EMAIL',
  linkedin: 'SEND_LINKEDIN_DM',
  xmtp: 'SEND_XMTP_DM',
};

function count(flag: string, text: string | undefined, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${flag} ${text}: expected a whole number from ${min} to ${max}`);
  return value;
}

function options(): { journeys: number; checkJourneys: number; channel: Channel } {
  const { values } = parseArgs({
    options: { journeys: { type: 'string', default: '10000' }, 'check-journeys': { type: 'string', default: '200' }, channel: { type: 'string', default: 'x' } },
  });
  const channel = values.channel as Channel;
  if (!CHANNELS.includes(channel)) throw new Error(`--channel ${values.channel}: expected one of ${CHANNELS.join(', ')}`);
  return { journeys: count('journeys', values.journeys, 2, 10_000), checkJourneys: count('check-journeys', values['check-journeys'], 2, 2_000), channel };
}

function oneMessage(channel: Channel): SequenceGraph {
  const subject = channel === 'email' ? { subject: 'Hello' } : {};
  return {
    name: `bench-ratelimit-${channel}-${process.pid}`,
    start: 'hello',
    nodes: [{ id: 'hello', action: ACTIONS[channel], template: 'hello' }],
    edges: [{ from: 'hello', to: null, trigger: 'END' }],
    templates: { hello: { id: 'hello', variants: [{ id: 'a', weight: 100, body: 'Hello {{ first_name }}', ...subject }] } },
  };
}

/** The most times in any half-open window of `windowMs`. */
function busiestWindow(sorted: number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while ((sorted[j] as number) - (sorted[i] as number) >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

async function sendTimes(db: Knex, accountId: string): Promise<number[]> {
  const rows = await db('events').where({ sender_account_id: accountId, type: 'action_sent' }).orderBy('occurred_at').pluck<Date[]>('occurred_at');
  return rows.map((d) => d.getTime());
}

async function main(): Promise<void> {
  const { journeys, checkJourneys, channel } = options();
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } } });
  const caps = DEFAULT_CAPS[channel];
  const pacing = DEFAULT_PACING[channel];
  const spacing = spacingMs(caps, pacing);

  const database = await openDatabase({ databaseUrl: null, dataDir: `.data/bench/ratelimit-${process.pid}`, persistent: false, poolMax: 30 });
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: executableOption(TEMPORAL_TEST_SERVER) } });
  try {
    const { db } = database;
    await migrateToLatest(db);
    await registerSearchAttributes(env.connection, env.namespace ?? 'default');
    const accounts = [];
    for (const handle of ['bench-a', 'bench-b']) {
      accounts.push({ handle, id: await upsertSenderAccount(db, { channel, provider: 'sandbox', handle, ...caps, ...pacing, status: 'active' }) });
    }
    const graph = oneMessage(channel);
    await publishSequenceVersion(db, graph, JSON.stringify(graph));
    let leadsMade = 0;
    const makeLeads = (count: number) =>
      upsertLeads(
        db,
        Array.from({ length: count }, () => {
          const i = leadsMade++;
          return {
            first_name: `Lead${i}`,
            x_handle: `bench_rl_${i}`,
            email: `lead${i}@bench.example`,
            linkedin_url: `https://www.linkedin.com/in/bench-rl-${i}`,
            crypto: { chain: 'ethereum', address: `0x${i.toString(16).padStart(40, '0')}` },
          };
        }),
      );
    const taskQueue = `bench-ratelimit-${process.pid}`;
    const runToEnd = async (sequence: SequenceGraph, personIds: string[]) => {
      const worker = await createJourneyWorker({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue,
        deps: { db, channels: sandboxChannels(db), tickMs: SIX_HOURS },
        maxConcurrentActivities: 50,
      });
      await worker.runUntil(async () => {
        // The server's clock stands still until a result is awaited: every journey is started before the tick.
        await startJourneys(env.client, db, { sequenceName: sequence.name, personIds, taskQueue, concurrency: 20 });
        console.log(`started in ${((Date.now() - started) / 1000).toFixed(0)} s`);
        for (const personId of personIds) {
          await env.client.workflow.getHandle<typeof journeyWorkflow>(journeyWorkflowId(sequence.name, personId)).result();
        }
      });
    };
    console.log(`bench: ${journeys} journeys, one ${ACTIONS[channel]} each, all due on one tick, over 2 ${channel} accounts`);
    let started = Date.now();
    await runToEnd(graph, await makeLeads(journeys));
    console.log(`all ended in ${((Date.now() - started) / 1000).toFixed(0)} s of wall time\n`);

    const rate = MINUTE / spacing;
    console.log(`configured per account: hourly_cap ${caps.hourlyCap}, daily_cap ${caps.dailyCap}, min_interval ${pacing.minIntervalMs / 1000} s, burst ${pacing.burst}`);
    console.log(`  spacing max(min_interval, 1h/(hourly-burst+1), 24h/(daily-burst+1)) = ${(spacing / 1000).toFixed(1)} s: ${rate.toFixed(3)} sends per minute\n`);
    const assigned = await assignmentCounts(db, channel);
    for (const account of accounts) {
      const times = await sendTimes(db, account.id);
      if (times.length === 0) {
        console.log(`${account.handle}: no sends`);
        continue;
      }
      const span = (times[times.length - 1] as number) - (times[0] as number);
      const perMinute = times.length > 1 ? ((times.length - 1) / span) * MINUTE : 0;
      const [minute, hour, day] = [busiestWindow(times, MINUTE), busiestWindow(times, HOUR), busiestWindow(times, DAY)];
      console.log(`${account.handle}: ${assigned.get(account.id) ?? 0} people assigned, ${times.length} sends over ${(span / DAY).toFixed(2)} days of journey time`);
      console.log(`  sends per minute   ${perMinute.toFixed(3)}  configured ${rate.toFixed(3)}  ratio ${(perMinute / rate).toFixed(3)}`);
      console.log(`  busiest minute     ${minute}`);
      console.log(`  busiest hour       ${hour}  hourly_cap ${caps.hourlyCap}  ratio ${(hour / caps.hourlyCap).toFixed(2)}`);
      console.log(`  busiest day        ${day}  daily_cap ${caps.dailyCap}  ratio ${(day / caps.dailyCap).toFixed(2)}`);
    }

    console.log(`\nbench: ${checkJourneys} journeys, one ${ACTIONS[channel]} each waiting for a reply, over 2 more ${channel} accounts`);
    started = Date.now();
    const checks = await checksPerWindow({
      db,
      channel,
      action: ACTIONS[channel],
      journeys: checkJourneys,
      pauseAccounts: accounts.map((a) => a.id),
      runJourneys: async (sequence, count) => runToEnd(sequence, await makeLeads(count)),
    });
    console.log(checks.join('\n'));
  } finally {
    await env.teardown();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
