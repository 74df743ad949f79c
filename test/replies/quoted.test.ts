import assert from 'node:assert/strict';
import { classifyReply } from '../../src/replies/classify';
import { authored } from '../../src/replies/quoted';

const receivedAt = new Date('2026-12-02T09:00:00Z');
const authoredText = (text: string) => authored(text).text;

describe('replies: the part the person wrote', () => {
  it('cuts the quote header and everything after it, in the five languages', () => {
    const headers = [
      'On Tue, Dec 1, 2026 at 9:14 AM Sam Lee <sam@acme.io> wrote:',
      'Le mar. 1 déc. 2026 à 09:14, Sam Lee <sam@acme.io> a écrit :',
      'Am Di., 1. Dez. 2026 um 09:14 Uhr schrieb Sam Lee <sam@acme.io>:',
      'El mar, 1 dic 2026 a las 9:14, Sam Lee (<sam@acme.io>) escribió:',
      'Em ter., 1 de dez. de 2026 às 09:14, Sam Lee <sam@acme.io> escreveu:',
    ];
    for (const header of headers) {
      assert.equal(authoredText(`Sounds good, Thursday then.\n\n${header}\n> Hi, a quick call?\n> Reply unsubscribe to stop.`), 'Sounds good, Thursday then.', header);
    }
  });

  it('cuts a quote header that the mail client wrapped over two lines', () => {
    assert.equal(authoredText('Yes please.\n\nOn Tue, Dec 1, 2026 at 9:14 AM Sam Lee <\nsam@acme.io> wrote:\n> Hi'), 'Yes please.');
  });

  it("cuts Outlook's original-message separator and its From/Sent block", () => {
    assert.equal(authoredText('Good timing.\n\n-----Original Message-----\nFrom: Sam Lee <sam@acme.io>\nSent: Tuesday\n\nUnsubscribe'), 'Good timing.');
    assert.equal(authoredText('Danke.\n\nVon: Sam Lee <sam@acme.io>\nGesendet: Dienstag\nAn: Eva\n\nabmelden'), 'Danke.');
    assert.equal(authoredText('Oui.\n\n________________________________\nDe : Sam Lee <sam@acme.io>\nEnvoyé : mardi\n\nSTOP'), 'Oui.');
  });

  it('drops lines quoted with ">" and the signature email-reply-parser knows', () => {
    assert.equal(authoredText('Call me.\n> unsubscribe\n> stop'), 'Call me.');
    assert.equal(authoredText('Thanks,\nDana\n\nSent from my iPhone'), 'Thanks,\nDana');
  });

  it('keeps a P.S. after a sign-off for opt-outs, and cuts at a signature separator', async () => {
    const postscript = 'Not for now.\n\nBest regards,\nDana\n\nP.S. please remove me from the list';
    assert.deepEqual(authored(postscript), { text: 'Not for now.', withPostscript: postscript });
    assert.equal((await classifyReply({ channel: 'email', text: postscript, receivedAt })).kind, 'opt_out');
    const footer = 'Call me on Friday.\n-- \nDana | Example Corp\nTo unsubscribe from our newsletter, click here';
    assert.deepEqual(authored(footer), { text: 'Call me on Friday.', withPostscript: 'Call me on Friday.' });
  });

  it('does not count an opt-out word that only our quoted message holds', async () => {
    const quotedFooters = [
      'Can you resend the attachment?\n\nOn Tue, Dec 1, 2026 at 9:14 AM Sam Lee <sam@acme.io> wrote:\n> Not interested? Reply "unsubscribe".',
      '¿Me lo reenvías?\n\nEl mar, 1 dic 2026 a las 9:14, Sam Lee (<sam@acme.io>) escribió:\n> Si no te interesa, responde "baja".',
      'Pouvez-vous renvoyer ?\n\nLe mar. 1 déc. 2026 à 09:14, Sam Lee <sam@acme.io> a écrit :\n> Répondez STOP pour ne plus recevoir.',
    ];
    for (const text of quotedFooters) {
      assert.deepEqual(await classifyReply({ channel: 'email', text, receivedAt }), { kind: 'human', sentiment: 'neutral' }, text);
    }
    const own = 'Please take me off your list.\n\nOn Tue, Dec 1, 2026 at 9:14 AM Sam Lee <sam@acme.io> wrote:\n> Hi';
    assert.equal((await classifyReply({ channel: 'email', text: own, receivedAt })).kind, 'opt_out');
  });
});
