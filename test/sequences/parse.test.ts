import assert from 'node:assert/strict';
import { detectFormat } from '../../src/sequences/parse';
import { formatProblems, validateSequence } from '../../src/sequences/validate';
import { assertProblem, problemsOf } from './helpers';

describe('parsing sequence files', () => {
  it('names file, line and column of a YAML syntax error', () => {
    const text = 'name: t\nnodes:\n  - { id: a, action: END\nedges: []\n';
    const result = validateSequence(text, { fileName: 'seq.yaml' });
    assert.ok(!result.ok);
    assert.match(formatProblems('seq.yaml', result.problems), /^seq\.yaml:4:1: YAML syntax error: /);
  });

  it('holds a .json file to strict JSON and names the trailing comma where it is', () => {
    const text = '{\n  "name": "t",\n  "nodes": [],\n}\n';
    const result = validateSequence(text, { fileName: 'seq.json' });
    assert.ok(!result.ok);
    assert.equal(
      formatProblems('seq.json', result.problems),
      'seq.json:3:14: JSON syntax error: trailing comma before "}": JSON allows no "," after the last property',
    );
  });

  it('reports duplicate keys as a syntax error on the second key', () => {
    const problems = problemsOf('name: t\nname: u\n');
    assertProblem(problems, 2, 'YAML syntax error', 'unique');
  });

  it('detects the format by extension, else by content', () => {
    assert.equal(detectFormat('a.yml', '{}'), 'YAML');
    assert.equal(detectFormat('a.JSON', 'name: x'), 'JSON');
    assert.equal(detectFormat('stdin', '  {"name": "x"}'), 'JSON');
    assert.equal(detectFormat('stdin', 'name: x'), 'YAML');
  });

  it('names JSON shapes in JSON terms', () => {
    const result = validateSequence('{"name": "t", "nodes": {}, "edges": []}', { fileName: 'noext' });
    assert.ok(!result.ok);
    assertProblem(result.problems, 1, '"nodes" must be an array');
  });

  it('rejects an empty file', () => {
    const result = validateSequence('', { fileName: 'empty.yaml' });
    assert.ok(!result.ok);
    assert.match(result.problems[0]?.message ?? '', /empty/);
  });
});
