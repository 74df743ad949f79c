/**
 * Row types as node-postgres returns them: bigint ids as strings, timestamptz as Date, jsonb parsed.
 */
import type { Channel, SequenceGraph } from '../sequences/model';
import type { JourneyEventType, JourneyStatus } from '../../workflows/vocabulary';

/** Inputs accept ISO strings too: Temporal hands Dates to activities as strings. */
export type Timestamp = Date | string;

export type SenderStatus = 'active' | 'paused' | 'disabled';
/** A journey's status, or `skipped`: a member the sequence could not reach when it was enrolled. */
export type EnrollmentStatus = JourneyStatus | 'skipped';
export type EventType = JourneyEventType;

interface SequenceRow {
  id: string;
  name: string;
  created_at: Date;
}

interface SequenceVersionRow {
  id: string;
  sequence_id: string;
  version: number;
  graph: SequenceGraph;
  source: string;
  checksum: string;
  published_at: Date;
}

export interface SenderAccountRow {
  id: string;
  channel: Channel;
  provider: string;
  handle: string;
  hourly_cap: number;
  daily_cap: number;
  /** Where each secret lives (e.g. `{ "token": "env:X_TOKEN_ALICE" }`), never a secret itself. */
  credentials_ref: Record<string, string>;
  /** Provider settings that are not secret (hosts, ports, a gateway's address). */
  settings: Record<string, unknown>;
  status: SenderStatus;
  status_reason: string | null;
  status_changed_at: Date | null;
  /** Pacing the senders file set (null: the provider's default, src/senders/pacing.ts). */
  min_interval_ms: number | null;
  burst: number | null;
  /** GCRA: the theoretical arrival time of the account's next send (src/db/sendSlots.ts). */
  pacing_tat: Date | null;
  /** Its provider events are posted to the ingest service (src/ingest/webhook-sources.ts). */
  webhooks: boolean;
  created_at: Date;
}

/** The account a person hears from on a channel, in every sequence; null once that account was removed. */
interface SenderAssignmentRow {
  person_id: string;
  channel: Channel;
  sender_account_id: string | null;
  assigned_at: Date;
}

interface PersonRow {
  id: string;
  first_name: string | null;
  last_name: string | null;
  attributes: Record<string, string>;
  tags: string[];
  /** Set when the person was merged into another, who now holds its identifiers. */
  merged_into: string | null;
  merged_at: Date | null;
  /** Set by `outreach person erase`: the row stays, blanked, because events and enrollments name its id. */
  erased_at: Date | null;
  created_at: Date;
}

interface XProfileRow {
  id: string;
  person_id: string;
  x_user_id: string | null;
  handle: string | null;
  created_at: Date;
}

interface EmailRow {
  id: string;
  person_id: string;
  address: string;
  created_at: Date;
}

interface CryptoAddressRow {
  id: string;
  person_id: string;
  chain: string;
  address: string;
  created_at: Date;
}

interface LinkedinProfileRow {
  id: string;
  person_id: string;
  url: string;
  created_at: Date;
}

interface IdentityLinkRow {
  id: string;
  person_id: string;
  kind_a: string;
  value_a: string;
  kind_b: string;
  value_b: string;
  source: string;
  observed_at: Date;
}

interface AudienceRow {
  id: string;
  name: string;
  filter: Record<string, unknown>;
  created_at: Date;
}

interface AudienceMemberRow {
  audience_id: string;
  person_id: string;
  variables: Record<string, unknown>;
}

export interface EnrollmentRow {
  id: string;
  workflow_id: string;
  sequence_id: string;
  sequence_version_id: string;
  person_id: string;
  audience_id: string | null;
  status: EnrollmentStatus;
  current_node: string | null;
  visit: number;
  /** Template id -> chosen variant id. */
  variant_choices: Record<string, string>;
  next_action_at: Date | null;
  end_reason: string | null;
  started_at: Date;
  updated_at: Date;
  ended_at: Date | null;
}

export interface EventRow {
  id: string;
  event_key: string;
  workflow_id: string;
  sequence_version_id: string;
  person_id: string;
  node_id: string | null;
  visit: number | null;
  type: EventType;
  channel: Channel | null;
  provider_id: string | null;
  sender_account_id: string | null;
  detail: Record<string, unknown>;
  occurred_at: Date;
  recorded_at: Date;
}

export interface SandboxOutboxRow {
  id: string;
  idempotency_key: string;
  channel: Channel;
  action: string;
  person_id: string;
  sender_account_id: string | null;
  subject: string | null;
  body: string | null;
  provider_message_id: string;
  sent_at: Date;
}

interface SandboxScriptRow {
  person_id: string;
  script: unknown;
}

declare module 'knex/types/tables' {
  interface Tables {
    sequences: SequenceRow;
    sequence_versions: SequenceVersionRow;
    sender_accounts: SenderAccountRow;
    sender_assignments: SenderAssignmentRow;
    persons: PersonRow;
    x_profiles: XProfileRow;
    emails: EmailRow;
    crypto_addresses: CryptoAddressRow;
    linkedin_profiles: LinkedinProfileRow;
    identity_links: IdentityLinkRow;
    audiences: AudienceRow;
    audience_members: AudienceMemberRow;
    enrollments: EnrollmentRow;
    events: EventRow;
    sandbox_outbox: SandboxOutboxRow;
    sandbox_scripts: SandboxScriptRow;
  }
}
