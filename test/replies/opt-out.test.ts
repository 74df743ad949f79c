import assert from 'node:assert/strict';
import { optOutPhrase } from '../../src/replies/opt-out';

describe('replies: opt-outs', () => {
  it('finds stop words and unsubscribe requests in the five languages', () => {
    for (const text of ['STOP', 'unsubscribe', 'Please remove me from your mailing list.', 'BAJA', 'Quiero darme de baja.', 'Désinscription', 'Veuillez me désinscrire.', 'Abmelden', 'STOPP', 'Descadastrar', 'PARE']) {
      assert.ok(optOutPhrase(text), text);
    }
  });

  it('takes polite and rude declines of the whole conversation for opt-outs', () => {
    for (const text of [
      'No thanks, not interested.', "Don't contact me again.", 'Take me off your list.', 'Leave me alone.',
      'No me interesa.', 'No gracias.', 'No me escribas más.', 'Déjame en paz.',
      'Non merci.', 'Ne plus me contacter, merci.', 'Fichez-moi la paix.', 'Pas intéressé.',
      'Kein Interesse.', 'Bitte keine E-Mails mehr.', 'Kontaktieren Sie mich nicht mehr.', 'Lass mich in Ruhe.',
      'Não tenho interesse.', 'Não, obrigada.', 'Não me mande mais e-mails.', 'Me deixa em paz.',
    ]) {
      assert.ok(optOutPhrase(text), text);
    }
  });

  it('finds an opt-out said in passing inside a longer reply', () => {
    assert.equal(optOutPhrase("Hey Sam, appreciate it, but we're good. Also, can you stop sending these to my whole team? Thanks."), 'stop');
    assert.equal(optOutPhrase('Danke, aber wir sind versorgt. Und bitte tragen Sie mich aus Ihrer Liste aus.'), 'tragen sie mich aus');
    assert.ok(optOutPhrase('Obrigado, mas já estamos atendidos. E aproveitando, tire meu e-mail da sua lista.'));
  });

  it('folds case, accents and punctuation before matching', () => {
    assert.equal(optOutPhrase('NE   PLUS M’ÉCRIRE!!!'), 'ne plus m');
    assert.equal(optOutPhrase('dont email me'), 'dont email me');
  });

  it('does not take "stop" where it means something else, nor "don\'t hesitate to contact me"', () => {
    for (const text of ["Don't stop sending these, they're useful.", 'Feel free to stop by our booth.', 'Please do not hesitate to contact me.', 'We are a one-stop shop.']) {
      assert.equal(optOutPhrase(text), undefined, text);
    }
  });

  it('does not take a reply without an opt-out for one', () => {
    for (const text of [
      'Yes, Tuesday works.', 'Who gave you my address?', "Don't worry, I'll call you tomorrow.", "Don't forget to email me the deck.",
      'Ya trabajamos con otro proveedor.', 'No sé, envíame más información.', 'Nous avons déjà un prestataire.', 'Zu teuer für uns.',
      'Agora não.', 'Não tenho o contato dele, mas fale com a Ana.',
    ]) {
      assert.equal(optOutPhrase(text), undefined, text);
    }
  });
});
