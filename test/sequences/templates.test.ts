import assert from 'node:assert/strict';
import { renderTemplate } from '../../src/sequences/templates';

describe('rendering templates', () => {
  const intro = { id: 'a', weight: 100, body: "Hey {{ first_name | default: 'there' }}, loved your posts about {{ company }}" };

  it('fills variables', () => {
    assert.deepEqual(renderTemplate(intro, { first_name: 'Ada', company: 'Acme' }), {
      body: 'Hey Ada, loved your posts about Acme',
    });
  });

  it('uses the default for a missing or empty field, and renders other missing variables empty', () => {
    assert.equal(renderTemplate(intro, {}).body, 'Hey there, loved your posts about');
    assert.equal(renderTemplate(intro, { first_name: '', company: 'Acme' }).body, 'Hey there, loved your posts about Acme');
  });

  it('treats an empty field as false in an if', () => {
    const variant = { id: 'a', weight: 100, body: '{% if first_name %}Hi {{ first_name }}{% else %}Hello{% endif %}!' };
    assert.equal(renderTemplate(variant, { first_name: '' }).body, 'Hello!');
    assert.equal(renderTemplate(variant, { first_name: 'Ada' }).body, 'Hi Ada!');
  });

  it('does not HTML-escape: messages are plain text', () => {
    const variant = { id: 'a', weight: 100, body: '{{ company }} & you' };
    assert.equal(renderTemplate(variant, { company: 'Smith & <Sons>' }).body, 'Smith & <Sons> & you');
  });

  it('renders the subject too, and trims both', () => {
    const variant = { id: 'a', weight: 100, subject: ' Hi {{ first_name }} ', body: 'Line one\n{% if x %}\nno{% endif %}\n' };
    assert.deepEqual(renderTemplate(variant, { first_name: 'Ada' }), { subject: 'Hi Ada', body: 'Line one' });
  });
});
