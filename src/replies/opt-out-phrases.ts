import type { ReplyLanguage } from './languages';

/** Every `head … tail`: the tail within three words of the head ("remove this address", "don't ever email"). */
const CONTACT_EN = ['contact', 'email', 'e mail', 'mail', 'message', 'dm', 'write to', 'reach out to', 'call', 'text', 'ping', 'bother', 'spam'];

const pairs = (heads: readonly string[], tails: readonly string[]) => heads.flatMap((head) => tails.map((tail) => `${head} … ${tail}`));

/**
 * What a person writes to stop hearing from us, matched anywhere in the folded authored text (fold.ts;
 * `*` ends a prefix, `…` skips up to three words). Broad on purpose: a wrong suppression costs one lead, a
 * missed one costs a complaint. Four kinds per language: stop and unsubscribe words; declining the whole
 * conversation ("no thanks", "not interested", "not for me"); a negation beside a verb of contacting
 * ("don't ever email", "ne plus m'écrire", "kontaktieren Sie mich nicht mehr"); a verb of removing before us, a list, an address or data
 * ("remove this address", "löschen Sie meine Daten"); and saying there was never consent. A bare "no" is
 * an answer, not an opt-out (sentiment.ts).
 */
export const OPT_OUT_PHRASES: Record<ReplyLanguage, readonly string[]> = {
  en: [
    'stop', 'unsubscribe*', 'unsub', 'opt out', 'opt me out', 'off … list', 'leave me alone', 'go away', 'cease', 'desist', 'spam',
    'spamming', 'report you', 'gdpr', 'lose my number', 'no more emails', 'no more messages', 'no further emails', 'not … receive further',
    'not to receive', 'prefer not to hear', 'not interested', 'no interest', 'zero interest', 'no thanks', 'no thank you', 'not for me',
    'not for us', 'no need for this', 'not … reach me',
    ...pairs(["don't", 'do not', 'never', 'no longer', 'dont'], [...CONTACT_EN.flatMap((verb) => [`${verb} me`, `${verb} us`, `${verb} again`, `${verb} anymore`]), 'follow up', 'contacted']),
    ...pairs(['remove', 'delete', 'erase', 'drop'], ['me from', 'us from', 'me off', 'us off']),
    ...pairs(['remove', 'delete', 'erase'], ['me', 'us', 'my', 'our', 'this address', 'this email', 'list', 'data', 'details']),
    ...pairs(['not wish', 'not want', "don't want", 'no wish'], ['contacted', 'contact*', 'to hear', 'to receive', 'emails']),
    ...pairs(["don't accept", 'do not accept', 'not accepting', 'no'], ['sales pitch*', 'solicitation*', 'cold email*', 'cold outreach', 'sales emails']),
    'close my file',
    ...pairs(['never'], ['signed up', 'agreed', 'consent*', 'opted in', 'subscribed']),
    'without … consent', 'no … permission',
  ],
  es: [
    'baja', 'darme de baja', 'cancelar suscripcion', 'desuscrib*', 'dejame en paz', 'dejadme en paz', 'spam', 'no quiero recibir',
    'no deseo recibir', 'no me interesa', 'no nos interesa', 'no estoy interesad*', 'no estamos interesad*', 'sin interes', 'ningun interes',
    'cero interes', 'no gracias', 'no es para mi', 'no es para nosotros', 'no insist*', 'deja de', 'dejad de', 'deje de', 'dejen de',
    'para de', 'parad de', 'pare de', 'no vuelv* a', 'no volv* a', 'quitame', 'quitadme', 'quiteme', 'eliminame', 'eliminadme', 'borrame',
    'borradme', 'sacame', 'sacadme', 'no me sigas',
    ...pairs(['no me', 'no nos'], ['escrib*', 'contact*', 'envies', 'envie', 'envien', 'mandes', 'mande', 'manden', 'llames', 'llamen', 'molest*']),
    ...pairs(['no'], ['contacten', 'contactes', 'contacteis', 'contactarme', 'contactarnos', 'escriban', 'escribas', 'escribais', 'escribirme', 'molesten']),
    ...pairs(['elimin*', 'borr*'], ['mi', 'mis', 'lista', 'listas', 'direccion', 'correo', 'datos', 'base', 'secuencia', 'campana']),
    ...pairs(['quit*', 'sac*'], ['lista', 'listas', 'base', 'datos', 'secuencia', 'campana']),
    ...pairs(['me', 'nos'], ['saque*', 'quite*', 'elimine*', 'borre*']),
    ...pairs(['no acepto', 'no aceptamos'], ['mensajes comerciales', 'comunicaciones comerciales', 'publicidad', 'prospeccion']),
    'sin … permiso', 'no … dado permiso', 'nunca … autoriz*', 'nunca … consent*',
  ],
  fr: [
    'stop', 'desinscri*', 'desabonn*', 'spam', 'rgpd', 'fichez moi la paix', 'foutez moi la paix', 'laissez moi tranquille',
    'ne souhaite plus recevoir', 'ne plus recevoir', 'ne souhaite pas recevoir', 'plus de messages', 'plus de mails', 'plus d e mails',
    'pas interesse*', 'ne m interesse pas', 'ne nous interesse pas', 'ca ne m interesse', 'aucun interet', 'non merci', 'sans facon',
    'pas pour moi', 'pas pour nous', 'n insistez pas', 'ne pas insister', 'arretez de', 'arrete de', 'arreter de', 'cess* de',
    'ne plus me', 'ne plus m', 'ne plus nous', 'retirez moi', 'retirez nous',
    ...pairs(['ne me', 'ne m', 'ne nous'], ['contactez plus', 'recontactez plus', 'ecrivez plus', 'envoyez plus', 'sollicitez plus']),
    ...pairs(['retir*', 'supprim*', 'effac*', 'enlev*', 'ray*'], ['moi', 'nous', 'mon', 'mes', 'ma', 'liste', 'adresse', 'fichier', 'base', 'coordonnees', 'donnees', 'sequence', 'campagne']),
    ...pairs(['me', 'nous'], ['sortir', 'sortez', 'retirer', 'enlever']),
    ...pairs(['ne souhaite pas', 'ne veux pas', 'ne voulons pas', 'ne souhaitons pas'], ['contact*', 'sollicit*', 'recevoir']),
    ...pairs(["n accepte pas", "n acceptons pas", 'pas de', 'aucune'], ['prospection', 'demarchage', 'sollicitation*', 'publicite']),
    'jamais … accord', 'sans … accord', 'sans … consentement', 'jamais … consenti', 'jamais … inscrit*',
  ],
  de: [
    'stop', 'stopp', 'abmelden', 'melden sie mich ab', 'abbestell*', 'austragen', 'tragen sie mich … aus', 'spam', 'dsgvo',
    'lass mich in ruhe', 'lassen sie mich in ruhe', 'unterlassen sie', 'keine e mails mehr', 'keine mails mehr', 'keine nachrichten mehr',
    'keine weitere*', 'keine … werbung', 'kein interesse', 'keinerlei interesse', 'null interesse', 'nicht interessiert', 'kein bedarf',
    'nein danke', 'nichts fur mich', 'nichts fur uns', 'horen sie auf', 'hor auf', 'hort auf',
    ...pairs(['nicht', 'nie', 'nicht mehr'], ['kontaktier*', 'anschreib*', 'anzuschreib*', 'schreib*', 'zu kontaktier*', 'zu schreib*', 'anruf*', 'mailen']),
    ...pairs(['kontaktier*', 'schreib*', 'anschreib*', 'mailen', 'anruf*', 'melden sie sich'], ['nicht mehr', 'nicht', 'nie wieder']),
    ...pairs(['streich*', 'losch*', 'entfern*', 'nehmen sie'], ['mich', 'uns', 'meine', 'meinen', 'liste', 'verteiler', 'adresse', 'daten', 'datenbank', 'kartei', 'sequenz', 'kampagne']),
    ...pairs(['keine', 'keinen', 'keinerlei'], ['kontakt*', 'werbung', 'anfragen', 'verkaufs*', 'anrufe']),
    'interessiert mich nicht', 'interessiert uns nicht',
    'nie … zugestimmt', 'nie … eingewilligt', 'ohne … einwilligung', 'ohne … zustimmung',
  ],
  pt: [
    'pare', 'parem', 'para de me', 'para de mandar', 'para de enviar', 'descadastr*', 'cancelar a inscricao', 'cancelar inscricao',
    'sair da lista', 'me deixa em paz', 'me deixe em paz', 'spam', 'lgpd', 'nao desejo receber', 'nao quero receber', 'chega de',
    'nao tenho interesse', 'nao temos interesse', 'sem interesse', 'nenhum interesse', 'zero interesse', 'nao estou interessad*',
    'nao estamos interessad*', 'nao me interessa', 'nao obrigad*', 'nao e para mim', 'nao e para nos', 'dispenso', 'nao insist*',
    'me remova', 'me remove', 'me tire', 'me tira', 'me tirem', 'mais em contato',
    ...pairs(['nao me', 'nao nos'], ['contat*', 'procure', 'escreva', 'envie', 'mande', 'ligue']),
    ...pairs(['nao'], ['contatar', 'contate', 'contatem', 'procurem', 'escrevam', 'enviem', 'mandem', 'entrar em contato', 'ser contatad*']),
    ...pairs(['remov*', 'exclu*', 'tir*', 'apag*'], ['meu', 'meus', 'minha', 'lista', 'endereco', 'base', 'contato', 'dados', 'e mail', 'sequencia', 'campanha']),
    ...pairs(['nao aceito', 'nao aceitamos'], ['abordagem comercial', 'mensagens comerciais', 'prospeccao', 'publicidade']),
    'nunca autoriz*', 'nunca … consent*', 'sem … autorizacao',
  ],
};

/**
 * Where these words mean something else. An opt-out match that overlaps one of these does not count;
 * anything else that looks like an opt-out does ("when in doubt, suppress").
 */
export const NOT_OPT_OUT_PHRASES: readonly string[] = [
  "don't stop", 'do not stop', 'never stop', "can't stop", 'non stop', 'nonstop', 'one stop', 'stop by', 'stop in', 'stop over', 'bus stop',
  'full stop', 'de baja por', 'estoy de baja', "don't hesitate", 'do not hesitate', 'never hesitate', "don't forget", 'do not forget',
  "don't worry", 'never mind', 'n hesitez pas', 'no dud*',
  'zogern sie nicht', 'nao hesite',
];
