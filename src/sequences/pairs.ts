import { type Action, CONDITIONAL_TRIGGERS, type Observation, TRIGGERS, TRIGGERS_AFTER, type Trigger } from './model';

/** NORMAL_EDGE and END may leave any action. */
export function triggersAllowedAfter(action: Action): Trigger[] {
  return [...TRIGGERS_AFTER[action], 'NORMAL_EDGE', 'END'];
}

export function isConditional(trigger: Trigger): boolean {
  return CONDITIONAL_TRIGGERS[trigger] !== undefined;
}

/** Fires when the window ends without the observation. */
export function isNegative(trigger: Trigger): boolean {
  return CONDITIONAL_TRIGGERS[trigger]?.polarity === 'negative';
}

function triggerFor(observation: Observation, polarity: 'positive' | 'negative'): Trigger | undefined {
  return TRIGGERS.find((t) => CONDITIONAL_TRIGGERS[t]?.observation === observation && CONDITIONAL_TRIGGERS[t]?.polarity === polarity);
}

/** The other half of a conditional pair (REPLIED <-> NOT_REPLIED); undefined for positive-only triggers. */
export function oppositeOf(trigger: Trigger): Trigger | undefined {
  const c = CONDITIONAL_TRIGGERS[trigger];
  if (!c) return undefined;
  const other = triggerFor(c.observation, c.polarity === 'positive' ? 'negative' : 'positive');
  return other && triggerFor(c.observation, 'negative') ? other : undefined;
}

/** The observation of a pair that has both halves; undefined for END, NORMAL_EDGE and positive-only triggers. */
export function pairOf(trigger: Trigger): Observation | undefined {
  return oppositeOf(trigger) ? CONDITIONAL_TRIGGERS[trigger]?.observation : undefined;
}

/** `REPLIED/NOT_REPLIED` for messages. */
export function pairName(observation: Observation): string {
  return `${triggerFor(observation, 'positive')}/${triggerFor(observation, 'negative')}`;
}

/** Negative triggers that can close the window of a positive-only trigger after this action. */
export function windowClosersAfter(action: Action): Trigger[] {
  return TRIGGERS_AFTER[action].filter(isNegative);
}
