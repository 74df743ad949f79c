import type { Knex } from 'knex';
import type { CredentialSource } from '../channels/credentials';
import { EMAIL_CREDENTIALS } from '../channels/email/settings';
import { verifyUnsubscribeToken } from '../channels/email/unsubscribe';
import { listSenderAccounts } from '../db/senderAccounts';
import { describeError } from '../errors/describe';
import type { IngestLog } from '../ingest/log';

export interface LegacyDeps {
  db: Knex;
  /** The same references the worker resolves (env:, file: with OUTREACH_SECRETS_FILE). */
  credentials: CredentialSource;
  log: IngestLog;
}

/**
 * A token of the first format, `PERSONID.SIG` under an email account's own `unsubscribeSecret`, as sent before
 * tokens named sender and sequence: the person and the account whose secret it verifies under, or undefined.
 * Each account's secret is resolved alone, so an account whose other credentials this process lacks still counts.
 */
export async function readLegacyToken(deps: LegacyDeps, token: string): Promise<{ personId: string; senderAccountId: string } | undefined> {
  if (!/^[1-9][0-9]{0,18}\.[A-Za-z0-9_-]{32}$/.test(token)) return undefined;
  const name = EMAIL_CREDENTIALS.unsubscribe;
  for (const account of await listSenderAccounts(deps.db)) {
    const ref = account.credentialsRef[name];
    if (account.channel !== 'email' || ref === undefined) continue;
    let secret: string | undefined;
    try {
      secret = (await deps.credentials.credentialsFor({ ...account, credentialsRef: { [name]: ref } }))[name];
    } catch (error) {
      deps.log('WARN', { message: 'unsubscribe secret unavailable; old tokens of this account are not recognised', senderAccountId: account.id, error: describeError(error).message });
      continue;
    }
    const personId = secret ? verifyUnsubscribeToken(secret, token) : undefined;
    if (personId !== undefined) return { personId, senderAccountId: account.id };
  }
  return undefined;
}
