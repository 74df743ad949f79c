import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

// Plain protobufjs conversions of one proto registry, so a saved history round-trips exactly.
const CONVERSION = { longs: String, enums: String, bytes: String, defaults: false } as const;

/** The history as plain JSON, without stack traces: they name folders of the machine that recorded it. */
export function historyToObject(history: History): unknown {
  const plain = temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.fromObject(history), CONVERSION);
  return JSON.parse(JSON.stringify(plain), (key, value: unknown) => (key === 'stackTrace' ? '' : value));
}

export function historyFromObject(saved: unknown): temporal.api.history.v1.History {
  return temporal.api.history.v1.History.fromObject(saved as Record<string, unknown>);
}
