import * as chrono from 'chrono-node';
import type { ReplyLanguage } from './languages';
import { startOfDay, wallClock } from './zoned';

/** Out-of-office notes are short; chrono's own expressions are not all linear, so it reads this much. */
const DATE_TEXT_MAX_CHARS = 4_000;
/** A date further out than this is a signature's, a footer's or a typo, not a return. */
const RETURN_WITHIN_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

/** "the 14th", "Monday 14th": chrono's English parsers take the weekday and drop the day. */
const ordinalDay: chrono.Parser = {
  pattern: () => /\b(?:the )?([0-3]?\d)(?:st|nd|rd|th)\b(?! (?:of )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/i,
  extract: (context, match) => {
    const day = Number(match[1]);
    if (day < 1 || day > 31) return null;
    const ref = context.refDate;
    const thisMonth = day >= ref.getUTCDate();
    const month = ref.getUTCMonth() + (thisMonth ? 1 : 2);
    return { day, month: ((month - 1) % 12) + 1, year: ref.getUTCFullYear() + (month > 12 ? 1 : 0) };
  },
};

/** "ab dem 5.1.", "bis 11.12.": a German day and month with no year. */
const germanDayMonth: chrono.Parser = {
  pattern: () => /(?<![\d.])([0-3]?\d)\.([01]?\d)\.(?!\d)/,
  extract: (_context, match) => {
    const day = Number(match[1]);
    const month = Number(match[2]);
    return day >= 1 && day <= 31 && month >= 1 && month <= 12 ? { day, month } : null;
  },
};

function withParser(base: chrono.Chrono, parser: chrono.Parser): chrono.Chrono {
  const extended = base.clone();
  extended.parsers.push(parser);
  return extended;
}

const PARSERS: Record<ReplyLanguage, chrono.Chrono> = {
  en: withParser(chrono.en.casual, ordinalDay),
  es: chrono.es.casual,
  fr: chrono.fr.casual,
  de: withParser(chrono.de.casual, germanDayMonth),
  pt: chrono.pt.casual,
};

/**
 * The day a person says they are back, read with the parsers of the languages their note is in: the
 * latest date (or range end) that falls after the day it was received and within a year of it, as the
 * instant that day starts in `timeZone`. Dates are read in the receiver's calendar: "Monday" is the
 * Monday after `receivedAt` there (chrono's forwardDate). English numbers are read US-style (12/16).
 */
export function returnDate(text: string, languages: readonly ReplyLanguage[], receivedAt: Date, timeZone: string): string | undefined {
  const local = wallClock(receivedAt, timeZone);
  const reference = { instant: local, timezone: 0 };
  const today = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  let latest: number | undefined;
  for (const language of languages) {
    for (const result of PARSERS[language].parse(text.slice(0, DATE_TEXT_MAX_CHARS), reference, { forwardDate: true })) {
      const at = result.end ?? result.start;
      if (!at.isCertain('day') && !at.isCertain('weekday')) continue;
      const day = Date.UTC(at.get('year') as number, (at.get('month') as number) - 1, at.get('day') as number);
      if (day > today && day <= today + RETURN_WITHIN_DAYS * DAY_MS && (latest === undefined || day > latest)) latest = day;
    }
  }
  if (latest === undefined) return undefined;
  const date = new Date(latest);
  return startOfDay({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, timeZone).toISOString();
}
