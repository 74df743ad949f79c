import assert from 'node:assert/strict';
import { createEmailAdapter, type EmailAdapter } from '../../../src/channels/email/adapter';
import { RecipientUnreachableError, SenderAccountError } from '../../../src/channels/errors';
import type { SenderAccount } from '../../../src/db/senderAccounts';
import { dovecotOrSkip, startDovecot, type Dovecot } from '../../support/mail/dovecot';
import { appendMessages, autoReplyTo, bounceOf, replyTo, type Original } from '../../support/mail/mailbox';
import { startFakeSmtp, type FakeSmtp } from '../../support/mail/smtp';
import { ENV, IMAP_LOGIN, OUR_ADDRESS, SMTP_LOGIN, account, checkRequest, credentials, emailSettings, lead, sendRequest } from './fixtures';

describe('email adapter: replies, bounces and retries over IMAP (Dovecot)', function () {
  this.timeout(60_000);
  let dovecot: Dovecot | undefined;
  let smtp: FakeSmtp;
  let adapter: EmailAdapter;
  let sender: SenderAccount;

  before(async function () {
    const binary = dovecotOrSkip(this);
    [dovecot, smtp] = await Promise.all([startDovecot(binary, { [IMAP_LOGIN.user]: IMAP_LOGIN.pass }), startFakeSmtp(SMTP_LOGIN)]);
    adapter = createEmailAdapter({ credentials: credentials() });
  });
  after(async () => {
    adapter?.close();
    await Promise.all([dovecot?.stop(), smtp?.close()]);
  });
  beforeEach(() => {
    sender = account(emailSettings({ smtp: smtp.port, imap: server().port }));
  });

  const server = () => {
    if (!dovecot) throw new Error('dovecot is not running');
    return dovecot;
  };
  const put = (folder: string, ...messages: { raw: string; at?: Date }[]) => appendMessages(server(), IMAP_LOGIN, folder, messages);

  /** Sends one email through the fake SMTP server and returns what a reply needs to know about it. */
  async function sent(to = lead()): Promise<{ original: Original; to: typeof to; since: Date }> {
    const since = new Date(Date.now() - 1000);
    const result = await adapter.sendEmail(sendRequest(sender, to));
    return { original: { messageId: result.providerId, subject: 'Quick question', ours: OUR_ADDRESS, theirs: to.email ?? '' }, to, since };
  }

  it('sees a reply threaded to our message, with the time it arrived', async () => {
    const { original, to, since } = await sent();
    const arrived = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000);
    await put('INBOX', { raw: replyTo(original), at: arrived });

    const outcome = await adapter.checkReplied(checkRequest(sender, to, [original.messageId], since));
    assert.equal(outcome?.observation, 'replied');
    assert.equal(outcome?.at.toISOString(), arrived.toISOString());
    assert.match(outcome?.providerId ?? '', /@mail\.example\.net>$/);
    assert.equal(outcome?.positive, undefined);
  });

  it('sees nothing before the reply arrives, nor a reply from before `since`, nor one to another message', async () => {
    const { original, to, since } = await sent();
    assert.equal(await adapter.checkReplied(checkRequest(sender, to, [original.messageId], since)), undefined);
    const other = await sent();
    await put('INBOX', { raw: replyTo(other.original) });
    await put('INBOX', { raw: replyTo(original), at: new Date(since.getTime() - 3_600_000) });
    assert.equal(await adapter.checkReplied(checkRequest(sender, to, [original.messageId], since)), undefined);
  });

  it('does not count automatic answers as replies', async () => {
    const { original, to, since } = await sent();
    await put(
      'INBOX',
      { raw: autoReplyTo(original, ['Auto-Submitted: auto-replied']) },
      { raw: autoReplyTo(original, ['X-Autoreply: yes']) },
      { raw: autoReplyTo(original, ['X-Autorespond: Out of office']) },
      { raw: autoReplyTo(original, ['Precedence: bulk']) },
      { raw: autoReplyTo({ ...original, subject: 'x' }, []).replace('Subject: Re: x', 'Subject: Out of Office: Quick question') },
    );
    assert.equal(await adapter.checkReplied(checkRequest(sender, to, [original.messageId], since)), undefined);
    await put('INBOX', { raw: replyTo(original, ['Auto-Submitted: no']) });
    assert.equal((await adapter.checkReplied(checkRequest(sender, to, [original.messageId], since)))?.observation, 'replied');
  });

  it('stops the journey on a hard bounce (5.1.1) for one of our messages', async () => {
    const { original, to, since } = await sent();
    await put('INBOX', { raw: bounceOf(original, '5.1.1') });
    const error = await adapter.checkReplied(checkRequest(sender, to, [original.messageId], since)).then(
      () => assert.fail('expected a rejection'),
      (e: Error) => e,
    );
    assert.ok(error instanceof RecipientUnreachableError, String(error));
    assert.match(error.message, /mailbox does not exist \(bounce 5\.1\.1\)/);
    assert.ok(!error.message.includes(to.email ?? '?'));
  });

  it('ignores delays, policy refusals and full mailboxes, which say nothing about the mailbox existing', async () => {
    const { original, to, since } = await sent();
    await put('INBOX', { raw: bounceOf(original, '4.4.7') }, { raw: bounceOf(original, '5.7.1') }, { raw: bounceOf(original, '5.2.2') });
    assert.equal(await adapter.checkReplied(checkRequest(sender, to, [original.messageId], since)), undefined);
  });

  it('looks in every folder the settings name', async () => {
    sender = account(emailSettings({ smtp: smtp.port, imap: server().port }).valueOf() as Record<string, unknown>);
    const settings = sender.settings as { imap: Record<string, unknown> };
    settings.imap.folders = ['INBOX', 'Leads'];
    const { original, to, since } = await sent();
    await put('Leads', { raw: replyTo(original) });
    assert.equal((await adapter.checkReplied(checkRequest(sender, to, [original.messageId], since)))?.observation, 'replied');
  });

  it('does not send a retry whose first attempt is already in the Sent folder', async () => {
    const settings = sender.settings as { imap: Record<string, unknown> };
    settings.imap.sentFolder = 'Sent';
    const to = lead();
    const request = sendRequest(sender, to);
    const before = smtp.received.length;
    const first = await adapter.sendEmail(request);
    const copy = smtp.received[smtp.received.length - 1];
    assert.ok(copy);
    await put('Sent', { raw: copy.raw });

    const retried = await adapter.sendEmail({ ...request, attempt: 2 });
    assert.equal(retried.providerId, first.providerId);
    assert.equal(smtp.received.length, before + 1, 'the retry sent nothing');

    const other = sendRequest(sender, to);
    await adapter.sendEmail({ ...other, attempt: 2 });
    assert.equal(smtp.received.length, before + 2, 'a retry whose first attempt is not in Sent is sent');
  });

  it('names a follow-up without a subject after the first message, read from the Sent folder', async () => {
    const settings = sender.settings as { imap: Record<string, unknown> };
    settings.imap.sentFolder = 'Sent';
    const to = lead();
    const first = await adapter.sendEmail(sendRequest(sender, to, { message: { subject: 'Your release train', body: 'Hi' } }));
    await put('Sent', { raw: smtp.received[smtp.received.length - 1]?.raw ?? '' });
    await adapter.sendEmail(sendRequest(sender, to, { earlierProviderIds: [first.providerId], message: { body: 'Bump' } }));
    assert.equal(smtp.received[smtp.received.length - 1]?.parsed.subject, 'Re: Your release train');
  });

  it('stops the account when the IMAP login is refused', async () => {
    const wrong = createEmailAdapter({ credentials: credentials({ ...ENV, ALICE_IMAP_PASS: 'wrong-password' }) });
    const error = await wrong.checkReplied(checkRequest(sender, lead(), ['<a@b.c>'], new Date())).then(
      () => assert.fail('expected a rejection'),
      (e: Error) => e,
    );
    assert.ok(error instanceof SenderAccountError, String(error));
    assert.match(error.message, /email:alice@outreach\.example\.com: the IMAP server refused our login \(NO AUTHENTICATIONFAILED\)/);
    assert.ok(!error.message.includes('wrong-password'));
  });

  it('stops the account when a folder it names does not exist', async () => {
    const settings = sender.settings as { imap: Record<string, unknown> };
    settings.imap.folders = ['INBOX', 'No such folder'];
    await assert.rejects(
      adapter.checkReplied(checkRequest(sender, lead(), ['<a@b.c>'], new Date())),
      (e: Error) => e instanceof SenderAccountError && /"No such folder" does not exist/.test(e.message),
    );
  });

  it('retries a check when the IMAP server does not answer', async () => {
    const down = account(emailSettings({ smtp: smtp.port, imap: 1 }));
    const error = await adapter.checkReplied(checkRequest(down, lead(), ['<a@b.c>'], new Date())).then(
      () => assert.fail('expected a rejection'),
      (e: Error) => e,
    );
    assert.equal(error.constructor, Error);
    assert.match(error.message, /IMAP failed, will retry \(ECONNREFUSED\)/);
  });

  it('cannot tell without IMAP settings, and does not try', async () => {
    const smtpOnly = account(emailSettings({ smtp: smtp.port }));
    assert.equal(await adapter.checkReplied(checkRequest(smtpOnly, lead(), ['<a@b.c>'], new Date())), undefined);
  });
});
