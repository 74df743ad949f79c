/*
 * An SMTP submission server on 127.0.0.1:0 (the `smtp-server` library, no TLS) that answers the way
 * Gmail's submission server does: replies and enhanced status codes from "Gmail SMTP errors and codes"
 * (https://support.google.com/a/answer/3726730): 535 5.7.8 on a bad login, 550 5.1.1 for a mailbox that
 * does not exist, 421 4.7.0 / 451 4.3.0 to come back later, 552 5.2.2 over quota; reply syntax per
 * RFC 5321 4.2 and enhanced codes per RFC 3463.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
}

/** What the server answers; undefined accepts. */
interface SmtpBehaviour {
  rcptTo?: (address: string) => SmtpReply | undefined;
  data?: (mail: ReceivedMail) => SmtpReply | undefined;
}

export interface SmtpReply {
  code: number;
  text: string;
}

export interface FakeSmtp {
  port: number;
  received: ReceivedMail[];
  behaviour: SmtpBehaviour;
  /** Waits for the n-th message (1-based) to arrive. */
  nth(n: number, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export const SMTP_REPLIES = {
  userUnknown: { code: 550, text: "5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. - gsmtp" },
  tryLater: { code: 451, text: '4.3.0 Mail server temporarily rejected message. - gsmtp' },
  closing: { code: 421, text: '4.7.0 Try again later, closing connection. - gsmtp' },
  overQuota: { code: 552, text: '5.2.2 The email account that you tried to reach is over quota. - gsmtp' },
} satisfies Record<string, SmtpReply>;

export async function startFakeSmtp(login: { user: string; pass: string }): Promise<FakeSmtp> {
  const received: ReceivedMail[] = [];
  const behaviour: SmtpBehaviour = {};
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === login.user && auth.password === login.pass) return callback(null, { user: auth.username });
      callback(reply({ code: 535, text: '5.7.8 Username and Password not accepted. - gsmtp' }));
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const answer = behaviour.rcptTo?.(address.address);
      callback(answer ? reply(answer) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            const mail: ReceivedMail = {
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              raw,
              parsed,
            };
            const answer = behaviour.data?.(mail);
            if (answer) return callback(reply(answer));
            received.push(mail);
            callback(null, '2.0.0 OK 1700000000 x1-20020a05 - gsmtp');
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('smtp-server has no port');
  return {
    port: address.port,
    received,
    behaviour,
    async nth(n, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for message ${n}; ${received.length} arrived`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return received[n - 1] as ReceivedMail;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function reply(answer: SmtpReply): Error {
  return Object.assign(new Error(answer.text), { responseCode: answer.code });
}
