/**
 * One way to tell a user what went wrong: the error's own message, followed by every underlying reason
 * its `cause` chain adds (Temporal's ServiceError wraps the gRPC status, pg and Node carry codes), on one
 * line. Only an error that means a bug in our code (a TypeError and its kin) is worth a stack trace.
 */

/**
 * An error whose message already says what its cause means (a refused connection, a bad option): the
 * cause is kept for debugging, and not repeated after the message.
 */
export class ExplainedError extends Error {}

export interface ErrorDescription {
  /** The message and its underlying reasons; multi-line only when the error's own message is (a list of problems). */
  message: string;
  /** True for errors no input should cause: the caller shows the stack too. */
  bug: boolean;
}

/** Causes followed at most: chains are short, but a cycle (a.cause = b, b.cause = a) must not hang. */
const MAX_CAUSES = 8;
/** Longest reason taken from one cause: a provider's or server's text can be very long. */
const MAX_REASON_CHARS = 500;

const ENGINE_ERRORS = new Set(['TypeError', 'ReferenceError', 'RangeError', 'SyntaxError', 'EvalError', 'URIError', 'AssertionError']);
/** Node codes on TypeErrors that bad input, not our code, causes. */
const INPUT_CODES = /^(ERR_PARSE_ARGS_|ERR_INVALID_URL$)/;

const GRPC_STATUS = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED',
  'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
];

export function describeError(error: unknown): ErrorDescription {
  const chain = causeChain(error);
  const explained = chain.findIndex((e) => e instanceof ExplainedError);
  const told = explained === -1 ? chain : chain.slice(0, explained + 1);
  let message = ownMessage(told[0]);
  for (const cause of told.slice(1)) {
    const reason = reasonOf(cause);
    if (reason && !message.includes(reason)) message = message ? `${message}: ${reason}` : reason;
  }
  return { message: message || 'unknown error', bug: told.some(isBug) };
}

/** The error and its causes, outermost first. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = error; e !== undefined && e !== null && chain.length <= MAX_CAUSES && !chain.includes(e); ) {
    chain.push(e);
    e = e instanceof Error ? e.cause : undefined;
  }
  return chain;
}

/** The gRPC status of a Temporal call failure, found anywhere in its cause chain. */
export function grpcStatusOf(error: unknown): { code: number; name: string; details: string } | undefined {
  for (const e of causeChain(error)) {
    if (isGrpcError(e)) return { code: e.code, name: GRPC_STATUS[e.code] ?? `status ${e.code}`, details: e.details };
  }
  return undefined;
}

function ownMessage(error: unknown): string {
  if (error instanceof Error && error.message && !isGrpcError(error) && !isPostgresError(error)) return error.message;
  return reasonOf(error);
}

/** One line that says what this one error adds. */
function reasonOf(error: unknown): string {
  if (isGrpcError(error)) return clip(`${error.details || error.message} (${GRPC_STATUS[error.code] ?? error.code})`);
  if (error instanceof AggregateError && !error.message) {
    return [...new Set(error.errors.map(reasonOf))].filter(Boolean).join('; ');
  }
  if (isPostgresError(error)) return clip(firstLine(postgresMessage(error)));
  if (error instanceof Error) return clip(firstLine(error.message));
  return clip(firstLine(String(error)));
}

/** A server error from pg: a severity and a five-character SQLSTATE. */
function isPostgresError(error: unknown): error is Error & { code: string; severity: string } {
  const e = error as { code?: unknown; severity?: unknown } | null;
  return error instanceof Error && typeof e?.severity === 'string' && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code);
}

/** knex puts the failed statement before the server's message (`select ... - division by zero`): only the message tells. */
function postgresMessage(error: Error): string {
  const at = error.message.lastIndexOf(' - ');
  return at === -1 ? error.message : error.message.slice(at + 3);
}

function isBug(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  if (!ENGINE_ERRORS.has(error.name)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && INPUT_CODES.test(code)) return false;
  // fetch() reports a network failure as a TypeError whose cause is the system error.
  return !(error.cause instanceof Error && typeof (error.cause as NodeJS.ErrnoException).code === 'string');
}

interface GrpcError extends Error {
  code: number;
  details: string;
  metadata: unknown;
}

function isGrpcError(error: unknown): error is GrpcError {
  const e = error as Partial<GrpcError> | null;
  return error instanceof Error && typeof e?.code === 'number' && typeof e.details === 'string' && e.metadata !== undefined;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]?.trim() ?? '';
}

function clip(text: string): string {
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS)}...` : text;
}
