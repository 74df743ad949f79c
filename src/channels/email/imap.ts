import { ImapFlow } from 'imapflow';
import { senderLabel, type SenderAccount } from '../../db/senderAccounts';
import { SenderAccountError } from '../errors';
import { type ImapSettings, type Login } from './settings';

/**
 * Opens one IMAP session for the work given and logs out after. A connection per check: checks come once
 * per tick per waiting journey, and a session held open per account would need its own keep-alive and
 * reconnect logic for little gain at that rate.
 */
export async function withImap<T>(
  account: SenderAccount,
  imap: ImapSettings,
  login: Login,
  work: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: imap.secure,
    ...(imap.secure ? {} : { doSTARTTLS: imap.requireTLS ? true : false }),
    auth: { user: login.user, pass: login.pass },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 20_000,
    greetingTimeout: 16_000,
    socketTimeout: 45_000,
  });
  // A dropped socket is also reported as an 'error' event; the pending command rejects with it anyway.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await work(client);
  } catch (error) {
    throw imapFailure(error, account);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

interface ImapError {
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  mailboxMissing?: boolean;
  serverResponseCode?: string;
  responseStatus?: string;
  path?: string;
}

function imapFailure(error: unknown, account: SenderAccount): Error {
  if (error instanceof SenderAccountError) return error;
  const e = (error ?? {}) as ImapError;
  const label = senderLabel(account);
  const said = [e.responseStatus, e.serverResponseCode].filter(Boolean).join(' ');
  if (e.authenticationFailed) {
    // UNAVAILABLE is the server's own trouble (RFC 5530); everything else is about our login.
    if (e.serverResponseCode === 'UNAVAILABLE') return new Error(`${label}: IMAP login unavailable for now (${said})`);
    return new SenderAccountError(`${label}: the IMAP server refused our login (${said || 'NO'})`);
  }
  if (e.tlsFailed) return new SenderAccountError(`${label}: no TLS with the IMAP server; check settings.imap`);
  if (e.mailboxMissing || e.serverResponseCode === 'NONEXISTENT') {
    return new SenderAccountError(`${label}: IMAP folder "${e.path ?? '?'}" does not exist; check settings.imap`);
  }
  return new Error(`${label}: IMAP failed, will retry (${e.code ?? (said || 'error')})`);
}
