import assert from 'node:assert/strict';
import { classifyReply } from '../../src/replies/classify';
import { headersFromFields } from '../../src/replies/header-fields';
import { rulesSentiment, type ReplySentimentClassifier, type SentimentContext } from '../../src/replies/sentiment';

const receivedAt = new Date('2026-12-02T09:00:00Z');
const sentiment = (text: string) => rulesSentiment.classify(text, { channel: 'email', original: text });

describe('replies: sentiment of a human reply', () => {
  it('reads interest and meetings as positive in the five languages', () => {
    for (const text of ["Yes, let's do it. Tuesday at 2pm works.", 'Sí, me interesa. ¿Hablamos el jueves?', 'Oui avec plaisir, jeudi 10h ?', 'Klingt interessant, schicken Sie mir Termine.', 'Sim, tenho interesse. Podemos falar na quinta?']) {
      assert.equal(sentiment(text), 'positive', text);
    }
  });

  it('reads refusals, annoyance and listed sarcasm as negative', () => {
    for (const text of ['We already use Tipalti and are happy with it.', 'Oh great, another sales pitch.', 'No tenemos presupuesto.', 'Trop cher pour nous.', 'Na super, noch ein Tool. Nein.', 'Caro demais para nós.']) {
      assert.equal(sentiment(text), 'negative', text);
    }
  });

  it('reads one-word answers: yes-words positive, no-words negative, ok and ? neutral', () => {
    for (const text of ['yes', 'Sure!', 'sí', 'oui', 'ja', 'sim']) assert.equal(sentiment(text), 'positive', text);
    for (const text of ['no', 'nope', 'non', 'nein', 'não']) assert.equal(sentiment(text), 'negative', text);
    for (const text of ['ok', '?', '¿?', '']) assert.equal(sentiment(text), 'neutral', text);
  });

  it('reads questions and referrals as neutral', () => {
    for (const text of ['What exactly does your product do?', "I'm not the right person. Talk to my colleague Priya.", 'Habla con mi compañero Javier.', 'Wenden Sie sich bitte an meine Kollegin.']) {
      assert.equal(sentiment(text), 'neutral', text);
    }
  });

  it('asks the classifier it is given, with the authored text and the context, and awaits it', async () => {
    const calls: [string, SentimentContext][] = [];
    const model: ReplySentimentClassifier = {
      classify: async (text, context) => {
        calls.push([text, context]);
        return 'negative' as const;
      },
    };
    const text = 'Yes, sounds great!\n\nOn Tue, Dec 1, 2026 at 9:14 AM Sam Lee <sam@acme.io> wrote:\n> Hi';
    assert.deepEqual(await classifyReply({ channel: 'linkedin', text, subject: 'Hello', receivedAt }, { sentiment: model }), { kind: 'human', sentiment: 'negative' });
    assert.deepEqual(calls, [['Yes, sounds great!', { channel: 'linkedin', subject: 'Hello', original: text }]]);
  });

  it('does not ask the classifier about opt-outs, out-of-office notes or automatic mail', async () => {
    const model: ReplySentimentClassifier = { classify: () => assert.fail('the classifier was asked') };
    assert.equal((await classifyReply({ channel: 'x', text: 'stop', receivedAt }, { sentiment: model })).kind, 'opt_out');
    assert.equal((await classifyReply({ channel: 'email', text: 'I am out of the office.', receivedAt }, { sentiment: model })).kind, 'out_of_office');
    const headers = headersFromFields({ 'Auto-Submitted': 'auto-generated', From: 'support@example.com' });
    assert.equal((await classifyReply({ channel: 'email', text: 'Ticket #12 received.', headers, receivedAt }, { sentiment: model })).kind, 'automatic');
  });
});
