import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { EMAIL_PROVIDER, createEmailAdapter, type EmailAdapter } from '../../../src/channels/email/adapter';
import { channelRegistry } from '../../../src/channels/registry';
import { startJourneys } from '../../../src/client/start-journeys';
import { getEnrollment } from '../../../src/db/enrollments';
import { listEvents } from '../../../src/db/events';
import { upsertSenderAccount } from '../../../src/db/senderAccounts';
import { publishSequenceVersion } from '../../../src/db/sequences';
import { startDevServer } from '../../../src/temporal/dev-server';
import { createJourneyWorker } from '../../../src/worker/create-worker';
import { journeyWorkflowId } from '../../../workflows/contract';
import { isolatedDb } from '../../support/database';
import { compileSequence, createLead, uniqueName } from '../../support/journeys';
import { dovecotOrSkip, startDovecot, type Dovecot } from '../../support/mail/dovecot';
import { appendMessages, autoReplyTo, bounceOf, replyTo, type Original } from '../../support/mail/mailbox';
import { SMTP_REPLIES, startFakeSmtp, type FakeSmtp, type ReceivedMail } from '../../support/mail/smtp';
import { assertNoSecrets, captureOutput, distinctSecret, type CapturedOutput } from '../../support/secrets';
import { CREDENTIALS_REF, OUR_ADDRESS, credentials, emailSettings } from './fixtures';

const TICK_MS = 1000;

const SMTP_LOGIN = { user: distinctSecret('smtp-user'), pass: distinctSecret('smtp-pass') };
const IMAP_LOGIN = { user: distinctSecret('imap-user'), pass: distinctSecret('imap-pass') };
const ENV = {
  ALICE_SMTP_USER: SMTP_LOGIN.user,
  ALICE_SMTP_PASS: SMTP_LOGIN.pass,
  ALICE_IMAP_USER: IMAP_LOGIN.user,
  ALICE_IMAP_PASS: IMAP_LOGIN.pass,
  ALICE_UNSUBSCRIBE: distinctSecret('unsubscribe'),
};

const SEQUENCE = `
templates:
  intro:
    subject: "Quick question, {{ first_name }}"
    body: "Hi {{ first_name }},\\n\\nHow does your team ship releases?"
  nudge:
    body: "Just bumping this, {{ first_name }}."
nodes:
  - { id: intro, action: SEND_EMAIL, template: intro }
  - { id: nudge, action: SEND_EMAIL, template: nudge }
edges:
  - { from: intro, trigger: REPLIED }
  - { from: intro, to: nudge, trigger: NOT_REPLIED, within: 6s }
  - { from: nudge, trigger: END }
`;

describe('an email sequence on the Temporal dev server, over SMTP and a real IMAP server', function () {
  this.timeout(240_000);
  let server: TestWorkflowEnvironment;
  let db: Knex;
  let dovecot: Dovecot | undefined;
  let smtp: FakeSmtp;
  let adapter: EmailAdapter;
  let output: CapturedOutput;

  before(async function () {
    const binary = dovecotOrSkip(this);
    [server, db, dovecot, smtp] = await Promise.all([
      startDevServer(),
      isolatedDb(),
      startDovecot(binary, { [IMAP_LOGIN.user]: IMAP_LOGIN.pass }),
      startFakeSmtp(SMTP_LOGIN),
    ]);
    adapter = createEmailAdapter({ credentials: credentials(ENV) });
  });
  after(async () => {
    adapter?.close();
    await Promise.all([server?.teardown(), dovecot?.stop(), smtp?.close()]);
  });
  beforeEach(() => (output = captureOutput()));
  afterEach(() => output.stop());

  it('takes each lead down the branch its mailbox answers, threading the follow-up', async () => {
    const mailbox = dovecot as Dovecot;
    const handle = uniqueName('alice');
    await upsertSenderAccount(db, {
      channel: 'email',
      provider: EMAIL_PROVIDER,
      handle,
      hourlyCap: 100,
      // Real time on the dev server: the whole test is one burst, not paced minutes apart like production.
      minIntervalMs: 0,
      burst: 100,
      dailyCap: 1000,
      settings: emailSettings({ smtp: smtp.port, imap: mailbox.port }, { imap: { host: '127.0.0.1', port: mailbox.port, secure: false, requireTLS: false, sentFolder: 'Sent' } }),
      credentialsRef: CREDENTIALS_REF,
      status: 'active',
    });
    const address = (name: string) => `${uniqueName(name)}@example.net`;
    const leads = { replier: address('rita'), autoReplier: address('otto'), bouncer: address('bea'), rejected: address('ralf') };
    const ids = {
      replier: await createLead(db, { person: { firstName: 'Rita', email: leads.replier } }),
      autoReplier: await createLead(db, { person: { firstName: 'Otto', email: leads.autoReplier } }),
      bouncer: await createLead(db, { person: { firstName: 'Bea', email: leads.bouncer } }),
      rejected: await createLead(db, { person: { firstName: 'Ralf', email: leads.rejected } }),
    };
    smtp.behaviour.rcptTo = (to) => (to === leads.rejected ? SMTP_REPLIES.userUnknown : undefined);
    const graph = compileSequence(SEQUENCE);
    await publishSequenceVersion(db, graph, SEQUENCE);
    const taskQueue = uniqueName('email');
    const worker = await createJourneyWorker({
      connection: server.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { db, channels: channelRegistry([adapter]), tickMs: TICK_MS },
    });

    // What the lead's side and the provider do with each message that arrives: the provider keeps a copy in
    // Sent (as Gmail does); Rita replies, Otto's out-of-office answers, Bea's mailbox does not exist.
    const robot = answerEachMessage(smtp, async (mail) => {
      const original: Original = { messageId: mail.parsed.messageId ?? '', subject: mail.parsed.subject ?? '', ours: OUR_ADDRESS, theirs: mail.envelope.to[0] ?? '' };
      const inbox = original.theirs === leads.replier ? replyTo(original)
        : original.theirs === leads.autoReplier && !mail.parsed.inReplyTo ? autoReplyTo(original)
          : original.theirs === leads.bouncer ? bounceOf(original, '5.1.1')
            : undefined;
      await appendMessages(mailbox, IMAP_LOGIN, 'Sent', [{ raw: mail.raw }]);
      if (inbox) await appendMessages(mailbox, IMAP_LOGIN, 'INBOX', [{ raw: inbox }]);
    });

    const wf = (personId: string) => journeyWorkflowId(graph.name, personId);
    try {
      await worker.runUntil(async () => {
        const started = await startJourneys(server.client, db, { sequenceName: graph.name, personIds: Object.values(ids), taskQueue });
        assert.equal(started.started.length, 4);
        await Promise.all(Object.values(ids).map((id) => server.client.workflow.getHandle(wf(id)).result()));
      });
    } finally {
      await robot.stop();
    }

    const to = (address: string) => smtp.received.filter((m) => m.envelope.to.includes(address));
    const triggers = async (personId: string) =>
      (await listEvents(db, wf(personId))).filter((e) => e.type === 'branch_taken').map((e) => e.detail.trigger);

    assert.deepEqual(await triggers(ids.replier), ['REPLIED']);
    assert.equal((await getEnrollment(db, wf(ids.replier)))?.status, 'completed');
    assert.deepEqual(to(leads.replier).map((m) => m.parsed.subject), ['Quick question, Rita']);

    assert.deepEqual(await triggers(ids.autoReplier), ['NOT_REPLIED']);
    assert.equal((await getEnrollment(db, wf(ids.autoReplier)))?.status, 'completed');
    const [intro, nudge] = to(leads.autoReplier);
    assert.equal(nudge?.parsed.subject, 'Re: Quick question, Otto');
    assert.equal(nudge?.parsed.inReplyTo, intro?.parsed.messageId);
    assert.equal(nudge?.parsed.text?.trim(), 'Just bumping this, Otto.');
    assert.match(intro?.raw ?? '', /\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n/);

    const bounced = await getEnrollment(db, wf(ids.bouncer));
    assert.equal(bounced?.status, 'failed');
    assert.match(bounced?.endReason ?? '', /mailbox does not exist \(bounce 5\.1\.1\)/);
    assert.equal(to(leads.bouncer).length, 1);

    const rejected = await getEnrollment(db, wf(ids.rejected));
    assert.equal(rejected?.status, 'failed');
    assert.match(rejected?.endReason ?? '', /550 5\.1\.1/);
    assert.equal(to(leads.rejected).length, 0);

    const replied = (await listEvents(db, wf(ids.replier))).find((e) => e.type === 'outcome_observed');
    assert.equal(replied?.detail.observation, 'replied');
    const sent = (await listEvents(db, wf(ids.replier))).find((e) => e.type === 'action_sent');
    assert.equal(sent?.providerId, to(leads.replier)[0]?.parsed.messageId);

    await assertNoSecrets({ client: server.client, db, workflowIds: Object.values(ids).map(wf), secrets: Object.values(ENV), logs: output.text() });
  });
});

/** Runs `answer` once for every message the SMTP server receives, in order, until stopped. */
function answerEachMessage(smtp: FakeSmtp, answer: (mail: ReceivedMail) => Promise<void>): { stop(): Promise<void> } {
  let done = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const next = smtp.received[done];
      if (next) {
        await answer(next);
        done++;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
