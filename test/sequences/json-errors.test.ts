import assert from 'node:assert/strict';
import { formatProblems, validateSequence } from '../../src/sequences/validate';

const GOOD = `{
  "name": "t",
  "nodes": [
    { "id": "a", "action": "CHECK_FOR_REPLY" },
    { "id": "b", "action": "CHECK_FOR_REPLY" }
  ],
  "edges": [
    { "from": "a", "to": "b", "trigger": "NORMAL_EDGE" },
    { "from": "b", "trigger": "END" }
  ]
}
`;

/** Each way to break GOOD, and the one line `validate` must print for it: where it is, not where JSON.parse gave up. */
const BROKEN: { what: string; text: string; problem: string }[] = [
  {
    what: 'a trailing comma in an array',
    text: GOOD.replace('"END" }\n', '"END" },\n'),
    problem: 'seq.json:9:38: JSON syntax error: trailing comma before "]": JSON allows no "," after the last item',
  },
  {
    what: 'a trailing comma in an object',
    text: GOOD.replace('"trigger": "END" }', '"trigger": "END", }'),
    problem: 'seq.json:9:36: JSON syntax error: trailing comma before "}": JSON allows no "," after the last property',
  },
  {
    what: 'a missing comma between array items',
    text: GOOD.replace('"CHECK_FOR_REPLY" },\n    { "id": "b"', '"CHECK_FOR_REPLY" }\n    { "id": "b"'),
    problem: 'seq.json:5:5: JSON syntax error: missing "," between array items (before "{")',
  },
  {
    what: 'a missing comma between properties',
    text: GOOD.replace('"name": "t",', '"name": "t"'),
    problem: 'seq.json:3:3: JSON syntax error: missing "," between properties (before a string)',
  },
  {
    what: 'a line comment',
    text: GOOD.replace('  "nodes"', '  // the nodes\n  "nodes"'),
    problem: 'seq.json:3:3: JSON syntax error: comments are not allowed in JSON (use a .yaml file for comments)',
  },
  {
    what: 'a block comment',
    text: GOOD.replace('"t",', '"t", /* name */'),
    problem: 'seq.json:2:16: JSON syntax error: comments are not allowed in JSON (use a .yaml file for comments)',
  },
  {
    what: 'an unquoted property name',
    text: GOOD.replace('"name":', 'name:'),
    problem: 'seq.json:2:3: JSON syntax error: expected a property name in double quotes, found "name": property names must be in double quotes',
  },
  {
    what: 'single quotes around a value',
    text: GOOD.replace('"t"', "'t'"),
    problem: 'seq.json:2:11: JSON syntax error: expected a value, found "\'t\'": strings must be in double quotes',
  },
  {
    what: 'a missing colon',
    text: GOOD.replace('"name": "t"', '"name" "t"'),
    problem: 'seq.json:2:10: JSON syntax error: expected ":" after the property name, found a string',
  },
  {
    what: 'a doubled comma',
    text: GOOD.replace('"t",', '"t",,'),
    problem: 'seq.json:2:15: JSON syntax error: expected a property name in double quotes, found ","',
  },
  {
    what: 'a bracket closing an object',
    text: GOOD.replace('"END" }', '"END" ]'),
    problem: 'seq.json:9:37: JSON syntax error: found "]" where the object opened on line 9, column 5 needs its "}"',
  },
  {
    what: 'an unclosed array',
    text: GOOD.replace('"END" }\n  ]', '"END" }\n'),
    problem: 'seq.json:11:1: JSON syntax error: found "}" where the array opened on line 7, column 12 needs its "]"',
  },
  {
    what: 'a file cut short',
    text: GOOD.slice(0, GOOD.indexOf('"edges"')),
    problem: 'seq.json:1:1: JSON syntax error: this "{" is never closed: the file ends before its "}"',
  },
  {
    what: 'an unterminated string',
    text: GOOD.replace('"t",', '"t,'),
    problem: 'seq.json:2:11: JSON syntax error: this string is never closed: a " must end it on the same line',
  },
  {
    what: 'a bad escape',
    text: GOOD.replace('"t"', '"a\\qb"'),
    problem: 'seq.json:2:13: JSON syntax error: \\q is not a JSON escape (use \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)',
  },
  {
    what: 'a short unicode escape',
    text: GOOD.replace('"t"', '"\\u12"'),
    problem: 'seq.json:2:12: JSON syntax error: "\\u" must be followed by four hex digits',
  },
  {
    what: 'a raw tab inside a string',
    text: GOOD.replace('"t"', '"a\tb"'),
    problem: 'seq.json:2:13: JSON syntax error: a control character (U+0009) inside a string; write it as \\u0009 or \\t',
  },
  {
    what: 'a leading zero',
    text: GOOD.replace('"t"', '07'),
    problem: 'seq.json:2:11: JSON syntax error: a number cannot start with 0 unless it is 0 (write 7, not 07)',
  },
  {
    what: 'NaN',
    text: GOOD.replace('"t"', 'NaN'),
    problem: 'seq.json:2:11: JSON syntax error: expected a value, found "NaN": a value is a string in double quotes, a number, true, false, null, an object or an array',
  },
  {
    what: 'a second value after the first',
    text: `${GOOD}{}\n`,
    problem: 'seq.json:12:1: JSON syntax error: "{" after the end of the JSON value; a JSON file holds one value',
  },
  {
    what: 'nothing at all',
    text: '  \n',
    problem: 'seq.json:2:1: JSON syntax error: the JSON file is empty',
  },
];

describe('JSON sequence files: syntax errors where they are', () => {
  it('accepts the good file', () => {
    assert.ok(validateSequence(GOOD, { fileName: 'seq.json' }).ok);
  });

  for (const broken of BROKEN) {
    it(`names the line and column of ${broken.what}`, () => {
      assert.throws(() => JSON.parse(broken.text));
      const result = validateSequence(broken.text, { fileName: 'seq.json' });
      assert.ok(!result.ok);
      assert.equal(formatProblems('seq.json', result.problems), broken.problem);
    });
  }

  it('reads a file without an extension as JSON when it starts with "{", with the same positions', () => {
    const result = validateSequence(BROKEN[0]?.text ?? '', { fileName: 'seq' });
    assert.ok(!result.ok);
    assert.equal(formatProblems('seq', result.problems), 'seq:9:38: JSON syntax error: trailing comma before "]": JSON allows no "," after the last item');
  });

  it('refuses a duplicate key, which JSON.parse would silently let win', () => {
    const result = validateSequence(GOOD.replace('"name": "t",', '"name": "t", "name": "u",'), { fileName: 'seq.json' });
    assert.ok(!result.ok);
    assert.equal(formatProblems('seq.json', result.problems), 'seq.json:2:16: JSON syntax error: duplicate key "name" (first on line 2); keys must be unique');
  });
});
