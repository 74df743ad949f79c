import { MAX_ID_CHARS } from './limits';
import type { SourceEntry, SourceFormat, SourceList, SourceMap, SourceNode } from './parse';
import type { Position, SequenceProblem } from './problems';
import { charCount, count, quoted } from './quote';
import { didYouMean } from './suggest';

/** Ids of nodes, templates and variants, and the sequence name: safe in workflow ids, logs and `a -> b` paths. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * Names every JavaScript object already has (`constructor`, `toString`, ...): a journey keeps its visits
 * and variant choices in objects keyed by node and template id, where such a name would read the
 * built-in instead of the count.
 */
const RESERVED_IDS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype).filter((n) => ID_PATTERN.test(n)));

export interface LengthBound {
  maxChars: number;
  /** What the limit protects, for the message. */
  why: string;
}

const ID_LENGTH: LengthBound = { maxChars: MAX_ID_CHARS, why: 'ids appear in search attributes, event keys and logs' };

/** `is 2,000 characters long; at most 64 (why)`, or undefined within the bound. */
export function lengthProblem(text: string, bound: LengthBound = ID_LENGTH): string | undefined {
  const length = charCount(text);
  return length > bound.maxChars ? `is ${count(length)} characters long; at most ${count(bound.maxChars)} (${bound.why})` : undefined;
}

/** Why an id is refused, or undefined when it is a good one. */
export function idProblem(id: string, bound: LengthBound = ID_LENGTH): string | undefined {
  const tooLong = lengthProblem(id, bound);
  if (tooLong) return tooLong;
  if (!ID_PATTERN.test(id)) return `is ${quoted(id)}; use letters, digits, "_" and "-" only, starting with a letter or digit`;
  if (RESERVED_IDS.has(id)) return `is "${id}", a name every JavaScript object already has; choose another`;
  return undefined;
}

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
    /** Set when a count limit was passed: part of the file was not read, so graph rules would mislead. */
    readonly limits: { passed: boolean } = { passed: false },
  ) {}

  /** A reader for a mapping nested in this one, reporting into the same list. */
  child(map: SourceMap, owner: string, tags: Tags = {}): FieldReader {
    return new FieldReader(map, owner, this.problems, this.format, tags, this.limits);
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
      this.report(`unknown field ${quoted(e.key)}${hint}; allowed fields: ${allowed.join(', ')}`, e.keyAt, e.key);
    }
  }

  /** The field's value, or undefined after reporting it missing when required. A null value counts as absent. */
  value(key: string, required: boolean): SourceNode | undefined {
    const e = this.entry(key);
    if (e && !(e.value.kind === 'scalar' && e.value.value === null)) return e.value;
    if (required) this.report(`missing required field "${key}"`, this.map.at, key);
    return undefined;
  }

  /** Non-empty text, within `bound` when given. */
  string(key: string, required: boolean, bound?: LengthBound): string | undefined {
    const v = this.value(key, required);
    if (!v) return undefined;
    if (v.kind === 'scalar' && typeof v.value === 'string' && v.value.trim() !== '') {
      const tooLong = bound && lengthProblem(v.value, bound);
      if (!tooLong) return v.value;
      this.report(`"${key}" ${tooLong}`, v.at, key);
      return undefined;
    }
    const hint = v.kind === 'scalar' && typeof v.value !== 'string' ? ` (quote it: "${String(v.value)}")` : '';
    this.report(`"${key}" must be a non-empty string${hint}`, v.at, key);
    return undefined;
  }

  identifier(key: string, required: boolean, bound: LengthBound = ID_LENGTH): string | undefined {
    const s = this.string(key, required);
    const problem = s === undefined ? undefined : idProblem(s, bound);
    if (!problem) return s;
    this.report(`"${key}" ${problem}`, this.at(key), key);
    return undefined;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], what: string): T | undefined {
    const s = this.string(key, true);
    if (s === undefined) return undefined;
    if ((allowed as readonly string[]).includes(s)) return s as T;
    this.report(`unknown ${what} ${quoted(s)}${didYouMean(s, allowed)}; allowed: ${allowed.join(', ')}`, this.at(key), key);
    return undefined;
  }

  /** A whole number from 1 to `max`; `why` says what the upper bound protects. */
  positiveInteger(key: string, bound?: { max: number; why: string }): number | undefined {
    const v = this.value(key, false);
    if (!v) return undefined;
    const n = v.kind === 'scalar' && typeof v.value === 'number' && Number.isInteger(v.value) && v.value > 0 ? v.value : undefined;
    if (n === undefined) this.report(`"${key}" must be a positive integer`, v.at, key);
    else if (bound && n > bound.max) this.report(`"${key}" is ${count(n)}; at most ${count(bound.max)} (${bound.why})`, v.at, key);
    else return n;
    return undefined;
  }

  /**
   * The list, or undefined after reporting it when it holds more than `max` items: then none is read,
   * and the rules that need the whole file are skipped.
   */
  boundedList(key: string, required: boolean, max: number, noun = key): SourceList | undefined {
    const list = this.list(key, required);
    if (!list || list.items.length <= max) return list;
    this.report(`"${key}" lists ${count(list.items.length)} ${noun}, over the limit of ${count(max)} for a sequence`, list.at, key);
    this.limits.passed = true;
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
