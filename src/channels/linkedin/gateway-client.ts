import type { z } from 'zod';
import { errorAnswer } from './contract';
import { failureFor } from './failures';

export interface GatewayTarget {
  /** Base URL without a trailing slash, e.g. `https://li-gateway.internal`. */
  baseUrl: string;
  /** The gateway's name for the LinkedIn session (path segment). */
  account: string;
  apiKey: string;
  /** Names the sender account in errors (`sender account linkedin:alice`). */
  label: string;
  timeoutMs: number;
  now: () => Date;
}

export interface GatewayCall {
  method: 'GET' | 'POST';
  /** Below `/v1/accounts/{account}`, e.g. `/invitations`. */
  path: string;
  /** What the call does, for errors: `send invitation`. Never the lead or the message. */
  operation: string;
  query?: Record<string, string>;
  body?: unknown;
  idempotencyKey?: string;
}

/**
 * One HTTP call to the gateway with Node's built-in fetch and a timeout covering the answer's body too.
 * Successes are parsed with the contract's schema; refusals become the channel failure classes.
 */
export async function callGateway<S extends z.ZodType>(target: GatewayTarget, call: GatewayCall, schema: S): Promise<z.output<S>> {
  const answer = await exchange(target, call, schema, undefined);
  if (answer === undefined) throw new Error(`LinkedIn gateway ${call.operation}: no answer`);
  return answer;
}

/** Like callGateway, but a 404 with the error code `absentOn` answers undefined: there is no such thing. */
export async function lookUpOnGateway<S extends z.ZodType>(
  target: GatewayTarget,
  call: GatewayCall,
  schema: S,
  absentOn: string,
): Promise<z.output<S> | undefined> {
  return exchange(target, call, schema, absentOn);
}

async function exchange<S extends z.ZodType>(
  target: GatewayTarget,
  call: GatewayCall,
  schema: S,
  absentOn: string | undefined,
): Promise<z.output<S> | undefined> {
  const what = `${target.label}: LinkedIn gateway ${call.operation}`;
  const url = new URL(`${target.baseUrl}/v1/accounts/${encodeURIComponent(target.account)}${call.path}`);
  for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, value);
  const headers: Record<string, string> = { authorization: `Bearer ${target.apiKey}`, accept: 'application/json' };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  if (call.idempotencyKey !== undefined) headers['idempotency-key'] = call.idempotencyKey;

  let status: number;
  let retryAfter: string | null;
  let text: string;
  try {
    const response = await fetch(url, {
      method: call.method,
      headers,
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    status = response.status;
    retryAfter = response.headers.get('retry-after');
    text = await response.text();
  } catch (error) {
    throw new Error(`${what} failed: ${describeFetchFailure(error, target.timeoutMs)}`);
  }

  const json = parseJson(text);
  if (status >= 200 && status < 300) {
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new Error(`${what} answered ${status} with a body the contract does not allow`);
    return parsed.data;
  }
  const code = errorAnswer.safeParse(json).data?.error.code;
  if (status === 404 && absentOn !== undefined && code === absentOn) return undefined;
  throw failureFor({ status, code, retryAfter }, what, target.now());
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Why fetch threw, without its message: undici's can quote the URL, whose query names the lead. */
function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return code ?? (error instanceof Error ? error.name : 'unknown error');
}
