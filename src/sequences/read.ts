import type { AuthoredEdge, AuthoredNode, AuthoredSequence } from './authored';
import { parseDuration } from './duration';
import { FieldReader, fieldPositions, kindName, lengthProblem } from './fields';
import { MAX_DESCRIPTION_CHARS, MAX_EDGES, MAX_NAME_CHARS, MAX_NODES, MAX_VARIABLES, MAX_VISITS } from './limits';
import { ACTIONS, TRIGGERS } from './model';
import type { SourceFormat, SourceMap, SourceNode } from './parse';
import type { SequenceProblem } from './problems';
import { quoted } from './quote';
import { readTemplates } from './read-templates';

const TOP_FIELDS = ['name', 'description', 'start', 'variables', 'templates', 'nodes', 'edges'];
const NODE_FIELDS = ['id', 'action', 'template', 'max_visits'];
const EDGE_FIELDS = ['from', 'to', 'trigger', 'within'];
const VARIABLE_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const NAME_WHY = "it is part of every journey's workflow id, journey-<name>-<person id>, and of the OutreachSequence search attribute";

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
    name: top.identifier('name', true, { maxChars: MAX_NAME_CHARS, why: NAME_WHY }),
    description: top.string('description', false, { maxChars: MAX_DESCRIPTION_CHARS, why: "it travels in every journey's workflow input" }),
    start: top.identifier('start', false),
    variables: readVariables(top),
    templates: readTemplates(top),
    nodes: readNodes(top),
    edges: readEdges(top),
    at: root.at,
    fieldAt: fieldPositions(root),
    // Last, so it sees what reading every list above found.
    beyondLimits: top.limits.passed,
  };
}

function readVariables(top: FieldReader): string[] {
  const list = top.boundedList('variables', false, MAX_VARIABLES);
  const names: string[] = [];
  list?.items.forEach((item, i) => {
    const name = item.kind === 'scalar' && typeof item.value === 'string' && VARIABLE_PATTERN.test(item.value) ? item.value : undefined;
    const problem = name === undefined ? 'must be a field name such as company or job_title' : lengthProblem(name);
    if (problem) top.report(`variables item #${i + 1} ${problem}`, item.at, 'variables');
    else if (name !== undefined) names.push(name);
  });
  return names;
}

function readNodes(top: FieldReader): AuthoredNode[] {
  const list = top.boundedList('nodes', true, MAX_NODES);
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
      maxVisits: r.positiveInteger('max_visits', { max: MAX_VISITS, why: 'how many times a journey may enter one node' }),
      at: item.at,
      fieldAt: fieldPositions(item),
    };
    if (id !== undefined) nodes.push(node);
  });
  return nodes;
}

function readEdges(top: FieldReader): AuthoredEdge[] {
  const list = top.boundedList('edges', true, MAX_EDGES);
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
  if (v?.kind !== 'scalar' || v.value === null) return undefined;
  const text = String(v.value);
  return /^[A-Za-z0-9_-]{1,40}$/.test(text) ? text : quoted(text);
}
