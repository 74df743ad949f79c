import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MessageTemplate } from '../../src/sequences/model';
import { chooseVariant } from '../../src/sequences/variants';

const template = (...weights: number[]): MessageTemplate => ({
  id: 't',
  variants: weights.map((weight, i) => ({ id: String.fromCharCode(97 + i), weight, body: '' })),
});
const pick = (t: MessageTemplate, roll: number) => chooseVariant(t, roll).id;

describe('choosing a variant', () => {
  it('splits 50/50 at exactly one half', () => {
    const t = template(50, 50);
    assert.equal(pick(t, 0), 'a');
    assert.equal(pick(t, 0.4999999), 'a');
    assert.equal(pick(t, 0.5), 'b');
    assert.equal(pick(t, 0.9999999999999999), 'b');
  });

  it('honours uneven weights at their boundaries', () => {
    const t = template(33, 33, 34);
    assert.equal(pick(t, 0.3299), 'a');
    assert.equal(pick(t, 0.33), 'b');
    assert.equal(pick(t, 0.6599), 'b');
    assert.equal(pick(t, 0.66), 'c');
  });

  it('always picks a lone variant', () => {
    assert.equal(pick(template(100), 0.999), 'a');
  });

  it('never picks a variant of weight zero', () => {
    const t = template(0, 100);
    assert.equal(pick(t, 0), 'b');
  });

  it('rejects a roll outside [0, 1)', () => {
    for (const roll of [-0.1, 1, Number.NaN]) assert.throws(() => chooseVariant(template(100), roll), RangeError);
  });

  it('imports nothing but the model, so workflow code may use it', () => {
    const source = readFileSync(join(__dirname, '../../src/sequences/variants.ts'), 'utf8');
    assert.deepEqual(source.match(/from '[^']+'/g), ["from './model'"]);
  });
});
