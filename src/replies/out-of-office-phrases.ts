import type { ReplyLanguage } from './languages';

/**
 * What out-of-office messages say, in the present tense: "I'll be on leave in January" in a person's reply
 * is not one. Matched against the folded subject and authored text (fold.ts; `*` ends a prefix, `…` skips
 * up to three words).
 */
export const OUT_OF_OFFICE_PHRASES: Record<ReplyLanguage, readonly string[]> = {
  en: [
    'out of office', 'out of the office', 'away from the office', 'away from my desk', 'i am away', "i'm away", 'i am currently away',
    'i am on vacation', "i'm on vacation", 'i am on holiday*', "i'm on holiday*", 'i am on leave', "i'm on leave", 'currently on … leave',
    'on annual leave', 'on parental leave', 'on maternity leave', 'on paternity leave', 'on sick leave', 'limited access to email',
    'limited access to my email', 'no access to email', 'without access to email', 'limited connectivity', "i'm traveling", 'i am traveling',
    "i'm travelling", 'i am travelling', 'away on a business trip', 'away on business', 'i will be back in the office', 'back in the office on',
    'will respond when i return', 'will reply when i return', 'upon my return', 'on my return', 'on pto', 'at a conference',
    'spotty email', 'replies will be delayed', 'not working on', "i'll reply on", "i'll respond on", 'ooo',
    'delayed response',
  ],
  es: [
    'fuera de la oficina', 'fuera de oficina', 'estoy de vacaciones', 'me encuentro de vacaciones', 'estoy fuera', 'me encuentro fuera',
    'estoy ausente', 'me encuentro ausente', 'ausente hasta', 'estare ausente hasta', 'estoy de viaje', 'me encuentro de viaje',
    'estoy de baja', 'de baja por maternidad', 'de baja por paternidad', 'de permiso', 'acceso limitado al correo', 'sin acceso al correo',
    'a mi regreso', 'a la vuelta', 'estare de vuelta', 'volvere el', 'vuelvo el', 'dias libres',
  ],
  fr: [
    'absent du bureau', 'absente du bureau', 'je suis absent', 'je suis absente', 'actuellement absent*', 'absent jusqu', 'absente jusqu',
    'je suis en conge*', 'je suis en vacances', 'je suis en deplacement', 'en conge maternite', 'en conge paternite', 'en conge parental',
    'acces limite a mes e mails', 'acces limite a ma messagerie', 'sans acces a mes', 'de retour le', 'je serai de retour', 'a mon retour',
    'je reprendrai le', 'en rtt', 'je reviens le', 'je serai absent*', 'des mon retour',
  ],
  de: [
    'nicht im buro', 'nicht im buero', 'ausser haus', 'bin im urlaub', 'ich bin derzeit nicht', 'abwesend', 'abwesenheit*',
    'auf dienstreise', 'auf geschaftsreise', 'in elternzeit', 'im mutterschutz', 'eingeschrankten zugriff', 'keinen zugriff auf',
    'wieder erreichbar', 'wieder im buro', 'wieder fur sie da', 'ab dem … wieder', 'nicht erreichbar', 'nach meiner ruckkehr', 'wieder da',
  ],
  pt: [
    'fora do escritorio', 'estou de ferias', 'estou ausente', 'estarei ausente', 'ausente ate', 'estou viajando', 'estou em viagem',
    'licenca maternidade', 'licenca paternidade', 'estou de licenca', 'acesso limitado ao e mail', 'sem acesso ao e mail', 'volto dia',
    'volto no dia', 'retorno em', 'retorno no dia', 'estarei de volta', 'no meu retorno', 'na volta', 'estou de folga', 'estou fora',
  ],
};
