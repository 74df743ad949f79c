import type { Action, Trigger } from './model';
import type { SourceFormat } from './parse';
import type { Position, SequenceProblem } from './problems';

/** The sequence as written, with positions, after field-level checks. Graph rules run on this. */
export interface AuthoredSequence {
  format: SourceFormat;
  name?: string;
  description?: string;
  /** Absent when not written: the first node is the start. */
  start?: string;
  variables: string[];
  templates: AuthoredTemplate[];
  /** Only nodes with a valid id; a node with an unknown action keeps `action` undefined. */
  nodes: AuthoredNode[];
  /** Every edge, in file order; fields that did not pass their own check are undefined. */
  edges: AuthoredEdge[];
  at: Position;
  fieldAt: FieldPositions;
  /** A count limit was passed and that list was not read: graph and template rules are skipped. */
  beyondLimits: boolean;
}

/** Where each field's value was written. */
type FieldPositions = Partial<Record<string, Position>>;

export interface AuthoredNode {
  id: string;
  action?: Action;
  template?: string;
  maxVisits?: number;
  at: Position;
  fieldAt: FieldPositions;
}

export interface AuthoredEdge {
  /** 1-based, as in messages. */
  number: number;
  /** `edge #3 (dm -> bump, NOT_REPLIED)`, from the text as written. */
  label: string;
  from?: string;
  to?: string;
  trigger?: Trigger;
  /** As written, even if it did not parse (so a bad window is not also reported missing). */
  within?: string;
  withinMs?: number;
  at: Position;
  fieldAt: FieldPositions;
}

export interface AuthoredTemplate {
  id: string;
  variants: AuthoredVariant[];
  /** Some variants were dropped for their own problems, so totals over variants would mislead. */
  incomplete: boolean;
  at: Position;
}

export interface AuthoredVariant {
  id: string;
  /** `template intro, variant a`. */
  label: string;
  weight?: number;
  subject?: SourceText;
  body?: SourceText;
  at: Position;
  fieldAt: FieldPositions;
}

export interface SourceText {
  text: string;
  at: Position;
  /** A YAML `|` block: template line N is file line `at.line + N`. */
  blockLiteral: boolean;
}

export function nodeProblem(node: AuthoredNode, message: string, field?: string): SequenceProblem {
  const at = (field && node.fieldAt[field]) || node.at;
  return { message: `node ${node.id}: ${message}`, ...at, node: node.id, ...(field && { field }) };
}

export function edgeProblem(edge: AuthoredEdge, message: string, field?: string): SequenceProblem {
  const at = (field && edge.fieldAt[field]) || edge.at;
  return { message: `${edge.label}: ${message}`, ...at, edge: edge.number, ...(field && { field }) };
}
