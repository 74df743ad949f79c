import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import type { Browser } from 'playwright-core';
import { EMAIL_PROVIDER, createEmailAdapter, type EmailAdapter } from '../../src/channels/email/adapter';
import { channelRegistry } from '../../src/channels/registry';
import { startJourneys } from '../../src/client/start-journeys';
import { getEnrollment } from '../../src/db/enrollments';
import { upsertSenderAccount } from '../../src/db/senderAccounts';
import { publishSequenceVersion } from '../../src/db/sequences';
import { listSuppressions } from '../../src/db/suppressions';
import { jsonLineLog } from '../../src/ingest/log';
import { startIngest, type RunningIngest } from '../../src/ingest/service';
import { suppressionOf } from '../../src/suppression/check';
import { cachedSuppressionKey } from '../../src/suppression/key';
import { startDevServer } from '../../src/temporal/dev-server';
import { createJourneyWorker } from '../../src/worker/create-worker';
import { journeyWorkflowId } from '../../workflows/contract';
import { chromiumOrSkip, launchChromium, localOnlyContext } from '../support/chromium';
import { isolatedDb } from '../support/database';
import { compileSequence, createLead, uniqueName } from '../support/journeys';
import { startFakeSmtp, type FakeSmtp, type ReceivedMail } from '../support/mail/smtp';
import { journeyBundle } from '../support/temporal';
import { credentials, emailSettings } from '../channels/email/fixtures';

/**
 * One-click unsubscribe as a lead meets it: a journey sends a real email over SMTP, the lead opens the footer
 * link in Chromium and presses the button; another lead's mail client POSTs the List-Unsubscribe link
 * (RFC 8058). Both journeys, waiting an hour for a reply, end at once. A real `outreach ingest` service
 * (startIngest) serves the link; a Temporal dev server runs the journeys. Screenshots land in .data/browser/.
 */

const TICK_MS = 1000;
const WAIT_MS = 20_000;
const SCREENSHOTS = path.resolve(__dirname, '../../.data/browser');
const SMTP_LOGIN = { user: 'alice-smtp', pass: 'smtp-secret-unsubscribe-test' };

const SEQUENCE = `
templates:
  intro:
    subject: "Quick question, {{ first_name }}"
    body: "Hi {{ first_name }},\\n\\nHow does your team ship releases?\\n\\n--\\nNot interested? Unsubscribe: {{ unsubscribe_url }}"
  nudge:
    body: "Just bumping this, {{ first_name }}."
nodes:
  - { id: intro, action: SEND_EMAIL, template: intro }
  - { id: nudge, action: SEND_EMAIL, template: nudge }
edges:
  - { from: intro, trigger: REPLIED }
  - { from: intro, to: nudge, trigger: NOT_REPLIED, within: 1h }
  - { from: nudge, trigger: END }
`;

describe('one-click unsubscribe from a sent email, in headless Chromium', function () {
  this.timeout(180_000);
  let server: TestWorkflowEnvironment | undefined;
  let db: Knex;
  let smtp: FakeSmtp | undefined;
  let adapter: EmailAdapter | undefined;
  let ingest: RunningIngest | undefined;
  let browser: Browser | undefined;
  let executable: string;
  const logLines: string[] = [];

  before(async function () {
    executable = chromiumOrSkip(this).path;
    [server, db, smtp] = await Promise.all([startDevServer(), isolatedDb(), startFakeSmtp(SMTP_LOGIN)]);
    adapter = createEmailAdapter({ credentials: credentials({ ALICE_SMTP_USER: SMTP_LOGIN.user, ALICE_SMTP_PASS: SMTP_LOGIN.pass }) });
    ingest = await startIngest({ db, client: server.client, config: { port: 0, host: '127.0.0.1' }, secrets: {}, log: jsonLineLog((line) => logLines.push(line)) });
    browser = await launchChromium(executable);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await ingest?.stop();
    adapter?.close();
    await Promise.all([server?.teardown(), smtp?.close()]);
  });

  it('opens the footer link, shows a button that alone changes nothing, and on pressing it ends the journey; a mail client’s POST does the same', async () => {
    const temporal = server as TestWorkflowEnvironment;
    const mail = smtp as FakeSmtp;
    const base = `${(ingest as RunningIngest).address}/unsubscribe`;
    await upsertSenderAccount(db, {
      channel: 'email',
      provider: EMAIL_PROVIDER,
      handle: uniqueName('alice'),
      hourlyCap: 100,
      dailyCap: 1000,
      minIntervalMs: 0,
      burst: 100,
      settings: emailSettings({ smtp: mail.port }, { unsubscribe: { url: base, mailto: 'unsubscribe@outreach.example.com' } }),
      // No unsubscribeSecret: tokens are signed under a key derived from the suppression key.
      credentialsRef: { smtpUser: 'env:ALICE_SMTP_USER', smtpPass: 'env:ALICE_SMTP_PASS' },
      status: 'active',
    });
    const address = (name: string) => `${uniqueName(name)}@example.net`;
    const leads = { clicker: address('rita'), mailClient: address('otto') };
    const ids = {
      clicker: await createLead(db, { person: { firstName: 'Rita', email: leads.clicker } }),
      mailClient: await createLead(db, { person: { firstName: 'Otto', email: leads.mailClient } }),
    };
    const graph = compileSequence(SEQUENCE);
    await publishSequenceVersion(db, graph, SEQUENCE);
    const taskQueue = uniqueName('unsubscribe');
    const worker = await createJourneyWorker({
      connection: temporal.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { db, channels: channelRegistry([adapter as EmailAdapter]), tickMs: TICK_MS },
      workflowBundle: await journeyBundle(),
    });
    const wf = (personId: string) => journeyWorkflowId(graph.name, personId);
    const key = await cachedSuppressionKey(db);

    const results = await worker.runUntil(async () => {
      await startJourneys(temporal.client, db, { sequenceName: graph.name, personIds: Object.values(ids), taskQueue });
      const toClicker = await received(mail, leads.clicker);
      const toMailClient = await received(mail, leads.mailClient);

      const footer = /Unsubscribe: (\S+)/.exec(toClicker.parsed.text ?? '')?.[1] ?? '';
      assert.ok(footer.startsWith(`${base}?token=u1.`), toClicker.parsed.text);
      assert.equal(listUnsubscribeUrl(toClicker), footer, 'the footer link and the header carry the same token');

      const { context } = await localOnlyContext(browser as Browser, new URL(base).origin);
      context.setDefaultTimeout(WAIT_MS);
      const page = await context.newPage();
      try {
        await page.goto(footer);
        await page.getByRole('heading', { name: 'Unsubscribe?' }).waitFor();
        assert.ok(!(await page.content()).includes(leads.clicker), 'the page shows nothing of the person');
        await page.screenshot({ path: path.join(SCREENSHOTS, 'unsubscribe-confirm.png'), fullPage: true });
        assert.equal(await suppressionOf(db, key, ids.clicker), undefined, 'opening the link alone suppresses nothing');
        assert.equal((await temporal.client.workflow.getHandle(wf(ids.clicker)).describe()).status.name, 'RUNNING');

        await page.getByRole('button', { name: 'Unsubscribe' }).click();
        await page.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
        await page.screenshot({ path: path.join(SCREENSHOTS, 'unsubscribe-done.png'), fullPage: true });
      } catch (error) {
        await page.screenshot({ path: path.join(SCREENSHOTS, 'failed-unsubscribe.png'), fullPage: true }).catch(() => undefined);
        throw error;
      } finally {
        await context.close();
      }

      const oneClick = await fetch(listUnsubscribeUrl(toMailClient), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      assert.equal(oneClick.status, 200);

      const clicker = await temporal.client.workflow.getHandle(wf(ids.clicker)).result();
      const mailClient = await temporal.client.workflow.getHandle(wf(ids.mailClient)).result();
      return { clicker, mailClient };
    });

    for (const [who, personId] of Object.entries(ids)) {
      const result = results[who as keyof typeof results];
      assert.deepEqual([result.status, result.endReason], ['cancelled', 'suppressed'], who);
      const enrollment = await getEnrollment(db, wf(personId));
      assert.deepEqual([enrollment?.status, enrollment?.endReason], ['cancelled', 'suppressed'], who);
      const suppression = await suppressionOf(db, key, personId);
      assert.deepEqual([suppression?.reason, suppression?.scope, suppression?.source], ['unsubscribed', { scope: 'global' }, `unsubscribe-link:${graph.name}`], who);
    }
    const listed = (await listSuppressions(db)).filter((s) => s.source === `unsubscribe-link:${graph.name}`);
    assert.equal(listed.length, 8, 'each lead’s four identifiers, globally');
    assert.deepEqual(mail.received.map((m) => m.envelope.to[0]).sort(), Object.values(leads).sort(), 'no nudge went out');
    assert.ok(logLines.every((line) => !Object.values(leads).some((a) => line.includes(a))), 'no address in the ingest log');
    assert.equal(logLines.filter((line) => JSON.parse(line).message === 'unsubscribed').length, 2);
  });
});

/** The first message to `to`, waited for. */
async function received(smtp: FakeSmtp, to: string, timeoutMs = 60_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = smtp.received.find((m) => m.envelope.to.includes(to));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no email to ${to} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The http(s) link of the message's List-Unsubscribe header, unfolded. */
function listUnsubscribeUrl(mail: ReceivedMail): string {
  const head = mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const header = head.split('\r\n').find((line) => /^list-unsubscribe:/i.test(line)) ?? '';
  const url = /<(https?:[^>]+)>/.exec(header)?.[1];
  if (!url) throw new Error(`no http(s) link in List-Unsubscribe: ${head}`);
  return url;
}
