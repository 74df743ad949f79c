import type { Duration } from '@temporalio/common';
import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { JourneyActivities } from '../activities';
import { FAILURE_TYPES } from '../src/channels/errors';
import type { Channel } from '../src/sequences/model';

const PERMANENT = [
  FAILURE_TYPES.recipientUnreachable,
  FAILURE_TYPES.senderAccount,
  FAILURE_TYPES.noSender,
  FAILURE_TYPES.invalidInput,
];

/**
 * Bookkeeping retries without an attempt limit: a journey must not fail because Postgres was away for a
 * while, and every write is idempotent. Taking a send slot is a database call too, so it retries alike.
 */
export const bookkeeping = proxyActivities<
  Pick<JourneyActivities, 'journeySettings' | 'beginJourney' | 'recordJourney' | 'takeSendSlot' | 'releaseSendSlot'>
>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/*
 * Sends back off gently and give up after a bounded number of attempts: X throttles hardest and resets
 * in 15-minute windows, LinkedIn gateways drive a browser session and are slow to recover, email and
 * XMTP recover fast. A journey that exhausts its attempts ends with the provider's last error as reason.
 */
const SEND_OPTIONS: Record<Channel, ActivityOptions> = {
  x: sendOptions({ initialInterval: '30s', maximumInterval: '15m', maximumAttempts: 8 }),
  email: sendOptions({ initialInterval: '10s', maximumInterval: '10m', maximumAttempts: 10 }),
  linkedin: sendOptions({ initialInterval: '1m', maximumInterval: '30m', maximumAttempts: 6 }),
  xmtp: sendOptions({ initialInterval: '10s', maximumInterval: '10m', maximumAttempts: 8 }),
};

function sendOptions(retry: { initialInterval: Duration; maximumInterval: Duration; maximumAttempts: number }): ActivityOptions {
  return {
    startToCloseTimeout: '2m',
    retry: { ...retry, backoffCoefficient: 2, nonRetryableErrorTypes: PERMANENT },
  };
}

type Sends = Pick<JourneyActivities, 'sendAction'>;

/** The send activity with its channel's retry policy. */
export const sends: Record<Channel, Sends> = {
  x: proxyActivities<Sends>(SEND_OPTIONS.x),
  email: proxyActivities<Sends>(SEND_OPTIONS.email),
  linkedin: proxyActivities<Sends>(SEND_OPTIONS.linkedin),
  xmtp: proxyActivities<Sends>(SEND_OPTIONS.xmtp),
};

/** Checks are cheap to repeat on the next tick, so they give up sooner than sends. */
export const checks = proxyActivities<Pick<JourneyActivities, 'checkOutcomes'>>({
  startToCloseTimeout: '1m',
  retry: {
    initialInterval: '15s',
    backoffCoefficient: 2,
    maximumInterval: '5m',
    maximumAttempts: 5,
    nonRetryableErrorTypes: PERMANENT,
  },
});
