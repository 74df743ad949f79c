/**
 * One structured entry per line. Listeners log what they wait for and each change of state, never a
 * message body, a credential or a provider's raw answer.
 */
export type ListenerLog = (entry: { level: 'info' | 'warn' | 'error'; message: string } & Record<string, unknown>) => void;

/** The default: one JSON object per line on stderr, like the worker's log. */
export const jsonLineLog: ListenerLog = (entry) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
};
