import type { Channel } from '../sequences/model';
import { foldWords } from './fold';
import { phraseMatcher, type PhraseMatch } from './phrases';
import { SENTIMENT_PHRASES } from './sentiment-phrases';

export type Sentiment = 'positive' | 'negative' | 'neutral';

/** What a sentiment classifier is told beside the text. */
export interface SentimentContext {
  channel: Channel;
  subject?: string;
  /** The reply as received, before quoted text and signatures were cut (the text given is without them). */
  original: string;
}

/**
 * Tells how a person's reply feels about our message. Only human replies reach it: bounces, automatic
 * answers, out-of-office notes and opt-outs are decided before. `text` is the part the person wrote
 * (quoted text and signatures cut), at most MAX_REPLY_CHARS long. May be async (a model behind an API).
 */
export interface ReplySentimentClassifier {
  classify(text: string, context: SentimentContext): Sentiment | Promise<Sentiment>;
}

const every = (pick: (p: (typeof SENTIMENT_PHRASES)['en']) => readonly string[]) => phraseMatcher(Object.values(SENTIMENT_PHRASES).flatMap(pick));
const yesWords = every((p) => p.yes);
const noWords = every((p) => p.no);
const positive = every((p) => p.positive);
const negative = every((p) => p.negative);
const sarcasm = every((p) => p.sarcasm);
const referral = every((p) => p.referral);

/**
 * The default: rules over the authored text in English, Spanish, French, German and Portuguese, no
 * network. Pointing elsewhere is neutral; a listed sarcasm marker is negative; otherwise interest, meeting
 * and yes-words against refusal words, the larger count winning and a tie neutral. Yes/no words count at
 * the start or the end of the reply only. Limits: no negation beyond the listed phrases ("not sure it's
 * interesting" counts "interesting"), sarcasm only through its markers, other languages are neutral.
 */
export const rulesSentiment: ReplySentimentClassifier = {
  classify(text) {
    const words = foldWords(text);
    if (words.length === 0) return 'neutral';
    if (referral(words).length > 0) return 'neutral';
    if (sarcasm(words).length > 0) return 'negative';
    const atEdge = (m: PhraseMatch) => m.start === 0 || m.end === words.length;
    const score = positive(words).length + yesWords(words).filter(atEdge).length + (text.includes('👍') ? 1 : 0)
      - negative(words).length - noWords(words).filter(atEdge).length;
    return score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
  },
};
