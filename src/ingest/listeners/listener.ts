import type { EventSourceKind } from '../../db/event-sources';
import type { SenderAccount } from '../../db/senderAccounts';
import type { ProviderEvent } from '../provider-event';
import type { ListenerLog } from './log';

/** Hands an event to the ingest pipeline (which stores it once); a listener advances its watermark only after it resolves. */
export type Deliver = (event: ProviderEvent) => Promise<void>;

/** What a running session tells its supervisor. */
export interface SessionHooks {
  /** Aborted when the listener stops: the session closes its connection and returns. */
  signal: AbortSignal;
  /** The connection is up and listening (reported as `connected`, with a heartbeat from then on). */
  connected(): void;
  /** An event of `senderAccountId` (one of the listener's accounts) was delivered. */
  delivered(senderAccountId: string, at: Date): void;
  log: ListenerLog;
}

/**
 * An outbound connection that hears provider events. `session` is one connection: it resolves or throws
 * when that connection ends (closed by the provider, failed, or stopped by the signal); the supervisor
 * opens the next one.
 */
export interface Listener {
  kind: EventSourceKind;
  /** Names the listener in logs (`email:alice@example.com`, `x activity stream`). */
  name: string;
  /** The accounts whose state it reports: its own account, or every account an app-wide stream serves. */
  accounts: SenderAccount[];
  session(hooks: SessionHooks): Promise<void>;
}
