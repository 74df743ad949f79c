import { formatBytes } from '../input/text-file';

/** A senders file describes one deployment's accounts: a few hundred lines, never megabytes. */
export const MAX_SENDERS_FILE_BYTES = 1024 * 1024;
/** Accounts in one senders file; more is a generated file gone wrong (each account is a row and a login). */
export const MAX_ACCOUNTS = 1000;
/** Alias uses in one file (YAML's own default): anchors save typing, not megabytes (an alias bomb). */
export const MAX_ALIASES = 100;
/** Nesting below an account's `settings` (the deepest real one, email's imap.folders, is 3). */
export const MAX_SETTINGS_DEPTH = 8;
/** Any string or key in the file: a URL, a host, a folder name. */
export const MAX_STRING_CHARS = 2048;
/** An account's settings as stored (jsonb), after aliases are expanded. */
export const MAX_SETTINGS_BYTES = 16 * 1024;
/** The longest handle of any channel: an email address (RFC 5321: 254). */
export const MAX_HANDLE_CHARS = 254;
/** A provider's name (`smtp-imap`, `linkedin-gateway`). */
export const MAX_PROVIDER_CHARS = 64;
/** Problems printed for one file; the rest are counted. */
export const MAX_REPORTED_PROBLEMS = 50;

export const SETTINGS_TOO_LARGE = `is over the limit of ${formatBytes(MAX_SETTINGS_BYTES)} for an account's settings (as JSON)`;
