/**
 * The sequence model: the vocabulary of actions and triggers, and the compiled graph a journey interprets.
 * Pure data and pure functions only: workflow code imports this file.
 */

export const ACTIONS = [
  'SEND_CONNECTION_REQUEST',
  'SEND_TWITTER_DM',
  'SEND_LINKEDIN_DM',
  'SEND_XMTP_DM',
  'SEND_EMAIL',
  'FOLLOW_ON_TWITTER',
  'UNFOLLOW_ON_TWITTER',
  'CHECK_FOR_REPLY',
] as const;
export type Action = (typeof ACTIONS)[number];

export const TRIGGERS = [
  'REPLIED',
  'NOT_REPLIED',
  'CONNECTION_ACCEPTED',
  'CONNECTION_NOT_ACCEPTED',
  'FOLLOWED_BACK',
  'NOT_FOLLOWED_BACK',
  'END',
  'NORMAL_EDGE',
  'REPLIED_TO_NOTE',
] as const;
export type Trigger = (typeof TRIGGERS)[number];

export const CHANNELS = ['x', 'email', 'linkedin', 'xmtp'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The channel an action goes out on; CHECK_FOR_REPLY looks at every channel the journey used. */
export const ACTION_CHANNEL: Record<Action, Channel | null> = {
  SEND_CONNECTION_REQUEST: 'linkedin',
  SEND_TWITTER_DM: 'x',
  SEND_LINKEDIN_DM: 'linkedin',
  SEND_XMTP_DM: 'xmtp',
  SEND_EMAIL: 'email',
  FOLLOW_ON_TWITTER: 'x',
  UNFOLLOW_ON_TWITTER: 'x',
  CHECK_FOR_REPLY: null,
};

/** Actions that carry a rendered message (for a connection request, the optional note). */
export const MESSAGE_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'SEND_TWITTER_DM',
  'SEND_LINKEDIN_DM',
  'SEND_XMTP_DM',
  'SEND_EMAIL',
  'SEND_CONNECTION_REQUEST',
]);

/** What a check activity can observe about a lead. `read` is reported, never branched on. */
export type Observation = 'replied' | 'followed_back' | 'connection_accepted' | 'replied_to_note' | 'read';

/** A conditional trigger and the outcome that decides it. */
export interface ConditionalTrigger {
  observation: Observation;
  /** The positive trigger fires when the observation is seen; the negative one when the window ends. */
  polarity: 'positive' | 'negative';
}

export const CONDITIONAL_TRIGGERS: Partial<Record<Trigger, ConditionalTrigger>> = {
  REPLIED: { observation: 'replied', polarity: 'positive' },
  NOT_REPLIED: { observation: 'replied', polarity: 'negative' },
  FOLLOWED_BACK: { observation: 'followed_back', polarity: 'positive' },
  NOT_FOLLOWED_BACK: { observation: 'followed_back', polarity: 'negative' },
  CONNECTION_ACCEPTED: { observation: 'connection_accepted', polarity: 'positive' },
  CONNECTION_NOT_ACCEPTED: { observation: 'connection_accepted', polarity: 'negative' },
  REPLIED_TO_NOTE: { observation: 'replied_to_note', polarity: 'positive' },
};

/** Which triggers may leave a node of each action. NORMAL_EDGE and END may leave any action. */
export const TRIGGERS_AFTER: Record<Action, readonly Trigger[]> = {
  SEND_CONNECTION_REQUEST: ['CONNECTION_ACCEPTED', 'CONNECTION_NOT_ACCEPTED', 'REPLIED_TO_NOTE'],
  SEND_TWITTER_DM: ['REPLIED', 'NOT_REPLIED'],
  SEND_LINKEDIN_DM: ['REPLIED', 'NOT_REPLIED'],
  SEND_XMTP_DM: ['REPLIED', 'NOT_REPLIED'],
  SEND_EMAIL: ['REPLIED', 'NOT_REPLIED'],
  FOLLOW_ON_TWITTER: ['FOLLOWED_BACK', 'NOT_FOLLOWED_BACK'],
  UNFOLLOW_ON_TWITTER: [],
  CHECK_FOR_REPLY: ['REPLIED', 'NOT_REPLIED'],
};

export interface TemplateVariant {
  id: string;
  weight: number;
  subject?: string;
  body: string;
}

export interface MessageTemplate {
  id: string;
  variants: TemplateVariant[];
}

export interface SequenceNode {
  id: string;
  action: Action;
  /** Id of a template in `SequenceGraph.templates`; required for message actions except connection requests. */
  template?: string;
  /** How many times a journey may enter this node; every cycle has at least one node that sets it. */
  maxVisits?: number;
}

export interface SequenceEdge {
  from: string;
  /** Null ends the journey when this edge is taken (always null for END). */
  to: string | null;
  trigger: Trigger;
  /** Wait window for conditional edges, in milliseconds. */
  withinMs?: number;
}

/** A validated, compiled sequence: what is stored as an immutable version and what a journey interprets. */
export interface SequenceGraph {
  name: string;
  description?: string;
  start: string;
  nodes: SequenceNode[];
  edges: SequenceEdge[];
  templates: Record<string, MessageTemplate>;
}

/** Person fields every audience member has (possibly empty); other variables come from the audience. */
export const STANDARD_FIELDS = [
  'first_name',
  'last_name',
  'full_name',
  'x_handle',
  'email',
  'linkedin_url',
  'crypto_address',
] as const;

/**
 * Filled by the send, not the audience: `unsubscribe_url` is the email's unsubscribe link (the one its
 * List-Unsubscribe header carries), empty on other channels and for accounts without `settings.unsubscribe.url`.
 */
export const SEND_FIELDS = ['unsubscribe_url'] as const;
