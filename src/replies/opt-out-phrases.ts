import type { ReplyLanguage } from './languages';

/**
 * What a person writes to stop hearing from us, matched anywhere in the folded authored text (fold.ts;
 * `*` ends a prefix, `…` skips up to three words). Broad on purpose: a wrong suppression costs one lead, a
 * missed one costs a complaint. "No thanks" and "not interested" decline the whole conversation, so they
 * suppress; a bare "no" is an answer (sentiment.ts).
 */
export const OPT_OUT_PHRASES: Record<ReplyLanguage, readonly string[]> = {
  en: [
    'stop', 'unsubscribe*', 'opt out', 'opt me out', 'opt-out', 'remove me', 'remove us', 'remove my', 'take me off', 'take us off',
    'off your list', 'off your mailing list', 'off the list', 'not interested', 'no interest', 'no thanks', 'no thank you', 'not for me',
    'not for us', "don't contact", 'do not contact', "don't email", 'do not email', "don't message", 'do not message', "don't write",
    'do not write', "don't reach out", 'do not reach out', "don't … me again", 'do not … me again', 'never … me again', 'leave me alone',
    'no more emails', 'no more messages', 'no further emails', 'not … receive further', 'not to receive', 'prefer not to hear',
    'spam', 'spamming', 'report you', 'gdpr', 'delete my', 'go away', 'lose my number', 'cease', 'desist', 'off … list',
    'zero interest', "don't dm", 'do not dm', 'not … reach me', 'no longer … contact*', 'no longer … email*',
  ],
  es: [
    'baja', 'darme de baja', 'dadme de baja', 'no me interesa', 'no nos interesa', 'no estoy interesad*', 'no estamos interesad*',
    'sin interes', 'no gracias', 'no me escrib*', 'no me contact*', 'no me envie*', 'no me envies', 'no me mandes', 'no me mand*',
    'no me sigas', 'no vuelvas a', 'deja de', 'dejad de', 'deje de', 'dejen de', 'para de', 'parad de', 'pare de', 'dejame en paz',
    'dejadme en paz', 'quitame', 'quitadme', 'quiteme', 'eliminame', 'eliminadme', 'elimina mis', 'eliminad mis', 'borra mi', 'borrad mi',
    'borrame', 'borradme', 'no quiero recibir', 'no deseo recibir', 'cancelar suscripcion', 'desuscrib*', 'spam', 'no vuelv* a',
    'no volv* a', 'no … contactar*', 'ningun interes', 'cero interes', 'sacame', 'sacadme',
  ],
  fr: [
    'stop', 'desinscri*', 'desabonn*', 'retirer de votre liste', 'retirez moi', 'retirez mon', 'retirer mon', 'me retirer', 'supprimez mes',
    'supprimer mes', 'supprimez mon', 'pas interesse*', 'ne suis pas interesse*', 'ne m interesse pas', 'ne nous interesse pas',
    'ca ne m interesse', 'non merci', 'ne plus me contacter', 'ne me contactez plus', 'ne me recontactez plus', 'ne plus m ecrire',
    'ne m ecrivez plus', 'ne m envoyez plus', 'arretez de', 'arrete de', 'arreter de', 'fichez moi la paix', 'foutez moi la paix',
    'laissez moi tranquille', 'ne souhaite plus recevoir', 'ne plus recevoir', 'ne souhaite pas recevoir', 'spam', 'rgpd', 'cess* de',
    'ne plus me', 'ne plus m', 'ne plus nous', 'plus de messages', 'plus de mails', 'plus d e mails', 'sans facon', 'retir* … de votre',
    'supprim* … de votre', 'enlev* … de votre', 'aucun interet', 'retirez nous',
  ],
  de: [
    'stop', 'stopp', 'abmelden', 'melden sie mich ab', 'abbestell*', 'austragen', 'tragen sie mich … aus', 'aus ihrem verteiler',
    'aus dem verteiler', 'aus ihrer liste', 'kein interesse', 'keinerlei interesse', 'nicht interessiert', 'nein danke',
    'kontaktieren sie mich nicht', 'nicht mehr kontaktieren', 'schreiben sie mir nicht', 'nicht mehr schreiben', 'keine e mails mehr',
    'keine mails mehr', 'keine nachrichten mehr', 'keine weiteren', 'horen sie auf', 'hor auf', 'hort auf', 'lass mich in ruhe',
    'lassen sie mich in ruhe', 'unterlassen sie', 'loschen sie', 'daten loschen', 'spam', 'dsgvo', 'keine weitere*', 'keine … werbung',
    'nicht … anschreib*', 'nicht … kontaktier*', 'nicht mehr … schreib*', 'kein bedarf', 'null interesse', 'entfern* … aus',
    'aus ihre* … datenbank', 'aus ihre* … kartei',
    'nicht mehr … anzuschreib*', 'nicht mehr … zu kontaktier*', 'nicht mehr … zu schreib*',
  ],
  pt: [
    'pare', 'parem', 'para de me', 'para de mandar', 'para de enviar', 'descadastr*', 'cancelar a inscricao', 'cancelar inscricao',
    'sair da lista', 'me remova', 'me remove', 'remova meu', 'me tire', 'tire meu', 'tirar meu', 'nao tenho interesse',
    'nao temos interesse', 'sem interesse', 'nao estou interessad*', 'nao estamos interessad*', 'nao me interessa', 'nao obrigad*',
    'nao me contat*', 'nao me procure', 'nao me escreva', 'nao me envie', 'nao me mande', 'me deixa em paz', 'me deixe em paz',
    'apague meus dados', 'apaguem meus dados', 'nao desejo receber', 'nao quero receber', 'spam', 'lgpd', 'mais em contato',
    'nao … entrar em contato', 'dispenso', 'chega de', 'zero interesse', 'nenhum interesse', 'remov* … contato', 'remov* … lista',
    'remov* … base', 'me tira',
  ],
};

/**
 * Where "stop" and its kin mean something else. A match inside one of these does not count; anything else
 * that looks like an opt-out does ("when in doubt, suppress").
 */
export const NOT_OPT_OUT_PHRASES: readonly string[] = [
  "don't stop", 'do not stop', 'never stop', "can't stop", 'non stop', 'nonstop', 'one stop', 'stop by', 'stop in', 'stop over', 'bus stop',
  'full stop', 'de baja por', 'estoy de baja', "don't hesitate", 'do not hesitate', 'n hesitez pas', 'no dud*', 'zogern sie nicht',
  'nao hesite',
];
