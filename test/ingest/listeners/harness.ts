import type { ProviderEvent } from '../../../src/ingest/provider-event';
import type { ListenerLog } from '../../../src/ingest/listeners/log';

/** What the listeners under test deliver, and what they log, kept for the assertions. */
export class Heard {
  readonly events: ProviderEvent[] = [];
  readonly logs: Parameters<ListenerLog>[0][] = [];

  readonly deliver = async (event: ProviderEvent): Promise<void> => {
    this.events.push(event);
  };

  readonly log: ListenerLog = (entry) => {
    this.logs.push(entry);
  };

  /** How many times an event with this provider id was delivered. */
  count(providerEventId: string): number {
    return this.events.filter((e) => e.providerEventId === providerEventId).length;
  }

  logged(message: string): boolean {
    return this.logs.some((l) => l.message === message);
  }
}

/** Waits for a condition with a generous timeout (no timing is asserted: a slow machine only waits longer). */
export async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Reconnects quickly, so a test does not sit through production backoff. */
export const FAST_BACKOFF = { initialMs: 100, maxMs: 1_000 };
