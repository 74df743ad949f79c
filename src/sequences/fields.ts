import type { SourceEntry, SourceFormat, SourceList, SourceMap, SourceNode } from './parse';
import type { Position, SequenceProblem } from './problems';
import { didYouMean } from './suggest';

/** Ids of nodes, templates and variants, and the sequence name: safe in workflow ids, logs and `a -> b` paths. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

type Tags = Pick<SequenceProblem, 'node' | 'edge'>;

/** Where each field's value was written. */
export function fieldPositions(map: SourceMap): Partial<Record<string, Position>> {
  return Object.fromEntries(map.entries.map((e) => [e.key, e.value.at]));
}

export function kindName(kind: 'map' | 'list', format: SourceFormat): string {
  if (kind === 'map') return format === 'JSON' ? 'an object' : 'a mapping';
  return format === 'JSON' ? 'an array' : 'a list';
}

/** Reads the fields of one mapping in the file, reporting each problem against its owner (`node dm`). */
export class FieldReader {
  constructor(
    readonly map: SourceMap,
    private owner: string,
    private readonly problems: SequenceProblem[],
    readonly format: SourceFormat,
    private tags: Tags = {},
  ) {}

  /** A reader for a mapping nested in this one, reporting into the same list. */
  child(map: SourceMap, owner: string, tags: Tags = {}): FieldReader {
    return new FieldReader(map, owner, this.problems, this.format, tags);
  }

  /** Once the owner's id is known, later problems name it. */
  renameOwner(owner: string, tags: Tags): void {
    this.owner = owner;
    this.tags = tags;
  }

  get label(): string {
    return this.owner;
  }

  report(message: string, at: Position, field?: string): void {
    this.problems.push({ message: `${this.owner}: ${message}`, ...at, ...this.tags, ...(field && { field }) });
  }

  entry(key: string): SourceEntry | undefined {
    return this.map.entries.find((e) => e.key === key);
  }

  at(key: string): Position {
    return this.entry(key)?.value.at ?? this.map.at;
  }

  rejectUnknown(allowed: readonly string[]): void {
    for (const e of this.map.entries) {
      if (allowed.includes(e.key)) continue;
      const hint = didYouMean(e.key, allowed);
      this.report(`unknown field "${e.key}"${hint}; allowed fields: ${allowed.join(', ')}`, e.keyAt, e.key);
    }
  }

  /** The field's value, or undefined after reporting it missing when required. A null value counts as absent. */
  value(key: string, required: boolean): SourceNode | undefined {
    const e = this.entry(key);
    if (e && !(e.value.kind === 'scalar' && e.value.value === null)) return e.value;
    if (required) this.report(`missing required field "${key}"`, this.map.at, key);
    return undefined;
  }

  string(key: string, required: boolean): string | undefined {
    const v = this.value(key, required);
    if (!v) return undefined;
    if (v.kind === 'scalar' && typeof v.value === 'string' && v.value.trim() !== '') return v.value;
    const hint = v.kind === 'scalar' && typeof v.value !== 'string' ? ` (quote it: "${String(v.value)}")` : '';
    this.report(`"${key}" must be a non-empty string${hint}`, v.at, key);
    return undefined;
  }

  identifier(key: string, required: boolean): string | undefined {
    const s = this.string(key, required);
    if (s === undefined || ID_PATTERN.test(s)) return s;
    this.report(`"${key}" is "${s}"; use letters, digits, "_" and "-" only, starting with a letter or digit`, this.at(key), key);
    return undefined;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], what: string): T | undefined {
    const s = this.string(key, true);
    if (s === undefined) return undefined;
    if ((allowed as readonly string[]).includes(s)) return s as T;
    this.report(`unknown ${what} "${s}"${didYouMean(s, allowed)}; allowed: ${allowed.join(', ')}`, this.at(key), key);
    return undefined;
  }

  positiveInteger(key: string): number | undefined {
    const v = this.value(key, false);
    if (!v) return undefined;
    if (v.kind === 'scalar' && typeof v.value === 'number' && Number.isInteger(v.value) && v.value > 0) return v.value;
    this.report(`"${key}" must be a positive integer`, v.at, key);
    return undefined;
  }

  mapping(key: string, required: boolean): SourceMap | undefined {
    const v = this.value(key, required);
    if (!v || v.kind === 'map') return v;
    this.report(`"${key}" must be ${kindName('map', this.format)}`, v.at, key);
    return undefined;
  }

  list(key: string, required: boolean): SourceList | undefined {
    const v = this.value(key, required);
    if (!v || v.kind === 'list') return v;
    this.report(`"${key}" must be ${kindName('list', this.format)}`, v.at, key);
    return undefined;
  }
}
