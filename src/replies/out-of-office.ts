import { foldWords } from './fold';
import { REPLY_LANGUAGES, type ReplyLanguage } from './languages';
import { OUT_OF_OFFICE_PHRASES } from './out-of-office-phrases';
import { phraseMatcher } from './phrases';
import { returnDate } from './return-date';

const MATCHERS = REPLY_LANGUAGES.map((language) => ({ language, match: phraseMatcher(OUT_OF_OFFICE_PHRASES[language]) }));

/** The languages whose out-of-office phrases the text uses (none: it is not an out-of-office note). */
function outOfOfficeLanguages(text: string): ReplyLanguage[] {
  const words = foldWords(text);
  return MATCHERS.filter(({ match }) => match(words).length > 0).map(({ language }) => language);
}

/** An out-of-office note, and the day its author is back when it says so (see return-date.ts). */
export function outOfOffice(text: string, receivedAt: Date, timeZone: string): { returnAt?: string } | undefined {
  const languages = outOfOfficeLanguages(text);
  if (languages.length === 0) return undefined;
  const returnAt = returnDate(text, languages, receivedAt, timeZone);
  return returnAt === undefined ? {} : { returnAt };
}
