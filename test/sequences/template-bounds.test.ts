import assert from 'node:assert/strict';
import { SAMPLE_VALUE } from '../../src/sequences/template-trial';
import { graphOf, problemsOf } from './helpers';

/** A one-node DM sequence whose template `intro` has this body, written on line 4. */
const dm = (body: string, extra = '') => `
name: t
variables: [count]
templates:
  intro: { body: ${JSON.stringify(body)} }${extra}
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: intro }
edges:
  - { from: dm, trigger: END }
`;

function onlyProblem(text: string): { line: number | undefined; message: string } {
  const problems = problemsOf(text);
  assert.equal(problems.length, 1, problems.map((p) => p.message).join('\n'));
  const [p] = problems;
  return { line: p!.line, message: p!.message };
}

const STEPS = 'the limit of 100,000 steps a render may take (every piece rendered, loop pass and item a filter evaluates is a step)';
const MEMORY = 'the limit of 1,000,000 characters and list items a render may build or scan';
const OUTPUT = 'the limit of 50,000 characters a message may have';

describe('template bounds', () => {
  describe('what the template alone shows', () => {
    it('refuses the loop over a billion-item range that stopped workers', () => {
      assert.deepEqual(onlyProblem(dm('{% for i in (1..1000000000) %}xxxxxxxxxx{% endfor %}')), {
        line: 4,
        message: `template intro, body: (1..1000000000) makes a list of 1,000,000,000 items, over ${MEMORY}`,
      });
    });

    it('refuses a range over the memory limit wherever it is written, even in a filter argument', () => {
      assert.deepEqual(onlyProblem(dm("{{ 'x' | append: (1..2000000) }}")), {
        line: 4,
        message: `template intro, body: (1..2000000) makes a list of 2,000,000 items, over ${MEMORY}`,
      });
    });

    it('refuses a loop of more passes than a render has steps', () => {
      assert.deepEqual(onlyProblem(dm('{% for i in (1..200000) %}{% endfor %}')), {
        line: 4,
        message: `template intro, body: {% for i in (1..200000) %} runs 200,000 passes, over ${STEPS}`,
      });
    });

    it('refuses nested loops whose passes multiply past the step limit, naming the factors', () => {
      assert.deepEqual(onlyProblem(dm('{% for i in (1..1000) %}{% tablerow j in (1..1000) %}x{% endtablerow %}{% endfor %}')), {
        line: 4,
        message: `template intro, body: {% tablerow j in (1..1000) %} runs 1,000,000 passes in all (1,000 × 1,000 with the loops around it), over ${STEPS}`,
      });
    });

    it('counts literal limit and offset, and judges a loop inside a branch no sample takes', () => {
      graphOf(dm('{% for i in (1..300000) limit: 3 %}x{% endfor %}{% for i in (1..300000) offset: 299990 %}x{% endfor %}'));
      assert.deepEqual(onlyProblem(dm("{% if first_name == 'zz' %}{% for i in (1..300000) limit: 150000 %}{% endfor %}{% endif %}")), {
        line: 4,
        message: `template intro, body: {% for i in (1..300000) limit: 150000 %} runs 150,000 passes, over ${STEPS}`,
      });
    });

    it('refuses a loop whose literal text alone overflows a message', () => {
      assert.deepEqual(onlyProblem(dm('{% for i in (1..5001) %}xxxxxxxxxx{% endfor %}')), {
        line: 4,
        message: `template intro, body: {% for i in (1..5001) %} writes at least 50,010 characters (10 a pass × 5,001 passes), over ${OUTPUT}`,
      });
    });

    it('accepts a loop that writes exactly the longest message', () => {
      graphOf(dm('{% for i in (1..5000) %}xxxxxxxxxx{% endfor %}'));
    });

    it('leaves a loop that may break to the trial render, which finds it bounded', () => {
      graphOf(dm('{% for i in (1..500000) %}{% if i > 3 %}{% break %}{% endif %}x{% endfor %}'));
    });

    it('accepts a loop bounded by an audience variable, which only the send can judge', () => {
      graphOf(dm('{% for i in (1..count) %}xxxxxxxxxx{% endfor %}'));
    });

    it('refuses a template over 20,000 characters and accepts one of exactly 20,000', () => {
      assert.deepEqual(onlyProblem(dm('é'.repeat(20_001))), {
        line: 4,
        message: 'template intro, body: has 20,001 characters; a template may have at most 20,000',
      });
      graphOf(dm('é'.repeat(20_000)));
    });

    it('refuses blocks nested more than 50 deep and accepts 50', () => {
      const nested = (n: number) => '{% if true %}'.repeat(n) + 'x' + '{% endif %}'.repeat(n);
      assert.deepEqual(onlyProblem(dm(nested(51))), {
        line: 4,
        message: 'template intro, body: nests blocks 51 deep; a template may nest at most 50',
      });
      graphOf(dm(nested(50)));
    });

    it('refuses brackets nested too deeply to parse, without a stack trace', () => {
      const deep = '{{ x' + '[x'.repeat(6000) + ']'.repeat(6000) + ' }}';
      assert.deepEqual(onlyProblem(dm(deep)), {
        line: 4,
        message: 'template intro, body: nests too deeply to parse (tags, brackets or filters within one another)',
      });
    });
  });

  describe('trial renders', () => {
    it('refuses a capture that grows each pass, at the output limit, with long sample values', () => {
      const body = '{% capture s %}{{ first_name }}{% endcapture %}{% for i in (1..300) %}{{ s }}{% endfor %}';
      assert.deepEqual(onlyProblem(dm(body)), {
        line: 4,
        message: `template intro, body: a trial render with every variable 256 characters long: rendering stopped at ${OUTPUT}`,
      });
    });

    it('refuses text doubled by a filter in a loop, at the memory limit', () => {
      const body = "{% assign s = 'xxxxxxxxxx' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}";
      assert.deepEqual(onlyProblem(dm(body)), {
        line: 4,
        message: `template intro, body: a trial render with every variable 256 characters long: rendering stopped at ${MEMORY}`,
      });
    });

    it('refuses loops nested over an assigned range, at the step limit', () => {
      const body = '{% assign r = (1..1000) %}{% for a in r %}{% for b in r %}{% endfor %}{% endfor %}';
      assert.deepEqual(onlyProblem(dm(body)), {
        line: 4,
        message: `template intro, body: a trial render with every variable 256 characters long: rendering stopped at ${STEPS}`,
      });
    });

    it('refuses an expression filter nested in another, which scans a list once per item', () => {
      const body = "{% assign a = (1..5000) %}{% assign b = a | where_exp: 'x', 'a contains x' %}{{ b | size }}";
      assert.deepEqual(onlyProblem(dm(body)), {
        line: 4,
        message: `template intro, body: a trial render with every variable 256 characters long: rendering stopped at ${MEMORY}`,
      });
    });

    it('accepts exactly as many steps as a render has: 99,996 empty passes, but not 99,997', () => {
      graphOf(dm('{% for i in (1..99996) %}{% endfor %}'));
      assert.deepEqual(onlyProblem(dm('{% for i in (1..99997) %}{% endfor %}')), {
        line: 4,
        message: `template intro, body: a trial render with every variable 256 characters long: rendering stopped at ${STEPS}`,
      });
    });

    it('tries the default path too: every variable empty', () => {
      const body = "{% assign n = first_name | default: 'many' %}{% if n == 'many' %}{% for i in (1..10) %}{% capture s %}{{ s }}{{ s }}x{% endcapture %}{% endfor %}{% for i in (1..100) %}{{ s }}{% endfor %}{% endif %}";
      assert.deepEqual(onlyProblem(dm(body)), {
        line: 4,
        message: `template intro, body: a trial render with every variable empty: rendering stopped at ${OUTPUT}`,
      });
    });

    it('names the variant and the subject', () => {
      const text = dm('hi').replace(
        `  intro: { body: "hi" }`,
        `  intro:\n    variants:\n      - { id: a, subject: "{% for i in (1..200) %}{{ email }}{% endfor %}", body: hi }`,
      );
      const problems = problemsOf(text);
      assert.deepEqual(
        problems.map((p) => [p.line, p.message]),
        [[6, `template intro, variant a, subject: a trial render with every variable 256 characters long: rendering stopped at ${OUTPUT}`]],
      );
    });

    it('names the line of a static finding inside a | block', () => {
      const text = dm('x').replace(`  intro: { body: "x" }`, '  intro:\n    body: |\n      Hi {{ first_name }},\n      {% for i in (1..200000) %}{% endfor %}');
      assert.deepEqual(onlyProblem(text), {
        line: 7,
        message: `template intro, body: {% for i in (1..200000) %} runs 200,000 passes, over ${STEPS}`,
      });
    });

    it('accepts a real message with every variable at the sample length', () => {
      assert.equal(SAMPLE_VALUE.length, 256);
      graphOf(dm("Hi {{ first_name | default: 'there' }}, {% for w in (1..3) %}{{ w }} {% endfor %}{{ company | upcase | truncate: 40 }}").replace('[count]', '[count, company]'));
    });

    it('stops trying once a file has spent 5,000,000 steps, and says so once', function () {
      this.timeout(120_000);
      const heavy = '{% assign r = (1..300) %}{% for a in r %}{% for b in r %}{% endfor %}{% endfor %}';
      const templates = Array.from({ length: 40 }, (_, i) => `\n  t${i}: { body: "${heavy}" }`).join('');
      const problems = problemsOf(dm('hi', templates));
      assert.equal(problems.length, 1, problems.map((p) => p.message).join('\n'));
      assert.match(
        problems[0]!.message,
        /^template t\d+, body: a trial render with every variable (256 characters long|empty): rendering stopped at the limit of 5,000,000 steps for the trial renders of all of a file's templates together$/,
      );
    });
  });
});
