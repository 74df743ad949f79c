import { foldWords } from './fold';

/** Where a phrase matched, in words of the folded text (`end` exclusive). */
export interface PhraseMatch {
  start: number;
  end: number;
  /** The words of the reply that matched. */
  text: string;
}

type Token = { kind: 'word'; word: string; prefix: boolean } | { kind: 'gap' };

/** How many words `…` may skip. */
const GAP_WORDS = 3;

/**
 * Phrases are written as a person would type them and folded like the reply (see fold.ts), with two
 * marks: `word*` matches any word starting with `word` (interes* for interesado, interesada, ...), and
 * `…` skips up to three words ("remove … list"). No regular expressions: matching walks the words once per
 * phrase starting there, with a bounded number of paths, so hostile input costs linear time.
 */
export function phraseMatcher(phrases: readonly string[]): (words: readonly string[]) => PhraseMatch[] {
  const byFirstWord = new Map<string, Token[][]>();
  const byPrefix: Token[][] = [];
  for (const tokens of phrases.map(compile)) {
    const first = tokens[0] as Token & { kind: 'word' };
    if (first.prefix) byPrefix.push(tokens);
    else byFirstWord.set(first.word, [...(byFirstWord.get(first.word) ?? []), tokens]);
  }
  return (words) => {
    const found: PhraseMatch[] = [];
    for (let start = 0; start < words.length; start++) {
      for (const tokens of [...(byFirstWord.get(words[start] as string) ?? []), ...byPrefix]) {
        const end = matchAt(tokens, 0, words, start);
        if (end !== undefined) found.push({ start, end, text: words.slice(start, end).join(' ') });
      }
    }
    return found;
  };
}

function compile(phrase: string): Token[] {
  const tokens: Token[] = [];
  for (const part of phrase.split(/\s+/)) {
    if (part === '…') {
      tokens.push({ kind: 'gap' });
      continue;
    }
    const prefix = part.endsWith('*');
    const words = foldWords(prefix ? part.slice(0, -1) : part);
    words.forEach((word, i) => tokens.push({ kind: 'word', word, prefix: prefix && i === words.length - 1 }));
  }
  if (tokens[0]?.kind !== 'word' || tokens[tokens.length - 1]?.kind !== 'word') throw new Error(`phrase "${phrase}": must start and end with a word`);
  return tokens;
}

function matchAt(tokens: Token[], t: number, words: readonly string[], w: number): number | undefined {
  const token = tokens[t];
  if (token === undefined) return w;
  if (token.kind === 'gap') {
    for (let skip = 0; skip <= GAP_WORDS && w + skip <= words.length; skip++) {
      const end = matchAt(tokens, t + 1, words, w + skip);
      if (end !== undefined) return end;
    }
    return undefined;
  }
  const word = words[w];
  if (word === undefined) return undefined;
  const matches = token.prefix ? word.startsWith(token.word) : word === token.word;
  return matches ? matchAt(tokens, t + 1, words, w + 1) : undefined;
}
