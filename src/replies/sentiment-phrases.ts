import type { ReplyLanguage } from './languages';

/**
 * The default sentiment rules' vocabulary, matched in the folded authored text (fold.ts; `*` ends a
 * prefix, `…` skips up to three words). Opt-outs never get here (opt-out.ts comes first).
 */
interface SentimentPhrases {
  /** Yes-words: count only as the first or last word ("Sí, me interesa"; French "si" means "if"). */
  yes: readonly string[];
  /** No-words: likewise. */
  no: readonly string[];
  positive: readonly string[];
  negative: readonly string[];
  /** Irony that turns a reply negative whatever else it says ("oh great, another sales email"). */
  sarcasm: readonly string[];
  /** Pointing at someone else, or asking who: neutral, whatever else it says ("talk to my colleague"). */
  referral: readonly string[];
}

export const SENTIMENT_PHRASES: Record<ReplyLanguage, SentimentPhrases> = {
  en: {
    yes: ['yes', 'yeah', 'yep', 'yup', 'sure', 'absolutely', 'definitely', 'ok let s'],
    no: ['no', 'nope', 'nah'],
    positive: [
      'interested', 'interesting', 'sounds good', 'sounds great', 'love to', 'happy to', "let's talk", "let's do", "let's chat", "let's set",
      "let's find", "let's meet", "let's schedule", 'call', 'meeting', 'demo', 'calendar', 'book', 'schedule', 'works for me',
      'monday works', 'tuesday works', 'wednesday works', 'thursday works', 'friday works', 'send an invite', 'send over some times',
      'pricing', 'good timing', 'deck', 'chat', 'learn more', 'yes please', 'can we talk', 'can we chat', 'can we meet', "let's connect",
      "i'm free", 'tell me more', 'send me the details', 'could be useful', 'open to', 'find a slot', 'when can you', 'show us', 'promising',
      'case study', 'intro', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday',
    ],
    negative: [
      'already use', 'already have', 'already work with', 'happy with', 'not a priority', 'no budget', 'budget', 'not a fit', "doesn't fit",
      "didn't work", 'not keen', 'not at the moment', 'too … for us', 'renewal', 'renewed', 'current vendor', 'not buying', 'freeze',
      "don't think", 'in house', 'too expensive', 'not now', 'not right now', 'not at this time', 'pass', 'next year', 'check back',
    ],
    sarcasm: [
      'oh great', 'just what i needed', 'exactly what my', 'another sales', 'yet another', 'really persistent', 'sure because', 'ah yes the',
      'the classic', 'how original', 'so original', 'another cold', 'cool cool',
    ],
    referral: ['not the right person', 'my colleague', 'reach out to', 'moved on', 'no longer with', 'took over', 'try reaching', 'forward it to', 'who gave you', 'how did you'],
  },
  es: {
    yes: ['si', 'claro', 'dale', 'vale', 'por supuesto'],
    no: ['no'],
    positive: [
      'me interesa', 'interesante', 'hablamos', 'hablemos', 'hablar', 'de acuerdo', 'perfecto', 'genial', 'reunion', 'llamada', 'llamame',
      'demo', 'agenda*', 'invitacion', 'cuanto cuesta', 'me encantaria', 'me parece bien', 'estamos buscando', 'propuesta', 'coordinemos',
      'cuentame mas', 'puede ser util', 'cuando nos', 'ensenas', 'me apunto', 'lunes', 'martes', 'miercoles', 'jueves', 'viernes',
    ],
    negative: [
      'ya trabajamos', 'ya tenemos', 'ya usamos', 'contentos', 'no es prioridad', 'no es una prioridad', 'presupuesto', 'no creo', 'no encaja',
      'demasiado caro', 'muy caro', 'ahora no', 'ahora mismo no', 'el ano que viene', 'no nos funciono', 'no funciono', 'de momento no', 'renovar', 'renovado', 'proveedor actual',
      'demasiado',
    ],
    sarcasm: ['que bien otro', 'justo lo que', 'otro correo de ventas', 'otra herramienta mas', 'que insistencia', 'vaya', 'muy original', 'el famoso', 'la famosa'],
    referral: ['no soy la persona', 'habla con', 'ya no trabajo', 'prueba con', 'se lo paso', 'quien te dio', 'como conseguiste'],
  },
  fr: {
    yes: ['oui', 'carrement', 'bien sur'],
    no: ['non'],
    positive: [
      'avec plaisir', 'volontiers', 'm interesse', 'interessant', 'd accord', 'partant*', 'rendez vous', 'demo', 'agenda', 'invitation',
      'appelez moi', 'echangeons', 'echanger', 'on en parle', 'en discuter', 'tarif', 'pourquoi pas', 'nous cherchons', 'disponibilites',
      'proposition', 'voyons nous', 'dites m en plus', 'quand pouvez vous', 'montrer', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi',
    ],
    negative: [
      'deja un', 'deja une', 'satisfaits', 'pas une priorite', 'pas le budget', 'budget', 'ne pense pas', 'trop cher', 'pas pour l instant',
      'pas pour le moment', 'pas maintenant', 'l annee prochaine', 'sans succes', 'ne me tente pas', 'trop … pour nous', 'renouvel*', 'fournisseur actuel',
    ],
    sarcasm: ['encore un', 'encore une', 'exactement ce qu il me fallait', 'bravo pour', 'outil miracle', 'le fameux', 'la fameuse', 'classique', 'tres original'],
    referral: ['pas moi qui', 'voyez avec', 'ma collegue', 'mon collegue', 'ne travaille plus', 'contactez', 'je la transmettrai', 'qui vous a donne', 'comment as tu'],
  },
  de: {
    yes: ['ja', 'klar', 'jawohl', 'gerne'],
    no: ['nein'],
    positive: [
      'gerne', 'gern', 'interessant', 'spannend', 'einverstanden', 'termin*', 'demo', 'kalender', 'einladung', 'telefonieren', 'sprechen',
      'rufen sie mich', 'was kostet', 'warum nicht', 'hab interesse', 'habe interesse', 'angebot', 'vereinbaren', 'gutes timing', 'klingt gut',
      'erzahlen sie mehr', 'konnte nutzlich', 'wann konnen sie', 'zeigen', 'montag*', 'dienstag*', 'mittwoch*', 'donnerstag*', 'freitag*',
    ],
    negative: [
      'bereits', 'zufrieden', 'keine prioritat', 'kein budget', 'budget', 'glaube nicht', 'passt nicht', 'zu teuer', 'momentan nicht',
      'aktuell nicht', 'derzeit nicht', 'nachstes jahr', 'nicht funktioniert', 'im moment nicht', 'zu … fur uns', 'verlangert', 'aktuellen anbieter',
    ],
    sarcasm: ['na super', 'na toll', 'genau das was', 'respekt fur die', 'noch eine verkaufs*', 'noch ein tool', 'die beruhmte', 'der beruhmte', 'sehr originell'],
    referral: ['nicht zustandig', 'wenden sie sich', 'meine kollegin', 'mein kollege', 'nicht mehr bei', 'versuchen sie es bei', 'leite es', 'woher haben sie', 'wie bist du'],
  },
  pt: {
    yes: ['sim', 'claro', 'bora', 'com certeza'],
    no: ['nao'],
    positive: [
      'tenho interesse', 'interessante', 'combinado', 'perfeito', 'otimo', 'reuniao', 'agendar', 'demo', 'agenda', 'convite', 'me liga',
      'quanto custa', 'adoraria', 'por que nao', 'conversar', 'conversamos', 'procurando', 'proposta', 'horarios', 'me conta mais',
      'pode ser util', 'quando voces', 'mostrar', 'topo', 'segunda', 'terca', 'quarta', 'quinta', 'sexta',
    ],
    negative: [
      'ja trabalhamos', 'ja temos', 'ja usamos', 'satisfeitos', 'nao e prioridade', 'orcamento', 'acho que nao', 'nao faz sentido',
      'caro demais', 'muito caro', 'agora nao', 'no momento nao', 'ano que vem', 'nao funcionou', 'por enquanto nao', 'demais para nos', 'renovar', 'renovamos', 'fornecedor atual',
    ],
    sarcasm: ['que maravilha', 'mais um e mail', 'mais uma ferramenta', 'era tudo o que', 'ah claro', 'que insistencia', 'a famosa', 'o famoso', 'muito original'],
    referral: ['nao sou a pessoa', 'fale com', 'meu colega', 'minha colega', 'nao trabalho mais', 'tente a', 'tente o', 'vou repassar', 'quem te passou', 'como voce conseguiu'],
  },
};
