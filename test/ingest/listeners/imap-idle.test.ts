import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { messageIdFor } from '../../../src/channels/email/message';
import { domainOf } from '../../../src/channels/email/settings';
import { eventSourcesOf } from '../../../src/db/event-sources';
import { readWatermark } from '../../../src/db/listener-watermarks';
import { getSenderAccount, upsertSenderAccount, type SenderAccount } from '../../../src/db/senderAccounts';
import { imapIdleListener, type ImapLimits } from '../../../src/ingest/listeners/imap-idle';
import { MAX_EVENT_TEXT_CHARS } from '../../../src/ingest/provider-event';
import { supervise, type Supervised } from '../../../src/ingest/listeners/supervise';
import { testDb } from '../../support/database';
import { dovecotOrSkip, startDovecot, type Dovecot } from '../../support/mail/dovecot';
import { appendMessages, autoReplyTo, replyTo, type Original } from '../../support/mail/mailbox';
import { CREDENTIALS_REF, IMAP_LOGIN, OUR_ADDRESS, credentials, emailSettings } from '../../channels/email/fixtures';
import { FAST_BACKOFF, Heard, until } from './harness';

describe('IMAP IDLE listener (a real Dovecot)', function () {
  this.timeout(120_000);
  let dovecot: Dovecot | undefined;
  let db: Knex;
  let running: Supervised | undefined;

  before(async function () {
    const binary = dovecotOrSkip(this);
    [dovecot, db] = await Promise.all([startDovecot(binary, { [IMAP_LOGIN.user]: IMAP_LOGIN.pass }), testDb()]);
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  after(async () => {
    await dovecot?.stop();
  });

  const server = () => {
    if (!dovecot) throw new Error('dovecot is not running');
    return dovecot;
  };
  const put = (...raws: string[]) => appendMessages(server(), IMAP_LOGIN, 'INBOX', raws.map((raw) => ({ raw })));

  async function emailAccount(): Promise<SenderAccount> {
    const id = await upsertSenderAccount(db, {
      channel: 'email',
      provider: 'smtp-imap',
      handle: `listener-${randomUUID().slice(0, 8)}@outreach.example.com`,
      hourlyCap: 10,
      dailyCap: 100,
      credentialsRef: CREDENTIALS_REF,
      settings: emailSettings({ smtp: 2525, imap: server().port }),
    });
    return (await getSenderAccount(db, id))!;
  }

  /** One of our messages, as a reply would quote it. */
  function ours(): Original {
    return {
      messageId: messageIdFor(`journey-${randomUUID()}:intro:1`, domainOf(OUR_ADDRESS)),
      subject: 'Quick question',
      ours: OUR_ADDRESS,
      theirs: `rita-${randomUUID().slice(0, 8)}@example.net`,
    };
  }

  async function listen(account: SenderAccount, heard: Heard, limits: Partial<ImapLimits> = {}): Promise<void> {
    running = supervise(imapIdleListener(account, { db, deliver: heard.deliver, credentials: credentials(), limits }), {
      db,
      log: heard.log,
      backoff: FAST_BACKOFF,
    });
    await connected(account);
  }

  async function connected(account: SenderAccount): Promise<void> {
    await until('the listener reports connected and has its watermark', async () => {
      const [source] = await eventSourcesOf(db, [account.id]);
      return source?.state === 'connected' && (await readWatermark(db, account.id, 'imap-idle')) !== undefined;
    });
  }

  const messageIdOf = (raw: string) => /^Message-ID: (.+)$/m.exec(raw)![1]!.trim();

  it('hears a reply appended to the mailbox through IDLE, with no check and no tick, with its text, and nothing that is not a reply to us', async () => {
    const account = await emailAccount();
    const heard = new Heard();
    await listen(account, heard);

    const original = ours();
    const reply = replyTo(original);
    await put(replyTo({ ...original, messageId: '<someone-else@example.org>' }), reply);

    await until('the reply is delivered', () => heard.events.length > 0);
    await until('the state records the event', async () => (await eventSourcesOf(db, [account.id]))[0]?.lastEventAt !== null);
    const [event] = heard.events;
    assert.equal(heard.events.length, 1);
    assert.deepEqual(
      { origin: event?.origin, type: event?.type, from: event?.from, inReplyTo: event?.inReplyTo, senderAccountId: event?.senderAccountId },
      { origin: 'imap', type: 'email.reply.received', from: { email: original.theirs }, inReplyTo: original.messageId, senderAccountId: account.id },
    );
    assert.equal(event?.providerEventId, `${account.id}/${messageIdOf(reply)}`);
    assert.ok(!Number.isNaN(Date.parse(event?.occurredAt ?? '')));
    assert.equal(event?.text?.trim(), 'Sounds good, tell me more.');
    assert.equal(event?.subject, 'Re: Quick question');
    assert.deepEqual(event?.headers, { from: original.theirs, 'content-type': 'text/plain; charset=utf-8', 'return-path': `<${original.theirs}>` });
    assert.ok(heard.logged('listener waiting for new mail (IMAP IDLE)'));
    assert.ok(!JSON.stringify(heard.logs).includes('Sounds good'), 'no message body in the logs');
  });

  it("hears an automatic answer with the headers that mark it and its text, for the classifier to read, and no more of a big message than its bound", async () => {
    const account = await emailAccount();
    const heard = new Heard();
    await listen(account, heard);
    const away = autoReplyTo(ours());
    const long = replyTo(ours(), [], `Please remove me from your list.\n\n${'> quoted history\n'.repeat(20_000)}`);
    await put(away, long);
    await until('both are delivered', () => heard.events.length === 2);
    const [automatic, big] = heard.events;
    assert.equal(automatic?.type, 'email.reply.received');
    assert.equal(automatic?.headers?.['auto-submitted'], 'auto-replied');
    assert.equal(automatic?.text?.trim(), 'I am out of the office until Monday.');
    assert.match(big?.text ?? '', /^Please remove me from your list\./);
    assert.equal(big?.text?.length, MAX_EVENT_TEXT_CHARS, 'the text is cut to its bound');
    assert.ok(!JSON.stringify(heard.logs).includes('out of the office'), 'no message body in the logs');
  });

  it('reconnects after Dovecot restarts and delivers, exactly once, the mail that arrived while it was down', async () => {
    const account = await emailAccount();
    const heard = new Heard();
    await listen(account, heard);

    const before = replyTo(ours());
    await put(before);
    await until('the first reply is delivered', () => heard.count(`${account.id}/${messageIdOf(before)}`) === 1);

    const whileDown = replyTo(ours());
    await server().restart(() => server().deliverToMaildir(IMAP_LOGIN.user, whileDown));
    await until('the reply delivered while the server was down arrives', () => heard.count(`${account.id}/${messageIdOf(whileDown)}`) === 1);
    assert.ok(heard.logged('listener disconnected; reconnecting'));
    await connected(account);

    const after = replyTo(ours());
    await put(after);
    await until('a reply after the restart arrives', () => heard.count(`${account.id}/${messageIdOf(after)}`) === 1);
    for (const raw of [before, whileDown, after]) assert.equal(heard.count(`${account.id}/${messageIdOf(raw)}`), 1);
    assert.equal(heard.events.length, 3);
  });

  it('re-reads recent mail when UIDVALIDITY changes, and the events keep their ids', async () => {
    const account = await emailAccount();
    const heard = new Heard();
    await listen(account, heard);
    const first = replyTo(ours());
    await put(first);
    await until('the first reply is delivered', () => heard.events.length === 1);
    const { uidValidity: before } = (await readWatermark(db, account.id, 'imap-idle'))!;

    const renumbered = replyTo(ours());
    await server().restart(async () => {
      await server().renumberInbox(IMAP_LOGIN.user);
      await server().deliverToMaildir(IMAP_LOGIN.user, renumbered);
    });
    await until('the reply delivered while the folder was renumbered arrives', () => heard.count(`${account.id}/${messageIdOf(renumbered)}`) === 1);
    assert.ok(heard.logged('IMAP UIDVALIDITY changed; re-reading recent mail'));
    // The watermark moves once the batch is delivered: just after the event, not with it.
    await until('the watermark is under the new UIDVALIDITY', async () => (await readWatermark(db, account.id, 'imap-idle'))?.uidValidity !== before);
    // The re-read brings the day's mail again (other tests' replies too: the mailbox is shared), each under
    // its Message-ID, never its new UID: an event heard before keeps its id, which the pipeline stores once.
    const ids = heard.events.map((e) => e.providerEventId);
    assert.ok(ids.includes(`${account.id}/${messageIdOf(first)}`));
    assert.ok(ids.every((id) => /^\d+\/<[^<>]+@mail\.example\.net>$/.test(id)), ids.join(', '));

    const next = replyTo(ours());
    await put(next);
    await until('the next reply arrives under the new UIDVALIDITY', () => heard.count(`${account.id}/${messageIdOf(next)}`) === 1);
  });

  it('skips (and logs) a message over the size limit, reads the rest, and reads a backlog in batches', async () => {
    const account = await emailAccount();
    const heard = new Heard();
    await listen(account, heard, { maxMessageBytes: 4_000, batchSize: 2 });
    const big = replyTo(ours(), [], 'x'.repeat(10_000));
    const small = [replyTo(ours()), replyTo(ours()), replyTo(ours())];
    await put(big, ...small);
    await until('the small replies are delivered', () => heard.events.length === small.length);
    assert.deepEqual(heard.events.map((e) => e.providerEventId), small.map((raw) => `${account.id}/${messageIdOf(raw)}`));
    const skipped = heard.logs.find((l) => l.message === 'IMAP message skipped: over the size limit');
    assert.equal(skipped?.limit, 4_000);
  });

  it('stops cleanly: the connection is closed and the state says so', async () => {
    const account = await emailAccount();
    const heard = new Heard();
    await listen(account, heard);
    await running?.stop();
    running = undefined;
    const [source] = await eventSourcesOf(db, [account.id]);
    assert.deepEqual({ state: source?.state, lastError: source?.lastError, live: source?.live }, { state: 'disconnected', lastError: 'listener stopped', live: false });
    assert.ok(heard.logged('listener stopped'));
  });
});
