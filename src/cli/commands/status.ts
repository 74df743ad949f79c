import type { Command } from 'commander';
import type { Knex } from 'knex';
import { leadJourney, sequenceStatus, type LeadJourney, type SequenceStatus } from '../../client/status';
import { inboundEventCounts, type InboundEventCounts } from '../../db/inbound-events';
import { deliveryLines, eventDeliveryOf, type AccountEventDelivery } from '../../senders/event-delivery';
import { withDatabase } from '../context';

function formatSequence(s: SequenceStatus): string {
  if (s.rows.length === 0) return `sequence "${s.sequence}": no journeys yet`;
  const lines = [`sequence "${s.sequence}": journeys by version, node and status`];
  const width = Math.max(...s.rows.map((r) => (r.node ?? '-').length), 4);
  for (const r of s.rows) {
    const reason = r.reason ? `  (${r.reason})` : '';
    lines.push(`  v${r.version}  ${(r.node ?? '-').padEnd(width)}  ${r.status.padEnd(9)}  ${String(r.journeys).padStart(6)}${reason}`);
  }
  return lines.join('\n');
}

function formatInbound(c: InboundEventCounts): string {
  const gaveUp = c.gaveUp > 0 ? ` (${c.gaveUp} out of attempts)` : '';
  return (
    `inbound events: ${c.received} received, ${c.delivered} delivered to journeys, ${c.forNobody} for nobody, ` +
    `${c.noJourney} with no running journey, ${c.notAnObservation} bounces, complaints or disconnects, ` +
    `${c.undelivered} undelivered${gaveUp}`
  );
}

function formatDelivery(rows: AccountEventDelivery[]): string {
  const head = 'provider events per sender account (listens: waiting journeys check once, at the window\'s close; polls: on every tick)';
  return [head, ...deliveryLines(rows)].join('\n');
}

/** What `status` without --lead shows besides a sequence: inbound events, and which accounts listen or poll. */
async function intake(db: Knex): Promise<{ inbound: InboundEventCounts; eventDelivery: AccountEventDelivery[] }> {
  const [inbound, eventDelivery] = await Promise.all([inboundEventCounts(db), eventDeliveryOf(db)]);
  return { inbound, eventDelivery };
}

const intakeText = (i: Awaited<ReturnType<typeof intake>>) => `${formatInbound(i.inbound)}\n${formatDelivery(i.eventDelivery)}`;

function describeStep(step: LeadJourney['steps'][number]): string {
  const d = step.detail;
  switch (step.type) {
    case 'action_sent':
      return `sent ${String(d.action)}${d.variant ? ` (variant ${String(d.variant)})` : ''} on ${step.channel}`;
    case 'outcome_observed':
      return `saw ${String(d.observation)}${d.positive === true ? ' (positive)' : ''}`;
    case 'branch_taken':
      return `took ${String(d.trigger)} -> ${d.to === null ? '(end)' : String(d.to)}`;
    case 'variant_chosen':
      return `chose variant ${String(d.variant)} of ${String(d.template)}`;
    case 'journey_ended':
      return `ended ${String(d.status)}${d.reason ? `: ${String(d.reason)}` : ''}`;
    case 'action_failed':
      return `failed: ${String(d.reason)}`;
    case 'sender_reassigned':
      return `moved to ${String(d.to)}: ${String(d.reason)}`;
    default:
      return step.type.replace('_', ' ');
  }
}

function formatLead(j: LeadJourney): string {
  const head = `${j.workflowId}: ${j.status} at ${j.currentNode ?? '-'} (version ${j.version})` +
    (j.nextActionAt ? `, next action ${j.nextActionAt.toISOString()}` : '') +
    (j.endReason ? `, ${j.endReason}` : '');
  return [head, ...j.steps.map((s) => `  ${s.at.toISOString()}  ${(s.node ?? '').padEnd(12)} ${describeStep(s)}`)].join('\n');
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("journeys of a sequence by node and status, or one lead's path with timestamps; inbound provider events, and which accounts listen or poll")
    .option('--sequence <name>', 'a published sequence (without it: the inbound event counts only)')
    .option('--lead <personId>', "show this person's journey step by step")
    .option('--json', 'print the result as JSON')
    .action(async (opts: { sequence?: string; lead?: string; json?: boolean }) => {
      if (opts.sequence === undefined && opts.lead !== undefined) throw new Error('status: --lead needs --sequence');
      await withDatabase(async (db) => {
        if (opts.sequence === undefined) {
          const events = await intake(db);
          console.log(opts.json ? JSON.stringify(events, null, 2) : intakeText(events));
        } else if (opts.lead !== undefined) {
          const journey = await leadJourney(db, opts.sequence, opts.lead);
          console.log(opts.json ? JSON.stringify(journey, null, 2) : formatLead(journey));
        } else {
          const [status, events] = await Promise.all([sequenceStatus(db, opts.sequence), intake(db)]);
          console.log(opts.json ? JSON.stringify({ ...status, ...events }, null, 2) : `${formatSequence(status)}\n${intakeText(events)}`);
        }
      });
    });
}
