import { Client } from 'pg';
import { postgresTarget } from '../config-values';
import { ExplainedError } from '../errors/describe';

/** Postgres could not be reached or refused us; the message names the server, the setting and the reason. */
class DatabaseConnectError extends ExplainedError {
  override readonly name = 'DatabaseConnectError';
}

export interface ConnectCheck {
  /** Where the URL came from, for the message: `DATABASE_URL`, or a description of the embedded server. */
  source: string;
  timeoutMs: number;
  /** The setting that bounds the wait, named when it runs out. */
  timeoutSetting?: string;
}

/**
 * Opens and closes one connection, so a wrong password or a dead port is reported at start, in one line,
 * instead of on the first query deep inside a command.
 */
export async function checkPostgres(url: string, check: ConnectCheck): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: check.timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new DatabaseConnectError(
      `cannot connect to Postgres at ${postgresTarget(url)} (${check.source}): ${connectProblem(error, check)}`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => {});
  }
}

function connectProblem(error: unknown, check: ConnectCheck): string {
  const errors = error instanceof AggregateError ? error.errors : [error];
  const first = errors[0] as (Error & { code?: string; hostname?: string }) | undefined;
  const code = first?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (is Postgres running and listening on that port?)';
  if (code === 'ENOTFOUND') return `unknown host${first?.hostname ? ` "${first.hostname}"` : ''}`;
  if (code === 'EAI_AGAIN') return 'the host name could not be looked up (DNS did not answer)';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
  if (code === 'ETIMEDOUT' || /timeout expired|connection timeout/i.test(first?.message ?? '')) {
    const setting = check.timeoutSetting ? ` (${check.timeoutSetting})` : '';
    return `no answer within ${check.timeoutMs / 1000} s${setting}`;
  }
  if (code === '3D000') return `${first?.message ?? 'no such database'}: create it, or name another database in the URL`;
  return first?.message || String(error);
}
