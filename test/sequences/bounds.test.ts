import assert from 'node:assert/strict';
import {
  MAX_DESCRIPTION_CHARS,
  MAX_EDGES,
  MAX_ID_CHARS,
  MAX_NAME_CHARS,
  MAX_NODES,
  MAX_TEMPLATES,
  MAX_VARIABLES,
  MAX_VARIANTS,
} from '../../src/sequences/limits';
import { formatProblems, validateSequence } from '../../src/sequences/validate';
import { chainYaml, everyLimitYaml } from './generated';
import { graphOf } from './helpers';

/** The one problem a file is refused with, as `validate` prints it. */
function refusal(text: string, fileName = 'seq.yaml'): string {
  const result = validateSequence(text, { fileName });
  assert.ok(!result.ok, 'expected the file to be refused');
  return formatProblems(fileName, result.problems, result.total);
}

const ONE_NODE = 'nodes: [{ id: a, action: CHECK_FOR_REPLY }]\nedges: [{ from: a, trigger: END }]\n';

describe('sequence file bounds', function () {
  this.timeout(120_000);

  describe('size, tokens, nesting', () => {
    it('refuses text over 1 MiB before parsing it', () => {
      assert.equal(refusal(`name: t\ndescription: ${'x'.repeat(1024 * 1024)}\n`), 'seq.yaml: sequence: the text is 1,048,598 bytes, over the limit of 1 MiB (1,048,576 bytes) for a sequence file');
    });

    it('refuses more than 300,000 tokens at the token that passes the limit, before the parser builds them', () => {
      assert.equal(
        refusal(`x: [${'1,'.repeat(150_001)}1]\n`),
        'seq.yaml:1:300001: sequence: the file holds more than 300,000 YAML tokens (keys, values, punctuation, line breaks and comments), ' +
          'the limit for a sequence file (one at every count limit has under 180,000)',
      );
    });

    const tooDeep = 'nested more than 16 levels deep, the limit for a sequence file (the format itself needs 5)';
    for (const [shape, text, at] of [
      ['block lists', `${'- '.repeat(100_000)}x\n`, '1:33'],
      ['flow lists', `${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, '1:17'],
      ['flow mappings', `${'{"a":'.repeat(70_000)}1${'}'.repeat(70_000)}\n`, '1:81'],
      ['block mappings', Array.from({ length: 1_400 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n', '17:17'],
    ] as const) {
      it(`refuses ${shape} nested as deep as the file size allows at the first level too deep, without overflowing the stack`, () => {
        assert.equal(refusal(text), `seq.yaml:${at}: sequence: ${tooDeep}`);
      });
    }

    it('refuses 100,000 nested JSON arrays and objects in the JSON check', () => {
      assert.equal(refusal('['.repeat(100_000) + ']'.repeat(100_000), 'seq.json'), `seq.json:1:17: JSON syntax error: ${tooDeep}`);
      assert.equal(refusal('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000), 'seq.json'), `seq.json:1:81: JSON syntax error: ${tooDeep}`);
    });

    it('refuses nesting that only aliases make deep', () => {
      const levels = Array.from({ length: 9 }, (_, i) => (i === 0 ? 'l0: &l0 [x]' : `l${i}: &l${i} [[*l${i - 1}]]`));
      assert.equal(
        refusal(`${levels.join('\n')}\n`),
        `seq.yaml:2:10: l8[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: ${tooDeep} with its aliases expanded`,
      );
    });

    it('refuses a second YAML document', () => {
      assert.equal(
        refusal(`name: a\n${ONE_NODE}---\nname: b\n`),
        'seq.yaml:4:1: YAML syntax error: the file holds more than one document (a line with --- starts another); a sequence file holds one',
      );
    });

    it('finds a duplicate key in a mapping of 50,000 keys at once, on the second one', () => {
      const keys = Array.from({ length: 50_000 }, (_, i) => `k${i}: 1`);
      keys.push('k7: 2');
      assert.equal(refusal(`${keys.join('\n')}\n`), 'seq.yaml:50001:1: YAML syntax error: duplicate key "k7" (first on line 8); keys must be unique');
    });
  });

  describe('aliases', () => {
    it('refuses the billion-laughs bomb at the 101st alias it expands', () => {
      const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (const [i, k] of [...'bcdefghi'].entries()) lines.push(`${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`);
      assert.equal(
        refusal(`${lines.join('\n')}\n`),
        'seq.yaml:3:8: d[0][0]: alias *b: more than 100 aliases expanded, the limit for a sequence file (an alias inside an anchored value counts once for every copy)',
      );
    });

    it('refuses few aliases that expand to more than 2 MiB of text', () => {
      const big = 'x'.repeat(100_000);
      const text = `name: t\ndescription: &d "${big}"\nvariables: [${Array(25).fill('*d').join(', ')}]\n${ONE_NODE}`;
      assert.equal(refusal(text), 'seq.yaml:2:17: variables[19]: holds more than 2 MiB of text with its aliases expanded (the limit for a sequence file)');
    });

    it('refuses an alias inside the value it names', () => {
      assert.equal(refusal('name: &n [t, *n]\n'), 'seq.yaml:1:14: name[1]: alias *n is inside the value it names, so it would never end');
    });

    it('refuses an alias whose anchor comes later or never', () => {
      assert.equal(refusal('name: *n\nx: &n t\n'), 'seq.yaml:1:7: YAML syntax error: alias *n names no anchor written before it');
    });

    it('still lets an anchor share one body between templates', () => {
      const graph = graphOf(`
        name: shared
        templates:
          a: { body: &hi "Hi {{ first_name | default: 'there' }}" }
          b: { body: *hi }
        nodes:
          - { id: dm, action: SEND_TWITTER_DM, template: a }
          - { id: again, action: SEND_TWITTER_DM, template: b }
        edges:
          - { from: dm, to: again, trigger: NORMAL_EDGE }
          - { from: again, trigger: END }
      `);
      assert.equal(graph.templates.b?.variants[0]?.body, "Hi {{ first_name | default: 'there' }}");
    });
  });

  describe('counts', () => {
    it(`accepts a chain of ${MAX_NODES} nodes and refuses ${MAX_NODES + 1}, naming the limit`, () => {
      assert.equal(graphOf(chainYaml(MAX_NODES)).nodes.length, MAX_NODES);
      assert.equal(refusal(chainYaml(MAX_NODES + 1)), 'seq.yaml:3:3: sequence: "nodes" lists 1,001 nodes, over the limit of 1,000 for a sequence');
    });

    it(`accepts a file at every count limit at once: ${MAX_NODES} nodes, ${MAX_EDGES} edges, ${MAX_TEMPLATES} templates, ${MAX_VARIANTS} variants`, () => {
      const graph = graphOf(everyLimitYaml({ nodes: MAX_NODES, variants: MAX_VARIANTS / MAX_NODES }));
      assert.equal(graph.edges.length, MAX_EDGES);
      assert.equal(Object.values(graph.templates).flatMap((t) => t.variants).length, MAX_VARIANTS);
    });

    it('refuses more edges than nodes can have exits, and skips the graph rules that would report what was not read', () => {
      const edges = Array.from({ length: MAX_EDGES + 1 }, () => '  - { from: a, trigger: END }').join('\n');
      const result = validateSequence(`name: t\nnodes: [{ id: a, action: CHECK_FOR_REPLY }]\nedges:\n${edges}\n`, { fileName: 'seq.yaml' });
      assert.ok(!result.ok);
      assert.equal(formatProblems('seq.yaml', result.problems), 'seq.yaml:4:3: sequence: "edges" lists 3,001 edges, over the limit of 3,000 for a sequence');
    });

    it('refuses more templates, more variants in all, or more variables than the limits', () => {
      const templates = (n: number, variants: number) =>
        Array.from({ length: n }, (_, i) => `  t${i}: { variants: [${Array.from({ length: variants }, (_, v) => `{ id: v${v}, body: hi }`).join(', ')}] }`).join('\n');
      assert.equal(
        refusal(`name: t\ntemplates:\n${templates(MAX_TEMPLATES + 1, 1)}\n${ONE_NODE}`),
        'seq.yaml:3:3: sequence: "templates" holds 1,001 templates, over the limit of 1,000 for a sequence',
      );
      assert.equal(
        refusal(`name: t\ntemplates:\n${templates(41, 50)}\n${ONE_NODE}`),
        'seq.yaml:3:3: sequence: the templates hold 2,050 variants together, over the limit of 2,000 for a sequence',
      );
      const variables = Array.from({ length: MAX_VARIABLES + 1 }, (_, i) => `v${i}`).join(', ');
      assert.equal(refusal(`name: t\nvariables: [${variables}]\n${ONE_NODE}`), 'seq.yaml:2:12: sequence: "variables" lists 101 variables, over the limit of 100 for a sequence');
    });

    it('refuses more than 100 variants in one template without reading them', () => {
      const variants = Array.from({ length: 101 }, (_, v) => `{ id: v${v}, body: hi }`).join(', ');
      const text = `name: t\ntemplates:\n  hi: { variants: [${variants}] }\nnodes: [{ id: a, action: SEND_EMAIL, template: hi }]\nedges: [{ from: a, trigger: END }]\n`;
      assert.equal(refusal(text), 'seq.yaml:3:19: template hi: "variants" lists 101 variants; a template has at most 100 (weights are whole percentages)');
    });
  });

  describe('text', () => {
    it(`accepts a name of ${MAX_NAME_CHARS} characters and refuses one longer, saying why`, () => {
      assert.equal(graphOf(`name: ${'n'.repeat(MAX_NAME_CHARS)}\n${ONE_NODE}`).name.length, MAX_NAME_CHARS);
      assert.equal(
        refusal(`name: ${'n'.repeat(2000)}\n${ONE_NODE}`),
        'seq.yaml:1:7: sequence: "name" is 2,000 characters long; at most 100 ' +
          "(it is part of every journey's workflow id, journey-<name>-<person id>, and of the OutreachSequence search attribute)",
      );
    });

    it(`refuses ids over ${MAX_ID_CHARS} characters wherever they are written`, () => {
      const long = 'i'.repeat(MAX_ID_CHARS + 1);
      const problems = refusal(`name: t\nnodes: [{ id: ${long}, action: CHECK_FOR_REPLY }]\nedges: [{ from: ${long}, trigger: END }]\n`);
      const why = '65 characters long; at most 64 (ids appear in search attributes, event keys and logs)';
      assert.equal(problems, `seq.yaml:2:15: node #1: "id" is ${why}\nseq.yaml:3:17: edge #1 ("${'i'.repeat(40)}…" (65 characters) -> (end), END): "from" is ${why}`);
    });

    it(`refuses a description over ${MAX_DESCRIPTION_CHARS} characters, counting characters, not bytes`, () => {
      assert.equal(graphOf(`name: t\ndescription: "${'é'.repeat(MAX_DESCRIPTION_CHARS)}"\n${ONE_NODE}`).description?.length, MAX_DESCRIPTION_CHARS);
      assert.equal(
        refusal(`name: t\ndescription: ${'d'.repeat(10_000)}\n${ONE_NODE}`),
        'seq.yaml:2:14: sequence: "description" is 10,000 characters long; at most 2,000 (it travels in every journey\'s workflow input)',
      );
    });

    it('quotes a huge unknown value shortened, so the message stays short', () => {
      assert.equal(
        refusal(`name: t\nnodes: [{ id: a, action: ${'X'.repeat(100_000)} }]\nedges: [{ from: a, trigger: END }]\n`),
        `seq.yaml:2:26: node a: unknown action "${'X'.repeat(40)}…" (100,000 characters); allowed: SEND_CONNECTION_REQUEST, SEND_TWITTER_DM, ` +
          'SEND_LINKEDIN_DM, SEND_XMTP_DM, SEND_EMAIL, FOLLOW_ON_TWITTER, UNFOLLOW_ON_TWITTER, CHECK_FOR_REPLY',
      );
    });

    it('refuses ids every JavaScript object already has, which would read the built-in instead of a visit count', () => {
      assert.equal(
        refusal('name: t\nnodes: [{ id: constructor, action: CHECK_FOR_REPLY }]\nedges: [{ from: a, trigger: END }]\n').split('\n')[0],
        'seq.yaml:2:15: node #1: "id" is "constructor", a name every JavaScript object already has; choose another',
      );
      assert.match(refusal(`name: t\ntemplates: { toString: { body: hi } }\n${ONE_NODE}`), /:2:14: sequence: template id is "toString", a name every JavaScript object already has/);
    });

    for (const [what, escape] of [['YAML \\0', '\\0'], ['YAML \\x00', '\\x00'], ['a \\u0000 escape', '\\u0000']] as const) {
      it(`refuses a NUL character written as ${what}, naming its line and field (Postgres cannot store it)`, () => {
        assert.equal(
          refusal(`name: t\ntemplates:\n  hi: { body: "a${escape}b" }\n${ONE_NODE}`),
          'seq.yaml:3:15: templates.hi.body: the text holds a NUL character (\\u0000), which cannot be stored; remove it',
        );
      });
    }

    it('refuses a NUL escape in a JSON file too', () => {
      assert.equal(
        refusal('{\n  "name": "t",\n  "description": "a\\u0000b"\n}\n', 'seq.json'),
        'seq.json:3:18: description: the text holds a NUL character (\\u0000), which cannot be stored; remove it',
      );
    });

    it('refuses half a surrogate pair, which Postgres cannot store either', () => {
      assert.equal(
        refusal(`name: t\ndescription: "\\ud83d alone"\n${ONE_NODE}`),
        'seq.yaml:2:14: description: the text holds half of a UTF-16 surrogate pair (an escape such as \\ud800 alone), which is not a character and cannot be stored',
      );
      assert.equal(graphOf(`name: t\ndescription: "\\ud83d\\ude00 whole"\n${ONE_NODE}`).description, '\u{1F600} whole');
    });
  });

  describe('problems', () => {
    it('lists the first 200 problems in file order and counts them all', () => {
      const edges = Array.from({ length: 500 }, (_, i) => `  - { from: ghost${i}, trigger: END }`).join('\n');
      const result = validateSequence(`name: t\nnodes: [{ id: a, action: CHECK_FOR_REPLY }]\nedges:\n  - { from: a, trigger: END }\n${edges}\n`, { fileName: 'seq.yaml' });
      assert.ok(!result.ok);
      assert.equal(result.total, 500);
      assert.equal(result.problems.length, 200);
      const lines = formatProblems('seq.yaml', result.problems, result.total).split('\n');
      assert.equal(lines[0], 'seq.yaml:5:13: edge #2 (ghost0 -> (end), END): from node "ghost0" does not exist');
      assert.equal(lines[200], 'seq.yaml: 300 more problems not listed (the first 200 are)');
    });
  });
});
