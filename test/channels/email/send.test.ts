import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { createEmailAdapter, type EmailAdapter } from '../../../src/channels/email/adapter';
import { InvalidMessageError, RecipientUnreachableError, SenderAccountError } from '../../../src/channels/errors';
import { SMTP_REPLIES, startFakeSmtp, type FakeSmtp } from '../../support/mail/smtp';
import {
  CREDENTIALS_REF,
  ENV,
  OUR_ADDRESS,
  SMTP_LOGIN,
  account,
  credentials,
  emailSettings,
  lead,
  sendRequest,
} from './fixtures';

describe('email adapter: sending over SMTP', () => {
  let smtp: FakeSmtp;
  let adapter: EmailAdapter;
  const fixedNow = new Date('2026-03-02T09:00:00Z');

  before(async () => {
    smtp = await startFakeSmtp(SMTP_LOGIN);
  });
  beforeEach(() => {
    smtp.received.length = 0;
    smtp.behaviour.rcptTo = undefined;
    smtp.behaviour.data = undefined;
    adapter = createEmailAdapter({ credentials: credentials(), now: () => fixedNow });
  });
  afterEach(() => adapter.close());
  after(async () => {
    await smtp.close();
  });

  it('sends text and HTML from the account to the lead with a Message-ID made from the idempotency key', async () => {
    const sender = account(emailSettings({ smtp: smtp.port }));
    const to = lead();
    const request = sendRequest(sender, to, { message: { subject: 'Quick question', body: 'Hi Rita,\n\n<b>How</b> do you ship?\nThanks' } });

    const result = await adapter.sendEmail(request);

    const [mail] = smtp.received;
    assert.ok(mail);
    assert.deepEqual(mail.envelope, { from: OUR_ADDRESS, to: [to.email] });
    assert.equal(mail.parsed.messageId, result.providerId);
    assert.match(result.providerId, /^<[0-9a-f]{32}\.outreach@outreach\.example\.com>$/);
    assert.ok(!result.providerId.includes('journey'), 'the Message-ID does not show the idempotency key');
    assert.equal(result.sentAt, request.at);
    assert.equal(mail.parsed.from?.text, `"Alice Example" <${OUR_ADDRESS}>`);
    assert.equal(mail.parsed.subject, 'Quick question');
    assert.equal(mail.parsed.date?.toISOString(), fixedNow.toISOString());
    assert.equal(mail.parsed.text?.trim(), 'Hi Rita,\n\n<b>How</b> do you ship?\nThanks');
    assert.match(String(mail.parsed.html), /<p>Hi Rita,<\/p>\n<p>&#60;b&#62;How&#60;\/b&#62; do you ship\?<br>\nThanks<\/p>/);
    assert.equal(mail.parsed.headers.get('in-reply-to'), undefined);
  });

  it('gives a retried send the same Message-ID and another send a different one', async () => {
    const sender = account(emailSettings({ smtp: smtp.port }));
    const request = sendRequest(sender, lead());
    const first = await adapter.sendEmail(request);
    const again = await adapter.sendEmail({ ...request, attempt: 2 });
    const other = await adapter.sendEmail({ ...request, idempotencyKey: `${request.idempotencyKey}x` });
    assert.equal(again.providerId, first.providerId);
    assert.notEqual(other.providerId, first.providerId);
  });

  it("adds List-Unsubscribe with the send's token and RFC 8058 one-click for the https link", async () => {
    const sender = account(emailSettings({ smtp: smtp.port }));
    const request = sendRequest(sender, lead());
    await adapter.sendEmail(request);

    const raw = smtp.received[0]?.raw ?? '';
    const header = unfolded(raw, 'List-Unsubscribe');
    const url = header.match(/<(https:[^>]+)>/)?.[1];
    assert.ok(url, header);
    assert.equal(new URL(url).searchParams.get('token'), request.unsubscribeToken);
    assert.match(header, new RegExp(`<mailto:unsubscribe@outreach\\.example\\.com\\?subject=unsubscribe%20${encodeURIComponent(request.unsubscribeToken ?? '')}>`));
    assert.equal(unfolded(raw, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  });

  it('takes an http link only for a loopback host', async () => {
    for (const url of ['http://127.0.0.1:8080/unsubscribe', 'http://localhost/unsubscribe']) {
      await adapter.sendEmail(sendRequest(account(emailSettings({ smtp: smtp.port }, { unsubscribe: { url } })), lead()));
    }
    assert.deepEqual(
      smtp.received.map((m) => unfolded(m.raw, 'List-Unsubscribe-Post')),
      ['List-Unsubscribe=One-Click', 'List-Unsubscribe=One-Click'],
    );
  });

  it('leaves out one-click when there is only a mailto, and both headers when nothing is set', async () => {
    const mailtoOnly = account(emailSettings({ smtp: smtp.port }, { unsubscribe: { mailto: 'unsubscribe@outreach.example.com' } }));
    await adapter.sendEmail(sendRequest(mailtoOnly, lead()));
    const none = account(emailSettings({ smtp: smtp.port }, { unsubscribe: undefined }), { smtpUser: CREDENTIALS_REF.smtpUser, smtpPass: CREDENTIALS_REF.smtpPass });
    await adapter.sendEmail(sendRequest(none, lead()));

    assert.match(unfolded(smtp.received[0]?.raw ?? '', 'List-Unsubscribe'), /^<mailto:/);
    assert.equal(unfolded(smtp.received[0]?.raw ?? '', 'List-Unsubscribe-Post'), '');
    assert.equal(unfolded(smtp.received[1]?.raw ?? '', 'List-Unsubscribe'), '');
  });

  it('threads a follow-up under the earlier messages and names it after the default subject when it has none', async () => {
    const sender = account(emailSettings({ smtp: smtp.port }, { defaultSubject: 'Releases at your team' }));
    const to = lead();
    const first = await adapter.sendEmail(sendRequest(sender, to, { message: { body: 'Hello' } }));
    const second = await adapter.sendEmail(sendRequest(sender, to, { earlierProviderIds: [first.providerId], message: { subject: 'A second look', body: 'Bump' } }));
    await adapter.sendEmail(sendRequest(sender, to, { earlierProviderIds: [first.providerId, second.providerId], message: { body: 'Last one' } }));

    const [one, two, three] = smtp.received;
    assert.equal(one?.parsed.subject, 'Releases at your team');
    assert.equal(two?.parsed.subject, 'A second look');
    assert.equal(two?.parsed.inReplyTo, first.providerId);
    assert.equal(three?.parsed.subject, 'Re: Releases at your team');
    assert.equal(three?.parsed.inReplyTo, second.providerId);
    assert.deepEqual(three?.parsed.references, [first.providerId, second.providerId]);
  });

  it('refuses an email without any subject to give it', async () => {
    const sender = account(emailSettings({ smtp: smtp.port }));
    await assert.rejects(adapter.sendEmail(sendRequest(sender, lead(), { message: { body: 'Hello' } })), InvalidMessageError);
    assert.equal(smtp.received.length, 0);
  });

  it('stops the journey when the lead has no email address', async () => {
    const sender = account(emailSettings({ smtp: smtp.port }));
    await assert.rejects(adapter.sendEmail(sendRequest(sender, lead(null))), RecipientUnreachableError);
  });

  it('stops the journey when the server says the mailbox does not exist (550 5.1.1 at RCPT)', async () => {
    smtp.behaviour.rcptTo = () => SMTP_REPLIES.userUnknown;
    const sender = account(emailSettings({ smtp: smtp.port }));
    const to = lead();
    const error = await rejection(adapter.sendEmail(sendRequest(sender, to)));
    assert.ok(error instanceof RecipientUnreachableError, String(error));
    assert.match(error.message, /email:alice@outreach\.example\.com.*550 5\.1\.1/);
    assert.ok(!error.message.includes(to.email ?? '?'), 'the message does not quote the address');
  });

  it('stops the journey on a permanent refusal of the message (552 5.2.2 at DATA)', async () => {
    smtp.behaviour.data = () => SMTP_REPLIES.overQuota;
    const sender = account(emailSettings({ smtp: smtp.port }));
    const error = await rejection(adapter.sendEmail(sendRequest(sender, lead())));
    assert.ok(error instanceof RecipientUnreachableError, String(error));
    assert.match(error.message, /552 5\.2\.2/);
  });

  for (const [name, answer, where] of [
    ['451 4.3.0 at DATA', SMTP_REPLIES.tryLater, 'data'],
    ['421 4.7.0 at RCPT', SMTP_REPLIES.closing, 'rcptTo'],
  ] as const) {
    it(`retries a temporary refusal (${name}) as a plain error`, async () => {
      smtp.behaviour[where] = () => answer;
      const sender = account(emailSettings({ smtp: smtp.port }));
      const error = await rejection(adapter.sendEmail(sendRequest(sender, lead())));
      assert.equal(error.constructor, Error);
      assert.match(error.message, new RegExp(`${answer.code} ${answer.text.slice(0, 5).replace(/\./g, '\\.')}`));
    });
  }

  it('stops the account when the SMTP login is refused (535 5.7.8), without showing the password', async () => {
    const sender = account(emailSettings({ smtp: smtp.port }));
    const wrong = createEmailAdapter({ credentials: credentials({ ...ENV, ALICE_SMTP_PASS: 'wrong-password' }) });
    const error = await rejection(wrong.sendEmail(sendRequest(sender, lead())));
    wrong.close();
    assert.ok(error instanceof SenderAccountError, String(error));
    assert.match(error.message, /535 5\.7\.8/);
    assert.ok(!error.message.includes('wrong-password'));
  });

  it('picks up a rotated password on the next send', async () => {
    const sender = account(emailSettings({ smtp: smtp.port }));
    const env: Record<string, string> = { ...ENV, ALICE_SMTP_PASS: 'old-password' };
    const rotating = createEmailAdapter({ credentials: credentials(env) });
    await assert.rejects(rotating.sendEmail(sendRequest(sender, lead())), SenderAccountError);
    env.ALICE_SMTP_PASS = SMTP_LOGIN.pass;
    await rotating.sendEmail(sendRequest(sender, lead()));
    rotating.close();
    assert.equal(smtp.received.length, 1);
  });

  it('retries when nothing listens (ECONNREFUSED)', async () => {
    const sender = account(emailSettings({ smtp: await closedPort() }));
    const error = await rejection(adapter.sendEmail(sendRequest(sender, lead())));
    assert.equal(error.constructor, Error);
    assert.match(error.message, /ECONNECTION|ESOCKET|ECONNREFUSED/);
  });

  it('stops the account on settings or credentials it cannot use, naming the field', async () => {
    const noAddress = account({ ...emailSettings({ smtp: smtp.port }), address: 'not-an-address' });
    await assert.rejects(adapter.sendEmail(sendRequest(noAddress, lead())), (e: Error) => e instanceof SenderAccountError && /settings\.address/.test(e.message));
    const httpLink = account(emailSettings({ smtp: smtp.port }, { unsubscribe: { url: 'http://outreach.example.com/u' } }));
    await assert.rejects(adapter.sendEmail(sendRequest(httpLink, lead())), (e: Error) => e instanceof SenderAccountError && /settings\.unsubscribe\.url/.test(e.message));
    const { unsubscribeToken: _, ...untokened } = sendRequest(account(emailSettings({ smtp: smtp.port })), lead());
    await assert.rejects(adapter.sendEmail(untokened), /carries no unsubscribe token/);
    assert.equal(smtp.received.length, 0);
  });

  it('uses the shared user/password when no SMTP-specific credentials are named', async () => {
    const sender = account(emailSettings({ smtp: smtp.port }), { user: 'env:U', password: 'env:P', unsubscribeSecret: 'env:S' });
    const shared = createEmailAdapter({ credentials: credentials({ U: SMTP_LOGIN.user, P: SMTP_LOGIN.pass, S: 'x' }) });
    await shared.sendEmail(sendRequest(sender, lead()));
    shared.close();
    assert.equal(smtp.received.length, 1);
  });
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

function unfolded(raw: string, name: string): string {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : '';
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
