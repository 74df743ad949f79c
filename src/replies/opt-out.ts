import { foldWords } from './fold';
import { NOT_OPT_OUT_PHRASES, OPT_OUT_PHRASES } from './opt-out-phrases';
import { phraseMatcher } from './phrases';

const optOuts = phraseMatcher(Object.values(OPT_OUT_PHRASES).flat());
const exceptions = phraseMatcher(NOT_OPT_OUT_PHRASES);

/** The words of the first opt-out phrase in the text that no exception overlaps, if there is one. */
export function optOutPhrase(text: string): string | undefined {
  const words = foldWords(text);
  const excepted = exceptions(words);
  return optOuts(words).find((m) => !excepted.some((e) => e.start < m.end && m.start < e.end))?.text;
}
