import { MAX_REPORTED_PROBLEMS } from './limits';

export interface SendersFileProblem {
  line: number;
  path: string;
  message: string;
}

/** A senders file that stores nothing: every problem with its line and field (`senders.yaml:12: accounts[0].handle: ...`). */
export class SendersFileError extends Error {
  override readonly name = 'SendersFileError';
  constructor(
    readonly file: string,
    readonly problems: SendersFileProblem[],
  ) {
    const shown = problems.slice(0, MAX_REPORTED_PROBLEMS).map((p) => `  ${file}:${p.line}: ${p.path ? `${p.path}: ` : ''}${p.message}`);
    const more = problems.length > MAX_REPORTED_PROBLEMS ? [`  ... and ${problems.length - MAX_REPORTED_PROBLEMS} more`] : [];
    super(`${file} is not a valid senders file; nothing was stored:\n${[...shown, ...more].join('\n')}`);
  }
}

/** `accounts[0].settings.auth.pass`; keys that are not plain names are quoted: `settings["smtp host"]`. */
export function describePath(at: (string | number)[]): string {
  return at
    .map((p, i) => {
      if (typeof p === 'number') return `[${p}]`;
      if (/^[A-Za-z_$][\w$-]*$/.test(p)) return i === 0 ? p : `.${p}`;
      return `[${JSON.stringify(p.length > 40 ? `${p.slice(0, 40)}…` : p)}]`;
    })
    .join('');
}
