/** A log entry's fields besides time and level: ids, counts, states; never a body, an address or a secret. */
type LogFields = { message: string } & Record<string, string | number | boolean | null | undefined>;

export type IngestLog = (level: 'INFO' | 'WARN' | 'ERROR', fields: LogFields) => void;

/** One JSON object per line, as the worker writes them (time, level, message, then the fields). */
export function jsonLineLog(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): IngestLog {
  return (level, { message, ...fields }) => write(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }));
}

export const silentLog: IngestLog = () => {};
