import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sandboxChannels } from '../../src/channels/sandbox';
import { startJourneys } from '../../src/client/start-journeys';
import { publishSequenceVersion } from '../../src/db/sequences';
import { startDevServer } from '../../src/temporal/dev-server';
import { createJourneyWorker } from '../../src/worker/create-worker';
import { journeyStateQuery, journeyWorkflowId } from '../../workflows/contract';
import { chromiumOrSkip, launchChromium, localOnlyContext } from '../support/chromium';
import { testDb } from '../support/database';
import { journeyBundle } from '../support/temporal';
import { compileSequence, createLead, ensureSandboxSenders, uniqueName } from '../support/journeys';

/**
 * The Temporal Web UI as an operator uses it: filter the journeys of one sequence, open one, read its
 * search attributes and ask it for its state. A real dev server with its UI, a worker with the sandbox
 * channels and Postgres, and Debian's Chromium driven by playwright-core. Screenshots of each step land
 * in .data/browser/ (and one named failed-*.png for a failing test).
 */

const TICK_MS = 1000;
const SCREENSHOTS = path.resolve(__dirname, '../../.data/browser');
/** Every wait on the page is bounded by this (Playwright's default is none for some waits). */
const WAIT_MS = 20_000;

/** Two ways out of `follow`: a lead who follows back gets the DM; one who does not ends at `follow`. */
const MAIN = `
templates:
  hello: { body: "Hi {{ first_name }}" }
nodes:
  - { id: follow, action: FOLLOW_ON_TWITTER }
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
edges:
  - { from: follow, to: dm, trigger: FOLLOWED_BACK, within: 2s }
  - { from: follow, trigger: NOT_FOLLOWED_BACK }
  - { from: dm, trigger: END }
`;

/** Another sequence with one of the same leads: its journey must never show under MAIN's filter. */
const DECOY = `
templates:
  hello: { body: "Hi {{ first_name }}" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
edges:
  - { from: dm, trigger: END }
`;

const ROW = '[data-testid="workflows-summary-configurable-table-row"]';

describe('journeys in the Temporal Web UI (headless Chromium)', function () {
  this.timeout(180_000);
  let server: TestWorkflowEnvironment | undefined;
  let db: Knex;
  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  let workerFailure: unknown;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let pageErrors: string[] = [];
  let origin: string;
  let sequence: string;
  let decoySequence: string;
  let follower: string;
  let stranger: string;

  before(async function () {
    const found = chromiumOrSkip(this);
    const uiPort = await freePort();
    origin = `http://localhost:${uiPort}`;
    [server, db] = await Promise.all([startDevServer({ uiPort }), testDb()]);
    await ensureSandboxSenders(db);

    const main = compileSequence(MAIN);
    const decoy = compileSequence(DECOY);
    sequence = main.name;
    decoySequence = decoy.name;
    await publishSequenceVersion(db, main, MAIN);
    await publishSequenceVersion(db, decoy, DECOY);
    follower = await createLead(db, { person: { firstName: 'Fay' }, script: { followsBackAfter: '500ms' } });
    stranger = await createLead(db, { person: { firstName: 'Stan' }, script: {} });

    // The worker stays up for the whole file: the UI's Queries tab needs one to answer journeyState.
    const taskQueue = uniqueName('browser');
    worker = await createJourneyWorker({
      connection: server.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { db, channels: sandboxChannels(db), tickMs: TICK_MS },
      workflowBundle: await journeyBundle(),
    });
    workerRun = worker.run().catch((error: unknown) => {
      workerFailure = error;
    });
    const client = server.client;
    await startJourneys(client, db, { sequenceName: sequence, personIds: [follower, stranger], taskQueue });
    await startJourneys(client, db, { sequenceName: decoySequence, personIds: [follower], taskQueue });
    const all = [journeyWorkflowId(sequence, follower), journeyWorkflowId(sequence, stranger), journeyWorkflowId(decoySequence, follower)];
    await withTimeout('the journeys to finish', 60_000, Promise.all(all.map((id) => client.workflow.getHandle(id).result())));
    // Visibility is eventually consistent, and the UI fetches a list once: wait until the server lists
    // every journey as completed, so that what the page shows is the settled answer.
    await until('visibility to list the three journeys as completed', 20_000, async () => {
      const ids: string[] = [];
      for await (const e of client.workflow.list({ query: 'OutreachStatus="completed"' })) ids.push(e.workflowId);
      return same(ids.sort(), [...all].sort());
    });

    browser = await launchChromium(found.path);
    // The UI fetches a news feed from temporal.io; the context aborts that in the browser.
    ({ context } = await localOnlyContext(browser, origin));
    context.setDefaultTimeout(WAIT_MS);
    context.setDefaultNavigationTimeout(WAIT_MS);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  beforeEach(async () => {
    pageErrors = [];
    page = await context!.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      const file = path.join(SCREENSHOTS, `failed-${slug(this.currentTest.title)}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.log(`    screenshot of the failing page: ${file}${pageErrors.length ? `; page errors: ${pageErrors.join(' | ')}` : ''}`);
    }
    await page?.close().catch(() => undefined);
    page = undefined;
  });

  after(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
    await server?.teardown();
    if (workerFailure) throw workerFailure;
  });

  const journeyId = (personId: string) => journeyWorkflowId(sequence, personId);
  const workflowsUrl = (query?: string) =>
    `${origin}/namespaces/default/workflows${query === undefined ? '' : `?query=${encodeURIComponent(query)}`}`;

  it('lists exactly the journeys of one sequence for an OutreachSequence filter in the address', async () => {
    const p = page!;
    await p.goto(workflowsUrl(`OutreachSequence="${sequence}"`));
    const expected = [journeyId(follower), journeyId(stranger)].sort();
    assert.deepEqual(await listedJourneys(p, expected), expected);
    await p.getByTestId('workflow-count').filter({ hasText: /^\s*2\s*$/ }).waitFor();
    assert.equal(await p.locator(ROW).filter({ hasText: decoySequence }).count(), 0);
    // The address's query shows as a filter chip a user can edit.
    await p.getByText(`OutreachSequence = "${sequence}"`).waitFor();
    await p.screenshot({ path: path.join(SCREENSHOTS, 'list-by-address.png'), fullPage: true });
  });

  it('filters the same when the query is typed into the raw query box, and narrows by node', async () => {
    const p = page!;
    await p.goto(workflowsUrl());
    const everyone = [journeyId(follower), journeyId(stranger), journeyWorkflowId(decoySequence, follower)].sort();
    assert.deepEqual(await listedJourneys(p, everyone), everyone, 'unfiltered, the list has every journey');

    await p.getByTestId('toggle-manual-query').click();
    const box = p.getByTestId('workflow-manual-search-input');
    await box.fill(`OutreachSequence="${sequence}"`);
    await box.press('Enter');
    const ofSequence = [journeyId(follower), journeyId(stranger)].sort();
    assert.deepEqual(await listedJourneys(p, ofSequence), ofSequence);
    assert.equal(new URL(p.url()).searchParams.get('query'), `OutreachSequence="${sequence}"`, 'the filter lands in the address');

    await box.fill(`OutreachSequence="${sequence}" AND OutreachStatus="completed" AND OutreachNode="dm"`);
    await box.press('Enter');
    assert.deepEqual(await listedJourneys(p, [journeyId(follower)]), [journeyId(follower)], 'only the lead who got the DM ended at node dm');
    await p.screenshot({ path: path.join(SCREENSHOTS, 'list-typed-query.png'), fullPage: true });
  });

  it('opens a journey from the list and shows its status and search attributes', async () => {
    const p = page!;
    const id = journeyId(follower);
    await p.goto(workflowsUrl(`OutreachSequence="${sequence}"`));
    await p.locator(ROW).getByRole('link', { name: id, exact: true }).click();
    await p.waitForURL((url) => url.pathname.startsWith(`/namespaces/default/workflows/${id}/`));
    await p.getByTestId('workflow-id-heading').filter({ hasText: id }).waitFor();
    await p.getByTestId('execution-status').filter({ hasText: /^\s*completed\s*$/i }).first().waitFor();

    await p.getByTestId('search-attributes-tab').click();
    const block = p.getByRole('textbox', { name: 'Search Attributes' });
    await block.filter({ hasText: 'OutreachStatus' }).waitFor();
    const shown = JSON.parse(await block.innerText()) as Record<string, unknown>;
    await p.screenshot({ path: path.join(SCREENSHOTS, 'journey-search-attributes.png'), fullPage: true });

    assert.deepEqual(pick(shown, /^Outreach/), {
      OutreachLead: follower,
      OutreachNode: 'dm',
      OutreachSequence: sequence,
      OutreachSequenceVersion: 1,
      OutreachStatus: 'completed',
    });
    // ... which is what the server holds for the journey.
    const described = await server!.client.workflow.getHandle(id).describe();
    const held = Object.fromEntries(described.typedSearchAttributes.getAll().map(({ key, value }) => [key.name, value]));
    assert.deepEqual(pick(shown, /^Outreach/), pick(held, /^Outreach/));
  });

  it('runs the journeyState query from the Queries tab', async () => {
    const p = page!;
    const id = journeyId(stranger);
    await p.goto(`${origin}/namespaces/default/workflows/${encodeURIComponent(id)}`);
    await p.getByTestId('workflow-id-heading').filter({ hasText: id }).waitFor();
    await p.getByTestId('queries-tab').click();
    // The query types come from the worker (the UI asks the workflow for its metadata).
    await p.getByTestId('query-select-button').click();
    await p.getByRole('option', { name: 'journeyState', exact: true }).click();
    await p.getByRole('button', { name: 'Run Query' }).click();

    const result = p.getByTestId('query-result');
    // Top-level keys come first; the steps in `history` repeat some of them further down.
    const line = (text: string) => result.locator('.cm-line').filter({ hasText: text }).first();
    await line('"status": "completed"').waitFor();
    await line('"endReason":').waitFor();
    await p.screenshot({ path: path.join(SCREENSHOTS, 'journey-query.png'), fullPage: true });

    const state = await server!.client.workflow.getHandle(id).query(journeyStateQuery);
    assert.equal(state.status, 'completed');
    await line(`"endReason": ${JSON.stringify(state.endReason)}`).waitFor();
    await line(`"nodeId": ${JSON.stringify(state.nodeId)}`).waitFor();
    assert.deepEqual(pageErrors, [], 'the page threw no errors');
  });
});

/**
 * The journey ids in the workflow table. The table is rendered client-side after the list call, so this
 * reads it until it equals `expected` or the time is up, and returns what it saw last either way.
 */
async function listedJourneys(page: Page, expected: string[], timeoutMs = WAIT_MS): Promise<string[]> {
  const links = page.locator(`${ROW} a[href*="/workflows/"]`);
  let seen: string[] = [];
  await until(`the workflow table to list ${expected.join(', ')}`, timeoutMs, async () => {
    seen = [...new Set((await links.allInnerTexts()).map((t) => t.trim()).filter((t) => t.startsWith('journey-')))].sort();
    return same(seen, expected);
  }).catch(() => undefined);
  return seen;
}

function same(a: string[], b: string[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function pick(record: Record<string, unknown>, keys: RegExp): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => keys.test(key)).sort(([a], [b]) => a.localeCompare(b)));
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

/** Polls `ok` every 200 ms until it is true; throws after `timeoutMs`. */
async function until(what: string, timeoutMs: number, ok: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function withTimeout<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
