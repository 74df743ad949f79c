import { CsvError, parse } from 'csv-parse/sync';
import { SUPPRESSION_REASONS, type Suppression, type SuppressionReason, type SuppressionScope } from '../db/suppressions';
import { readTextFile } from '../input/text-file';
import { CHANNELS, type Channel } from '../sequences/model';
import { InvalidIdentifierError, normalizeIdentifier, parseIdentifier } from './identifier';
import type { SuppressionRequest } from './suppress';
import { SUPPRESSION_KINDS } from './identifier';
import type { IdentifierKind } from '../identity/identifiers';

const MAX_SUPPRESSION_FILE_BYTES = 10 * 1024 * 1024;
const MAX_SUPPRESSION_ROWS = 100_000;

/** Columns of a suppressions CSV: `identifier` is the only one required. */
const COLUMNS = ['identifier', 'kind', 'scope', 'channel', 'sender', 'reason', 'expires_at'] as const;

export interface FileProblem {
  line: number;
  message: string;
}

/** A row's sender, as `channel:handle`, for the caller to find (the file holds names, not ids). */
export interface SuppressionFileRow {
  line: number;
  request: Omit<SuppressionRequest, 'scope'> & { scope: SuppressionScope | { scope: 'sender'; sender: string } };
}

function reasonOf(text: string | undefined, fallback: SuppressionReason): SuppressionReason {
  if (!text) return fallback;
  if (!(SUPPRESSION_REASONS as readonly string[]).includes(text)) throw new Error(`reason "${text}": expected one of ${SUPPRESSION_REASONS.join(', ')}`);
  return text as SuppressionReason;
}

function scopeOf(row: Record<string, string>): SuppressionFileRow['request']['scope'] {
  const scope = row.scope || (row.sender ? 'sender' : row.channel ? 'channel' : 'global');
  if (scope === 'global') return { scope: 'global' };
  if (scope === 'channel') {
    if (!(CHANNELS as readonly string[]).includes(row.channel ?? '')) throw new Error(`channel "${row.channel ?? ''}": expected one of ${CHANNELS.join(', ')}`);
    return { scope: 'channel', channel: row.channel as Channel };
  }
  if (scope === 'sender') {
    if (!row.sender || !row.sender.includes(':')) throw new Error('sender: expected channel:handle');
    return { scope: 'sender', sender: row.sender };
  }
  throw new Error(`scope "${scope}": expected global, channel or sender`);
}

/**
 * Reads a suppressions CSV (a header, then one identifier a line; `docs/suppression.md`). Every row that is
 * good is kept; each bad one is a problem naming its line, so one typo does not cost the opt-outs beside it.
 */
export function readSuppressionFile(path: string, fallbackReason: SuppressionReason): { rows: SuppressionFileRow[]; problems: FileProblem[] } {
  const text = readTextFile(path, { what: 'suppressions file', maxBytes: MAX_SUPPRESSION_FILE_BYTES });
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      info: true,
      to: MAX_SUPPRESSION_ROWS + 1,
    });
  } catch (error) {
    if (error instanceof CsvError) return { rows: [], problems: [{ line: Number(error.lines ?? 0), message: error.message }] };
    throw error;
  }
  const problems: FileProblem[] = [];
  const header = Object.keys(records[0]?.record ?? {});
  const unknown = header.filter((h) => !(COLUMNS as readonly string[]).includes(h));
  if (records.length > 0 && !header.includes('identifier')) return { rows: [], problems: [{ line: 1, message: `no "identifier" column (columns: ${COLUMNS.join(', ')})` }] };
  if (unknown.length > 0) problems.push({ line: 1, message: `unknown column(s) ${unknown.join(', ')} (columns: ${COLUMNS.join(', ')})` });
  if (records.length > MAX_SUPPRESSION_ROWS) {
    return { rows: [], problems: [{ line: records[MAX_SUPPRESSION_ROWS]?.info.lines ?? 0, message: `more than ${MAX_SUPPRESSION_ROWS} rows, the limit for one file` }] };
  }
  const rows: SuppressionFileRow[] = [];
  for (const { record, info } of records) {
    try {
      const kind = record.kind as IdentifierKind | undefined;
      if (kind && !SUPPRESSION_KINDS.includes(kind)) throw new Error(`kind "${kind}": expected one of ${SUPPRESSION_KINDS.join(', ')}`);
      const identifier = kind ? normalizeIdentifier(kind, record.identifier ?? '') : parseIdentifier(record.identifier ?? '');
      const expires = record.expires_at ? new Date(record.expires_at) : undefined;
      if (expires && Number.isNaN(expires.getTime())) throw new Error(`expires_at "${record.expires_at}": not a date (write 2027-01-31 or an ISO time)`);
      const reason = reasonOf(record.reason, fallbackReason);
      rows.push({ line: info.lines, request: { identifier, scope: scopeOf(record), reason, source: '', ...(expires ? { expiresAt: expires } : {}) } });
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      problems.push({ line: info.lines, message: error instanceof InvalidIdentifierError ? `identifier: ${error.message}` : error.message });
    }
  }
  return { rows, problems };
}

const CSV_HEADER = ['identifier_hash', 'identifier_kind', 'scope', 'channel', 'sender_account_id', 'reason', 'source', 'created_at', 'expires_at', 'removed_at'];

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The list as CSV: hashes only, which is all it holds (an export names nobody). */
export function suppressionsCsv(list: readonly Suppression[]): string {
  const lines = list.map((s) =>
    [
      s.identifierHash,
      s.identifierKind,
      s.scope.scope,
      s.scope.scope === 'channel' ? s.scope.channel : '',
      s.scope.scope === 'sender' ? s.scope.senderAccountId : '',
      s.reason,
      s.source,
      s.createdAt.toISOString(),
      s.expiresAt?.toISOString() ?? '',
      s.removedAt?.toISOString() ?? '',
    ]
      .map(csvField)
      .join(','),
  );
  return [CSV_HEADER.join(','), ...lines].join('\n') + '\n';
}
