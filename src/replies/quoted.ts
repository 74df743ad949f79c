import EmailReplyParser from 'email-reply-parser';

/**
 * email-reply-parser runs its regular expressions with the native engine when the optional re2 is not
 * installed (it is not here), and some of them backtrack polynomially: 100,000 newlines took minutes. So it
 * only sees text already cut and tidied, and only when that is short; a longer reply keeps its signature.
 */
const PARSER_MAX_CHARS = 8_000;
const PARSER_MAX_LINE = 1_000;

const HEADER_OPENERS = ['on ', 'le ', 'am ', 'el ', 'em '];
const HEADER_VERBS = [' wrote', ' a écrit', ' schrieb', ' escribió', ' escreveu'];
const ORIGINAL_MESSAGE = ['original message', 'ursprüngliche nachricht', "message d'origine", 'mensaje original', 'mensagem original'];
const FROM_FIELDS = ['from:', 'de:', 'de :', 'von:'];
const DATE_FIELDS = ['sent:', 'date:', 'envoyé :', 'envoyé:', 'gesendet:', 'enviado:', 'enviada:', 'enviado el:', 'data:'];

/** The part of a reply its author wrote, two ways. */
export interface Authored {
  /** Without quoted text and without signatures (email-reply-parser's visible text). */
  text: string;
  /**
   * Without quoted text, cut only at a signature separator ("--"): email-reply-parser also hides what
   * follows a sign-off, and a "P.S. please remove me" there is the person's. For opt-outs.
   */
  withPostscript: string;
}

/**
 * Everything from the first quote header on is cut ("On ... wrote:", "Le ... a écrit :", "Am ...
 * schrieb ...:", "El ... escribió:", "Em ... escreveu:", an Outlook "-----Original Message-----" or
 * "From: / Sent:" block), then lines quoted with ">"; then signatures and what else email-reply-parser
 * recognises. Replies written below or between quoted lines lose what follows the first quote header.
 * Works on any channel; DMs rarely quote anything.
 */
export function authored(text: string): Authored {
  const lines = tidyLines(text);
  const cut = quoteStart(lines);
  const ownLines = lines.slice(0, cut).filter((line) => !line.startsWith('>'));
  const own = ownLines.join('\n').trim();
  const separator = ownLines.findIndex((line) => line === '--' || line === '__');
  const withPostscript = separator === -1 ? own : ownLines.slice(0, separator).join('\n').trim();
  if (own.length > PARSER_MAX_CHARS || ownLines.some((line) => line.length > PARSER_MAX_LINE)) return { text: own, withPostscript };
  const visible = new EmailReplyParser().read(own).getVisibleText().trim();
  return { text: visible === '' ? own : visible, withPostscript };
}

/** Lines without trailing blanks, runs of blanks as one space, runs of empty lines as one. */
function tidyLines(text: string): string[] {
  const tidy: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[ \t\u00a0]+/g, ' ').trim();
    if (line === '' && (tidy.length === 0 || tidy[tidy.length - 1] === '')) continue;
    tidy.push(line);
  }
  return tidy;
}

function quoteStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).toLowerCase();
    const next = (lines[i + 1] ?? '').toLowerCase();
    if (isQuoteHeader(line) || (!line.endsWith(':') && isQuoteHeader(`${line} ${next}`))) return i;
    const bare = trimRules(line);
    if (line.startsWith('--') && ORIGINAL_MESSAGE.includes(bare)) return i;
    if (line.startsWith('____') && bare === '' && FROM_FIELDS.some((f) => next.startsWith(f))) return i;
    if (FROM_FIELDS.some((f) => line.startsWith(f)) && lines.slice(i + 1, i + 4).some((l) => DATE_FIELDS.some((f) => l.toLowerCase().startsWith(f)))) return i;
  }
  return lines.length;
}

/** Without the dashes, underscores and spaces around it; a loop, since /[-_ ]+$/ backtracks quadratically. */
function trimRules(line: string): string {
  const rule = (c: string | undefined) => c === '-' || c === '_' || c === ' ';
  let start = 0;
  let end = line.length;
  while (start < end && rule(line[start])) start++;
  while (end > start && rule(line[end - 1])) end--;
  return line.slice(start, end);
}

function isQuoteHeader(line: string): boolean {
  return HEADER_OPENERS.some((o) => line.startsWith(o)) && line.endsWith(':') && HEADER_VERBS.some((v) => line.includes(v));
}
