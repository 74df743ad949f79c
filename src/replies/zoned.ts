/** Calendar days in an IANA time zone, without a time-zone library. */

interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

function wallFields(instant: Date, timeZone: string): number[] {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const field = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return [field('year'), field('month'), field('day'), field('hour'), field('minute'), field('second')];
}

/** The wall-clock time in `timeZone` at `instant`, as a Date whose UTC fields are that wall clock. */
export function wallClock(instant: Date, timeZone: string): Date {
  const [y, mo, d, h, mi, s] = wallFields(instant, timeZone) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, instant.getUTCMilliseconds()));
}

/** The instant a calendar day starts in `timeZone` (offsets read twice, for days that change them). */
export function startOfDay({ year, month, day }: CalendarDay, timeZone: string): Date {
  const asUtc = Date.UTC(year, month - 1, day);
  const offset = (at: number) => wallClock(new Date(at), timeZone).getTime() - at;
  const first = asUtc - offset(asUtc);
  return new Date(asUtc - offset(first));
}
