import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { EMAIL_PROVIDER, createEmailAdapter, type EmailAdapter } from '../../src/channels/email/adapter';
import { channelRegistry } from '../../src/channels/registry';
import { sandboxAdapters } from '../../src/channels/sandbox';
import { startJourneys } from '../../src/client/start-journeys';
import { publishSequenceVersion } from '../../src/db/sequences';
import { getSenderAccount, upsertSenderAccount, type SenderAccount } from '../../src/db/senderAccounts';
import type { Supervised } from '../../src/ingest/listeners/supervise';
import { suppressionOf } from '../../src/suppression/check';
import { cachedSuppressionKey } from '../../src/suppression/key';
import { createJourneyWorker } from '../../src/worker/create-worker';
import { journeyBundle } from '../support/temporal';
import { isTerminal } from '../../workflows/vocabulary';
import { compileSequence, createLead, journeyHandle, skipTo, stateWhen, uniqueName, useJourneyHarness, SIX_HOURS } from '../support/journeys';
import { dovecotOrSkip, startDovecot, type Dovecot } from '../support/mail/dovecot';
import { appendMessages, bounceOf, complaintOf, type Original } from '../support/mail/mailbox';
import { startFakeSmtp, type FakeSmtp } from '../support/mail/smtp';
import { EMAIL_THEN_NUDGE } from '../support/sequences';
import { CREDENTIALS_REF, IMAP_LOGIN, OUR_ADDRESS, SMTP_LOGIN, credentials, emailSettings } from '../channels/email/fixtures';
import { Heard, until } from './listeners/harness';
import { imapIntoPipeline } from './listeners/imap-into-pipeline';

describe('bounces and complaints reaching the mailbox (real SMTP sends, a real Dovecot, the IMAP IDLE listener)', function () {
  this.timeout(180_000);
  const h = useJourneyHarness();
  let dovecot: Dovecot | undefined;
  let smtp: FakeSmtp;
  let adapter: EmailAdapter;
  let running: Supervised | undefined;

  before(async function () {
    const binary = dovecotOrSkip(this);
    [dovecot, smtp] = await Promise.all([startDovecot(binary, { [IMAP_LOGIN.user]: IMAP_LOGIN.pass }), startFakeSmtp(SMTP_LOGIN)]);
    adapter = createEmailAdapter({ credentials: credentials() });
  });
  after(async () => {
    await running?.stop();
    adapter?.close();
    await Promise.all([dovecot?.stop(), smtp?.close()]);
  });

  /** The mailbox account the journeys send from, its IMAP IDLE listener feeding the pipeline. */
  async function listeningAccount(heard: Heard): Promise<SenderAccount> {
    const mailbox = dovecot as Dovecot;
    const id = await upsertSenderAccount(h.db, {
      channel: 'email',
      provider: EMAIL_PROVIDER,
      handle: `alice-${randomUUID().slice(0, 8)}@outreach.example.com`,
      hourlyCap: 100,
      dailyCap: 1000,
      minIntervalMs: 0,
      burst: 100,
      credentialsRef: CREDENTIALS_REF,
      settings: emailSettings({ smtp: smtp.port, imap: mailbox.port }),
      status: 'active',
    });
    const account = (await getSenderAccount(h.db, id)) as SenderAccount;
    running = await imapIntoPipeline({ db: h.db, temporal: h.env.client }, account, heard);
    return account;
  }

  it('suppresses a 5.1.1 on email, and a complaint globally, named by Original-Rcpt-To or by our quoted message', async () => {
    const heard = new Heard();
    const account = await listeningAccount(heard);
    const address = (name: string) => `${uniqueName(name)}@example.net`;
    const leads = { bouncer: address('bea'), complainer: address('cole'), redacted: address('dora'), bystander: address('eve') };
    const ids = Object.fromEntries(await Promise.all(Object.entries(leads).map(async ([who, email]) => [who, await createLead(h.db, { person: { email } })] as const))) as Record<keyof typeof leads, string>;
    await h.db('sender_assignments').insert(Object.values(ids).map((person_id) => ({ person_id, channel: 'email', sender_account_id: account.id, assigned_at: h.db.fn.now() })));
    const graph = compileSequence(EMAIL_THEN_NUDGE);
    await publishSequenceVersion(h.db, graph, JSON.stringify(graph));
    const taskQueue = uniqueName('q');
    const worker = await createJourneyWorker({
      connection: h.env.nativeConnection,
      namespace: h.env.namespace ?? 'default',
      taskQueue,
      deps: { db: h.db, channels: channelRegistry([adapter, ...sandboxAdapters(h.db)]), tickMs: SIX_HOURS },
      workflowBundle: await journeyBundle(),
    });
    const handles = Object.values(ids).map((id) => journeyHandle(h, graph.name, id));

    const ended = await worker.runUntil(async () => {
      await startJourneys(h.env.client, h.db, { sequenceName: graph.name, personIds: Object.values(ids), taskQueue });
      const first = await stateWhen(handles[0]!, 'a scheduled first send', (s) => s.nextActionAt !== null);
      await skipTo(h.env, Date.parse(first.nextActionAt as string) + 60_000);
      for (const handle of handles) await stateWhen(handle, 'the first send', (s) => s.sent.length === 1 && s.nextActionAt !== null);
      assert.equal(smtp.received.length, 4, 'each lead was mailed over SMTP');

      const original = (to: string): Original => {
        const mail = smtp.received.find((m) => m.envelope.to.includes(to));
        return { messageId: mail?.parsed.messageId ?? '', subject: mail?.parsed.subject ?? '', ours: OUR_ADDRESS, theirs: to };
      };
      await appendMessages(dovecot as Dovecot, IMAP_LOGIN, 'INBOX', [
        { raw: bounceOf(original(leads.bouncer), '5.1.1') },
        { raw: complaintOf(original(leads.complainer)) },
        { raw: complaintOf(original(leads.redacted), { redacted: true }) },
      ]);
      await until('the three reports are heard and handled', async () => Number((await h.db('bounce_reports').where({ sender_account_id: account.id }).count({ n: '*' }).first())?.n) === 3);
      const states = [];
      for (const handle of handles.slice(0, 3)) states.push(await stateWhen(handle, 'the journey ended', (s) => isTerminal(s.status)));
      // The bystander's journey runs on to its nudge; one at a time, as the test server's clock wants.
      for (const handle of handles) await handle.result();
      return states;
    });

    const ourMessageTo = (to: string) => smtp.received.find((m) => m.envelope.to.includes(to))?.parsed.messageId;
    assert.deepEqual(heard.events.map((e) => [e.type, e.inReplyTo]), [
      ['email.bounced', ourMessageTo(leads.bouncer)],
      ['email.complained', ourMessageTo(leads.complainer)],
      ['email.complained', ourMessageTo(leads.redacted)],
    ]);
    assert.deepEqual(ended.map((s) => [s.status, s.endReason]), [['cancelled', 'suppressed'], ['cancelled', 'suppressed'], ['cancelled', 'suppressed']]);
    const key = await cachedSuppressionKey(h.db);
    const held = async (personId: string, channel?: 'email' | 'x') => {
      const s = await suppressionOf(h.db, key, personId, channel ? { channel } : {});
      return s && [s.reason, s.scope.scope];
    };
    assert.deepEqual(await held(ids.bouncer, 'email'), ['bounced', 'channel']);
    assert.equal(await held(ids.bouncer, 'x'), undefined, 'a bounce keeps the address from email only');
    assert.deepEqual(await held(ids.complainer), ['complained', 'global']);
    assert.deepEqual(await held(ids.redacted), ['complained', 'global'], 'found through the message it quotes');
    assert.equal(await held(ids.bystander, 'email'), undefined);
    const reports = await h.db('bounce_reports').where({ sender_account_id: account.id }).orderBy('id').select('kind', 'status', 'outcome', 'journeys_ended');
    assert.deepEqual(reports.map((r) => [r.kind, r.status, r.outcome, r.journeys_ended]), [
      ['hard', '5.1.1', 'suppressed', 1],
      ['complaint', 'abuse', 'suppressed', 1],
      ['complaint', 'abuse', 'suppressed', 1],
    ]);
    assert.equal(smtp.received.filter((m) => m.envelope.to.includes(leads.bystander)).length, 2, 'the bystander got the nudge; nobody else did');
    assert.equal(smtp.received.length, 5);
  });
});

