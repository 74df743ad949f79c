import assert from 'node:assert/strict';
import { classifyReply, MAX_REPLY_CHARS } from '../../src/replies/classify';
import { headersFromFields } from '../../src/replies/header-fields';

const receivedAt = new Date('2026-12-02T09:00:00Z');

describe('replies: the layers of classifyReply', () => {
  it('takes a delivery report or the mailer daemon for a bounce, whatever the text says', async () => {
    const dsn = headersFromFields({ 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b"', From: 'MAILER-DAEMON@mx.example.com' });
    assert.deepEqual(await classifyReply({ channel: 'email', text: 'Out of office. Unsubscribe.', headers: dsn, receivedAt }), { kind: 'bounce' });
    const daemon = headersFromFields({ From: 'Mail Delivery System <postmaster@example.de>', 'Return-Path': '<>' }, 'Unzustellbar');
    assert.deepEqual(await classifyReply({ channel: 'email', text: '550 5.1.1', headers: daemon, receivedAt }), { kind: 'bounce' });
  });

  it('takes RFC 3834 and vendor auto-reply headers for automatic, or out-of-office when the text is one', async () => {
    for (const fields of <Record<string, string>[]>[{ 'Auto-Submitted': 'auto-replied' }, { 'X-Autoreply': 'yes' }, { 'X-Autorespond': 'vacation' }, { Precedence: 'auto_reply' }]) {
      const headers = headersFromFields({ ...fields, From: 'kim@example.com' });
      assert.deepEqual(await classifyReply({ channel: 'email', text: 'We received your request #123.', headers, receivedAt }), { kind: 'automatic' }, JSON.stringify(fields));
      assert.deepEqual(
        await classifyReply({ channel: 'email', text: 'Je suis absente du bureau, de retour le 3 janvier.', headers, receivedAt }),
        { kind: 'out_of_office', returnAt: '2027-01-03T00:00:00.000Z' },
      );
    }
  });

  it("takes Exchange's localised automatic-reply subjects for automatic", async () => {
    for (const subject of ['Automatic reply: Quick question', 'Respuesta automática: Pregunta', 'Resposta automática: Pergunta', 'Automatische Antwort: Frage', 'Réponse automatique : Question']) {
      const headers = headersFromFields({ From: 'kim@example.com' }, subject);
      assert.deepEqual(await classifyReply({ channel: 'email', text: 'Thanks for your message.', headers, receivedAt }), { kind: 'automatic' }, subject);
    }
  });

  it('reads out-of-office text on channels without headers', async () => {
    assert.deepEqual(await classifyReply({ channel: 'linkedin', text: "Thanks! I'm away on a business trip, back next week.", receivedAt }), {
      kind: 'out_of_office',
      returnAt: '2026-12-09T00:00:00.000Z',
    });
  });

  it('takes a note with no automatic header that also asks to stop for an opt-out: a person wrote it', async () => {
    const result = await classifyReply({ channel: 'email', text: "I'm out of the office until Monday. Also, please remove me from your list.", receivedAt });
    assert.deepEqual(result, { kind: 'opt_out', phrase: 'remove me from' });
  });

  it('puts opt-outs before sentiment and names the words that asked', async () => {
    assert.deepEqual(await classifyReply({ channel: 'xmtp', text: 'pls stop messaging this address', receivedAt }), { kind: 'opt_out', phrase: 'stop' });
    assert.deepEqual(await classifyReply({ channel: 'x', text: 'yes', receivedAt }), { kind: 'human', sentiment: 'positive' });
  });

  it(`reads only the first ${MAX_REPLY_CHARS} characters`, async () => {
    const filler = 'lorem '.repeat(Math.ceil(MAX_REPLY_CHARS / 6));
    assert.equal((await classifyReply({ channel: 'email', text: `${filler} unsubscribe`, receivedAt })).kind, 'human');
    assert.equal((await classifyReply({ channel: 'email', text: `unsubscribe ${filler}`, receivedAt })).kind, 'opt_out');
  });

  it('returns on hostile input of 100,000 characters (no expression backtracks on it)', async () => {
    const n = 100_000;
    const hostile = [
      `On ${' '.repeat(n)}x`,
      '\n'.repeat(n),
      '> '.repeat(n / 2),
      `${'-'.repeat(n)}x`,
      `${'_'.repeat(n)}x`,
      `On x${' wrote'.repeat(n / 6)} y`,
      'remove '.repeat(n / 7),
      `don't ${'a '.repeat(n / 2)}`,
      `I am out of the office until ${'1/1/'.repeat(n / 4)}`,
      `Ich bin nicht im Büro bis ${'1.1.'.repeat(n / 4)}`,
      `out of office ${'the 1st '.repeat(n / 8)}`,
      'é'.repeat(n),
      `${'From: <'.repeat(n / 7)}`,
    ];
    for (const text of hostile) {
      const result = await classifyReply({ channel: 'email', text, subject: text, receivedAt });
      assert.ok(result.kind, text.slice(0, 20));
    }
  });
});
