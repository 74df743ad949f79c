import assert from 'node:assert/strict';
import { outOfOffice } from '../../src/replies/out-of-office';

/** A Wednesday. */
const receivedAt = new Date('2026-12-02T09:00:00Z');
const returnDay = (text: string, timeZone = 'UTC') => outOfOffice(text, receivedAt, timeZone)?.returnAt;

describe('replies: out-of-office notes', () => {
  it('recognises notes in the five languages, with or without a date', () => {
    for (const text of [
      'I am currently out of the office with limited access to email.',
      'En este momento me encuentro fuera de la oficina.',
      'Je suis actuellement absent et je vous répondrai dès que possible.',
      'Ich bin derzeit nicht im Büro und habe nur eingeschränkten Zugriff auf meine E-Mails.',
      'No momento estou fora do escritório, com acesso limitado ao e-mail.',
    ]) {
      assert.deepEqual(outOfOffice(text, receivedAt, 'UTC'), {}, text);
    }
  });

  it('takes a reply that only mentions a future absence for no note', () => {
    assert.equal(outOfOffice("I'll be on leave in January, so let's talk in February.", receivedAt, 'UTC'), undefined);
    assert.equal(outOfOffice('Estaré de vacaciones en enero, mejor en febrero.', receivedAt, 'UTC'), undefined);
  });

  it('reads the return day in each language and in several formats', () => {
    assert.equal(returnDay("I'm out of the office and will be back on Monday 14th."), '2026-12-14T00:00:00.000Z');
    assert.equal(returnDay('Je suis absente du bureau, de retour le 3 janvier.'), '2027-01-03T00:00:00.000Z');
    assert.equal(returnDay('Ich bin bis einschließlich 4.1. nicht im Büro und ab dem 5.1. wieder erreichbar.'), '2027-01-05T00:00:00.000Z');
    assert.equal(returnDay('Estou de férias e volto dia 10/01.'), '2027-01-10T00:00:00.000Z');
    assert.equal(returnDay('Estoy fuera de la oficina hasta el 7 de enero.'), '2027-01-07T00:00:00.000Z');
    assert.equal(returnDay("I'm out of the office until Monday."), '2026-12-07T00:00:00.000Z');
    assert.equal(returnDay('Ich bin vom 21.12.2026 bis 03.01.2027 im Urlaub. Ab dem 04.01.2027 bin ich wieder für Sie da.'), '2027-01-04T00:00:00.000Z');
  });

  it('takes the latest date when a note gives a range and a return', () => {
    assert.equal(returnDay("I'm on vacation from December 21 through January 4 and will return on January 5."), '2027-01-05T00:00:00.000Z');
  });

  it('gives the instant the return day starts in the time zone', () => {
    assert.equal(returnDay('Je suis absente du bureau, de retour le 3 janvier.', 'Europe/Paris'), '2027-01-02T23:00:00.000Z');
    assert.equal(returnDay("I'm out of the office until Monday.", 'America/New_York'), '2026-12-07T05:00:00.000Z');
  });

  it('ignores dates before the day it was received and more than a year after', () => {
    assert.equal(returnDay('I am out of the office since November 20, 2026.'), undefined);
    assert.equal(returnDay('I am out of the office until March 3, 2028.'), undefined);
    assert.equal(returnDay('I am out of the office. Call me at 5pm.'), undefined);
  });
});
