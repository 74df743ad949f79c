import net from 'node:net';

export type ProbeResult = { ok: true } | { ok: false; reason: string };

/**
 * Opens and closes one TCP connection to `host:port`, to tell why a gRPC connect failed: gRPC only says
 * "failed to connect before the deadline", whether the port refused, the name was unknown or nothing answered.
 */
export function probeTcp(address: string, timeoutMs: number): Promise<ProbeResult> {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  const port = Number(address.slice(at + 1));
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result: ProbeResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, reason: `no answer within ${timeoutMs / 1000} s` }));
    socket.once('connect', () => done({ ok: true }));
    socket.once('error', (error: NodeJS.ErrnoException) => done({ ok: false, reason: socketProblem(error, host) }));
  });
}

function socketProblem(error: NodeJS.ErrnoException, host: string): string {
  const code = error.code ?? (error instanceof AggregateError ? (error.errors[0] as NodeJS.ErrnoException | undefined)?.code : undefined);
  if (code === 'ECONNREFUSED') return 'connection refused (nothing listens on that port)';
  if (code === 'ENOTFOUND') return `unknown host "${host}"`;
  if (code === 'EAI_AGAIN') return `the host name "${host}" could not be looked up (DNS did not answer)`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
  if (code === 'ETIMEDOUT') return 'the connection timed out';
  return error.message || code || 'connection failed';
}
