import type { AuthoredEdge, AuthoredNode, AuthoredSequence } from './authored';
import { parseDuration } from './duration';
import { FieldReader, fieldPositions, kindName } from './fields';
import { ACTIONS, TRIGGERS } from './model';
import type { SourceFormat, SourceMap, SourceNode } from './parse';
import type { SequenceProblem } from './problems';
import { readTemplates } from './read-templates';

const TOP_FIELDS = ['name', 'description', 'start', 'variables', 'templates', 'nodes', 'edges'];
const NODE_FIELDS = ['id', 'action', 'template', 'max_visits'];
const EDGE_FIELDS = ['from', 'to', 'trigger', 'within'];
const VARIABLE_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Field-level checks; undefined only when the file is not a mapping at all. */
export function readSequence(root: SourceNode, format: SourceFormat, problems: SequenceProblem[]): AuthoredSequence | undefined {
  if (root.kind !== 'map') {
    problems.push({ message: `sequence: the file must hold ${kindName('map', format)} with name, nodes and edges`, ...root.at });
    return undefined;
  }
  const top = new FieldReader(root, 'sequence', problems, format);
  top.rejectUnknown(TOP_FIELDS);
  return {
    format,
    name: top.identifier('name', true),
    description: top.string('description', false),
    start: top.identifier('start', false),
    variables: readVariables(top),
    templates: readTemplates(top),
    nodes: readNodes(top),
    edges: readEdges(top),
    at: root.at,
    fieldAt: fieldPositions(root),
  };
}

function readVariables(top: FieldReader): string[] {
  const list = top.list('variables', false);
  const names: string[] = [];
  list?.items.forEach((item, i) => {
    if (item.kind === 'scalar' && typeof item.value === 'string' && VARIABLE_PATTERN.test(item.value)) names.push(item.value);
    else top.report(`variables item #${i + 1} must be a field name such as company or job_title`, item.at, 'variables');
  });
  return names;
}

function readNodes(top: FieldReader): AuthoredNode[] {
  const list = top.list('nodes', true);
  if (list && list.items.length === 0) top.report('"nodes" must list at least one node', list.at, 'nodes');
  const nodes: AuthoredNode[] = [];
  list?.items.forEach((item, i) => {
    if (item.kind !== 'map') return top.report(`node #${i + 1} must be ${kindName('map', top.format)}`, item.at, 'nodes');
    const r = top.child(item, `node #${i + 1}`);
    const id = r.identifier('id', true);
    if (id !== undefined) r.renameOwner(`node ${id}`, { node: id });
    r.rejectUnknown(NODE_FIELDS);
    const node = {
      id: id ?? '',
      action: r.oneOf('action', ACTIONS, 'action'),
      template: r.identifier('template', false),
      maxVisits: r.positiveInteger('max_visits'),
      at: item.at,
      fieldAt: fieldPositions(item),
    };
    if (id !== undefined) nodes.push(node);
  });
  return nodes;
}

function readEdges(top: FieldReader): AuthoredEdge[] {
  const list = top.list('edges', true);
  const edges: AuthoredEdge[] = [];
  list?.items.forEach((item, i) => {
    const number = i + 1;
    if (item.kind !== 'map') return top.report(`edge #${number} must be ${kindName('map', top.format)}`, item.at, 'edges');
    const label = `edge #${number} (${written(item, 'from') ?? '?'} -> ${written(item, 'to') ?? '(end)'}, ${written(item, 'trigger') ?? '?'})`;
    const r = top.child(item, label, { edge: number });
    r.rejectUnknown(EDGE_FIELDS);
    const within = r.value('within', false);
    edges.push({
      number,
      label,
      from: r.identifier('from', true),
      to: r.identifier('to', false),
      trigger: r.oneOf('trigger', TRIGGERS, 'trigger'),
      within: within && (within.kind === 'scalar' ? String(within.value) : within.kind),
      withinMs: within && readWindow(r, within),
      at: item.at,
      fieldAt: fieldPositions(item),
    });
  });
  return edges;
}

function readWindow(r: FieldReader, within: SourceNode): number | undefined {
  const parsed =
    within.kind === 'scalar' && typeof within.value === 'string'
      ? parseDuration(within.value)
      : { error: 'must be a duration string such as 3d, 12h, 90m or 30s' };
  if ('ms' in parsed) return parsed.ms;
  r.report(`within ${parsed.error}`, within.at, 'within');
  return undefined;
}

function written(map: SourceMap, key: string): string | undefined {
  const v = map.entries.find((e) => e.key === key)?.value;
  return v?.kind === 'scalar' && v.value !== null ? String(v.value) : undefined;
}
