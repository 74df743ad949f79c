import { DEFAULT_CAPS } from '../channels/default-caps';
import {
  GMAIL_RECIPIENTS_PER_DAY,
  LINKEDIN_INVITATIONS_PER_WEEK,
  WORKSPACE_MESSAGES_PER_DAY,
  X_DMS_PER_DAY,
  X_FOLLOWS_PER_DAY,
  XMTP_WRITES_PER_5_MINUTES,
} from '../channels/provider-limits';
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

const n = (x: number) => x.toLocaleString('en-US');

/**
 * The most a sender account may be allowed to send, per channel: what each provider tolerates from one
 * account before it throttles, flags or bans it. A cap over these is a typo or a wish that gets the account
 * restricted; the defaults (src/channels/default-caps.ts) stay well below. Numbers a provider states come
 * from src/channels/provider-limits.ts; the hourly ones (and LinkedIn's) are ours, against bursts.
 */
export const CAP_CEILINGS: Record<Channel, CapCeiling> = {
  x: {
    hourlyCap: 60,
    dailyCap: X_DMS_PER_DAY.max,
    why: `X allows about ${n(X_DMS_PER_DAY.max)} DMs and ${n(X_FOLLOWS_PER_DAY.max)} follows a day per account, and its DM endpoint 1,440 per 24 hours (60 an hour)`,
  },
  linkedin: {
    hourlyCap: 20,
    dailyCap: 100,
    why: `LinkedIn restricts accounts that send in bursts, and allows about ${n(LINKEDIN_INVITATIONS_PER_WEEK.max)} invitations a week`,
  },
  email: {
    hourlyCap: 500,
    dailyCap: WORKSPACE_MESSAGES_PER_DAY.max,
    why: `Google Workspace allows ${n(WORKSPACE_MESSAGES_PER_DAY.max)} messages a day per mailbox (Gmail ${n(GMAIL_RECIPIENTS_PER_DAY.max)}); bursts over 500 an hour hurt deliverability`,
  },
  xmtp: {
    hourlyCap: XMTP_WRITES_PER_5_MINUTES.max,
    dailyCap: 20_000,
    why: `XMTP allows ${n(XMTP_WRITES_PER_5_MINUTES.max)} messages per 5 minutes per client and names no daily limit`,
  },
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
