import { DEFAULT_CAPS } from '../channels/default-caps';
import type { Channel } from '../sequences/model';

export interface Caps {
  hourlyCap: number;
  dailyCap: number;
}

export interface CapCeiling extends Caps {
  /** Where the numbers come from, quoted in the message that enforces them. */
  why: string;
}

const HOURS_PER_DAY = 24;

/**
 * The most a sender account may be allowed to send, per channel: what each provider tolerates from one
 * account before it throttles, flags or bans it. A cap over these is a typo or a wish that gets the account
 * restricted; the defaults (src/channels/default-caps.ts) stay well below.
 */
export const CAP_CEILINGS: Record<Channel, CapCeiling> = {
  x: { hourlyCap: 60, dailyCap: 500, why: 'X allows about 500 DMs and 400 follows a day per account, and its DM endpoint 1,440 per 24 hours (60 an hour)' },
  linkedin: { hourlyCap: 20, dailyCap: 100, why: 'LinkedIn allows about 100 invitations a day and restricts accounts that send in bursts' },
  email: { hourlyCap: 500, dailyCap: 2000, why: 'Google Workspace allows 2,000 messages a day per mailbox (Gmail 500); bursts over 500 an hour hurt deliverability' },
  xmtp: { hourlyCap: 3000, dailyCap: 20_000, why: 'XMTP allows 3,000 messages per 5 minutes per client and names no daily limit' },
};

/** The sandbox sends nothing, so only nonsense is refused (it still counts slots in Postgres integers). */
export const SANDBOX_CAP_CEILING: CapCeiling = { hourlyCap: 100_000, dailyCap: 1_000_000, why: 'the sandbox sends nothing; larger caps are nonsense' };

function capCeiling(channel: Channel, provider: string): CapCeiling {
  return provider === 'sandbox' ? SANDBOX_CAP_CEILING : CAP_CEILINGS[channel];
}

const ACCOUNT_OF: Record<Channel, string> = {
  x: 'an X account',
  linkedin: 'a LinkedIn account',
  email: 'an email account',
  xmtp: 'an XMTP account',
};

export interface CapProblem {
  field: 'hourly_cap' | 'daily_cap';
  message: string;
}

/**
 * The rules every sender account's caps obey, however they are set: whole numbers from 1, within the
 * channel's ceiling, hourly at most daily, and a daily cap that 24 hours of the hourly cap can reach.
 */
export function capProblems(account: { channel: Channel; provider: string } & Caps): CapProblem[] {
  const { hourlyCap: hourly, dailyCap: daily } = account;
  const ceiling = capCeiling(account.channel, account.provider);
  const where = account.provider === 'sandbox' ? 'a sandbox account' : ACCOUNT_OF[account.channel];
  const problems: CapProblem[] = [];
  for (const [field, value, max, per] of [
    ['hourly_cap', hourly, ceiling.hourlyCap, 'an hour'],
    ['daily_cap', daily, ceiling.dailyCap, 'a day'],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) problems.push({ field, message: `${value} is not a whole number from 1` });
    else if (value > max) problems.push({ field, message: `${value} is over the most ${where} may send ${per}, ${max.toLocaleString('en-US')} (${ceiling.why})` });
  }
  if (problems.length > 0) return problems;
  if (hourly > daily) {
    return [{ field: 'hourly_cap', message: `${hourly} is over daily_cap ${daily}; an hour can never send more than its day (make hourly_cap at most daily_cap)` }];
  }
  if (daily > HOURS_PER_DAY * hourly) {
    return [{
      field: 'daily_cap',
      message:
        `${daily} can never be reached with hourly_cap ${hourly} (24 hours × ${hourly} = ${HOURS_PER_DAY * hourly}); ` +
        `make daily_cap at most ${HOURS_PER_DAY * hourly} or hourly_cap at least ${Math.ceil(daily / HOURS_PER_DAY)}`,
    }];
  }
  return [];
}

/**
 * Caps for an account that gives one cap or none: the channel's defaults, with the missing cap fitted to
 * the given one so the pair obeys capProblems' rules (hourly 5 alone gives daily min(default, 120)).
 */
export function capsWithDefaults(channel: Channel, given: Partial<Caps>): Caps {
  const defaults = DEFAULT_CAPS[channel];
  if (given.hourlyCap !== undefined && given.dailyCap !== undefined) return { hourlyCap: given.hourlyCap, dailyCap: given.dailyCap };
  if (given.hourlyCap !== undefined) {
    const hourly = given.hourlyCap;
    return { hourlyCap: hourly, dailyCap: Math.max(hourly, Math.min(defaults.dailyCap, HOURS_PER_DAY * hourly)) };
  }
  if (given.dailyCap !== undefined) {
    const daily = given.dailyCap;
    return { hourlyCap: Math.max(Math.ceil(daily / HOURS_PER_DAY), Math.min(defaults.hourlyCap, daily)), dailyCap: daily };
  }
  return { ...defaults };
}
