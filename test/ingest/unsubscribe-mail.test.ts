import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { getEnrollment } from '../../src/db/enrollments';
import { listEvents } from '../../src/db/events';
import { getSenderAccount, upsertSenderAccount, type SenderAccount } from '../../src/db/senderAccounts';
import type { Supervised } from '../../src/ingest/listeners/supervise';
import { suppressionOf } from '../../src/suppression/check';
import { cachedSuppressionKey } from '../../src/suppression/key';
import { makeUnsubscribeToken, unsubscribeSigningKey } from '../../src/unsubscribe/token';
import { journeyWorkflowId } from '../../workflows/contract';
import { dovecotOrSkip, startDovecot, type Dovecot } from '../support/mail/dovecot';
import { appendMessages } from '../support/mail/mailbox';
import { compileSequence, createLead, journeyWorker, skipTo, startJourney, stateWhen, uniqueName, useJourneyHarness } from '../support/journeys';
import { CREDENTIALS_REF, IMAP_LOGIN, emailSettings } from '../channels/email/fixtures';
import { Heard, until } from './listeners/harness';
import { imapIntoPipeline } from './listeners/imap-into-pipeline';

const WAITS = `
templates:
  hello: { subject: "Hello", body: "hello" }
  nudge: { subject: "Nudge", body: "nudge" }
nodes:
  - { id: hello, action: SEND_EMAIL, template: hello }
  - { id: nudge, action: SEND_EMAIL, template: nudge }
edges:
  - { from: hello, trigger: REPLIED }
  - { from: hello, to: nudge, trigger: NOT_REPLIED, within: 3d }
  - { from: nudge, trigger: END }
`;

/** What a mail client writes for our `mailto:` link: To the address, the subject from the link, no threading. */
function mailtoMessage(from: string, subject: string): string {
  return [
    `From: <${from}>`,
    'To: <unsubscribe@outreach.example.com>',
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomUUID()}@mail.example.net>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'This message will unsubscribe you.',
  ].join('\r\n');
}

describe('a mailto: unsubscribe reaching the mailbox (a real Dovecot, the IMAP IDLE listener, the pipeline)', function () {
  this.timeout(120_000);
  const h = useJourneyHarness();
  let dovecot: Dovecot | undefined;
  let running: Supervised | undefined;

  before(async function () {
    const binary = dovecotOrSkip(this);
    dovecot = await startDovecot(binary, { [IMAP_LOGIN.user]: IMAP_LOGIN.pass });
  });
  after(async () => {
    await running?.stop();
    await dovecot?.stop();
  });

  async function listeningAccount(heard: Heard): Promise<SenderAccount> {
    const id = await upsertSenderAccount(h.db, {
      channel: 'email',
      provider: 'smtp-imap',
      handle: `mailbox-${randomUUID().slice(0, 8)}@outreach.example.com`,
      hourlyCap: 10,
      dailyCap: 100,
      credentialsRef: CREDENTIALS_REF,
      settings: emailSettings({ smtp: 2525, imap: (dovecot as Dovecot).port }),
      // Paused: the journeys of this file send through the sandbox, never through it.
      status: 'paused',
    });
    const account = (await getSenderAccount(h.db, id)) as SenderAccount;
    running = await imapIntoPipeline({ db: h.db, temporal: h.env.client }, account, heard);
    return account;
  }

  it('suppresses the person its subject token names and ends their journey; a forged token suppresses nobody', async () => {
    const heard = new Heard();
    await listeningAccount(heard);
    const email = `${uniqueName('mia')}@example.test`;
    const personId = await createLead(h.db, { person: { email } });
    const bystander = await createLead(h.db);
    const graph = compileSequence(WAITS);
    const taskQueue = uniqueName('q');
    const worker = await journeyWorker(h, taskQueue);
    const key = await cachedSuppressionKey(h.db);

    const result = await worker.runUntil(async () => {
      const handle = await startJourney(h, taskQueue, graph, personId);
      const before = await stateWhen(handle, 'a scheduled first send', (s) => s.nextActionAt !== null);
      await skipTo(h.env, Date.parse(before.nextActionAt as string) + 60_000);
      await stateWhen(handle, 'hello sent', (s) => s.sent.length === 1 && s.status === 'waiting');
      const workflowId = journeyWorkflowId(graph.name, personId);
      const sent = (await listEvents(h.db, workflowId)).find((e) => e.type === 'action_sent');
      const claims = { senderAccountId: String(sent?.senderAccountId), sequenceVersionId: String((await getEnrollment(h.db, workflowId))?.sequenceVersionId) };
      const token = makeUnsubscribeToken(unsubscribeSigningKey(key), { personId, ...claims });
      const forged = makeUnsubscribeToken(unsubscribeSigningKey(Buffer.from('not the key of this installation')), { personId: bystander, ...claims });

      await appendMessages(dovecot as Dovecot, IMAP_LOGIN, 'INBOX', [{ raw: mailtoMessage(email, `unsubscribe ${forged}`) }, { raw: mailtoMessage(email, `unsubscribe ${token}`) }]);
      await until('both requests are heard', () => heard.events.length === 2);
      return handle.result();
    });

    assert.deepEqual(heard.events.map((e) => [e.type, e.inReplyTo]), [['email.unsubscribe.requested', undefined], ['email.unsubscribe.requested', undefined]]);
    assert.deepEqual([result.status, result.endReason], ['cancelled', 'suppressed']);
    const suppression = await suppressionOf(h.db, key, personId);
    assert.deepEqual([suppression?.reason, suppression?.scope, suppression?.source], ['unsubscribed', { scope: 'global' }, `unsubscribe-mail:${graph.name}`]);
    assert.equal(await suppressionOf(h.db, key, bystander), undefined);
    const stored = await h.db('inbound_events').whereIn('provider_event_id', heard.events.map((e) => e.providerEventId)).orderBy('id').select('resolution', 'person_id', 'journeys_signalled');
    assert.deepEqual(stored.map((r) => [r.resolution, r.person_id === null ? null : String(r.person_id), r.journeys_signalled]), [['nobody', null, 0], ['delivered', personId, 1]]);
  });
});
