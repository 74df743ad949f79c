import assert from 'node:assert/strict';
import { graphOf, problemsOf, rejects } from './helpers';

/** A one-node DM sequence whose `templates:` block is `templates` (indented two spaces under it). */
const dm = (templates: string, template = 'intro') => `
name: t
templates:
${templates}
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: ${template} }
edges:
  - { from: dm, trigger: END }
`;

describe('template rules', () => {
  it('rejects a message action without a template', () => {
    rejects(
      `
      name: t
      nodes:
        - { id: mail, action: SEND_EMAIL }
      edges:
        - { from: mail, trigger: END }
      `,
      3,
      'node mail: SEND_EMAIL sends a message, so it needs a template',
    );
  });

  it('rejects a template on an action that sends nothing', () => {
    rejects(dm('  intro: { body: hi }').replace('SEND_TWITTER_DM', 'FOLLOW_ON_TWITTER'), 5, 'node dm: FOLLOW_ON_TWITTER sends no message');
  });

  it('rejects a reference to a missing template', () => {
    rejects(dm('  intro: { body: hi }', 'intr'), 5, 'node dm: template "intr" does not exist (did you mean "intro"?)');
  });

  it('accepts an unused template', () => {
    graphOf(dm('  intro: { body: hi }\n  spare: { body: unused }'));
  });

  it('rejects variant ids used twice', () => {
    const text = dm(`  intro:
    variants:
      - { id: a, body: one }
      - { id: a, body: two }`);
    rejects(text, 6, 'template intro: variant id "a" is used twice');
  });

  it('rejects weights that do not add up to 100', () => {
    const text = dm(`  intro:
    variants:
      - { id: a, weight: 60, body: one }
      - { id: b, weight: 50, body: two }`);
    rejects(text, 5, 'template intro: variant weights add up to 110, not 100');
  });

  it('rejects weights given for some variants only', () => {
    const text = dm(`  intro:
    variants:
      - { id: a, weight: 60, body: one }
      - { id: b, body: two }`);
    rejects(text, 6, 'template intro: give every variant a weight or none', 'variant b has none');
  });

  it('rejects a weight that is not a positive integer', () => {
    const text = dm(`  intro:
    variants:
      - { id: a, weight: 99.5, body: one }
      - { id: b, weight: 0.5, body: two }`);
    rejects(text, 5, 'template intro, variant a: "weight" must be a positive integer');
  });

  it('splits omitted weights equally, the last variant taking the remainder', () => {
    const graph = graphOf(
      dm(`  intro:
    variants:
      - { id: a, body: one }
      - { id: b, body: two }
      - { id: c, body: three }`),
    );
    assert.deepEqual(graph.templates.intro?.variants.map((v) => [v.id, v.weight]), [['a', 33], ['b', 33], ['c', 34]]);
  });

  it('rejects both "variants" and the one-variant shorthand on one template', () => {
    const text = dm(`  intro:
    body: hi
    variants:
      - { id: a, body: one }`);
    rejects(text, 4, 'template intro: use either "variants" or "body"');
  });

  it('rejects a template that does not parse, naming template, variant and field', () => {
    const text = dm(`  intro:
    variants:
      - { id: a, body: "Hi {{ first_name" }`);
    rejects(text, 5, 'template intro, variant a, body: does not parse as a Liquid template');
  });

  it('rejects a misspelled filter, because unknown filters fail to parse', () => {
    rejects(dm(`  intro: { body: "Hi {{ first_name | defualt: 'you' }}" }`), 3, 'template intro, body: does not parse', 'undefined filter: defualt');
  });

  it('rejects a variable that no field or default fills', () => {
    const p = rejects(dm(`  intro: { body: "Hi {{ first_name }} at {{ compnay }}" }`), 3, 'template intro, body: nothing fills {{ compnay }}');
    assert.equal(p.field, 'body');
  });

  it('names the file line of a variable inside a | block', () => {
    const text = dm(`  intro:
    body: |
      Hi {{ first_name }},
      how is {{ team }}?`);
    rejects(text, 6, 'nothing fills {{ team }}');
  });

  it('fills variables from standard fields, "variables", audience fields and defaults', () => {
    const text = dm(`  intro:
    subject: "{{ email }}"
    body: "{{ first_name }} {{ company }} {{ plan }} {{ city | default: 'your city' }}"`).replace('name: t', 'name: t\nvariables: [company]');
    graphOf(text, { audienceFields: ['plan'] });
    assertOnly(problemsOf(text), 'nothing fills {{ plan }}');
  });

  it('accepts {{ unsubscribe_url }}, which the send fills, in a footer', () => {
    graphOf(dm(`  intro: { body: "Hi {{ first_name }}\\n\\n{% if unsubscribe_url %}Unsubscribe: {{ unsubscribe_url }}{% endif %}" }`));
  });

  it('requires a default on every use of a variable that nothing else fills', () => {
    const text = dm(`  intro: { body: "{{ city | default: 'your city' }}, or rather {{ city }}" }`);
    rejects(text, 3, 'nothing fills {{ city }}', 'this use has no default');
  });

  it('does not ask for variables the template assigns or loops over itself', () => {
    graphOf(dm(`  intro: { body: "{% assign greeting = 'Hi' %}{{ greeting }} {% for i in (1..2) %}{{ i }}{% endfor %}" }`));
  });

  it('rejects include and render, which have nothing to load', () => {
    rejects(dm(`  intro: { body: "{% include 'footer' %}" }`), 3, 'template intro, body: {% include %} is not supported');
  });

  it('rejects a connection request note over 300 characters of literal text', () => {
    const long = 'x'.repeat(301);
    rejects(
      `
      name: t
      templates:
        note: { body: "${long} {{ first_name }}" }
      nodes:
        - { id: c, action: SEND_CONNECTION_REQUEST, template: note }
      edges:
        - { from: c, trigger: END }
      `,
      3,
      'template note, body: a connection request note holds at most 300 characters',
      'has 301',
    );
  });

  it('accepts a 300-character note and the same long text in a DM', () => {
    const exact = 'x'.repeat(289);
    graphOf(`
      name: t
      templates:
        note: { body: "${exact} {{ first_name }} 123456789" }
      nodes:
        - { id: c, action: SEND_CONNECTION_REQUEST, template: note }
      edges:
        - { from: c, trigger: END }
    `);
    graphOf(dm(`  intro: { body: "${'x'.repeat(400)}" }`));
  });
});

function assertOnly(problems: { message: string }[], fragment: string): void {
  assert.equal(problems.length, 1, problems.map((p) => p.message).join('\n'));
  assert.ok(problems[0]?.message.includes(fragment), problems[0]?.message);
}
