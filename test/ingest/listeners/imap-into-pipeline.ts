import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { eventSourcesOf } from '../../../src/db/event-sources';
import { readWatermark } from '../../../src/db/listener-watermarks';
import type { SenderAccount } from '../../../src/db/senderAccounts';
import { imapIdleListener } from '../../../src/ingest/listeners/imap-idle';
import { supervise, type Supervised } from '../../../src/ingest/listeners/supervise';
import { silentLog } from '../../../src/ingest/log';
import { acceptEvent } from '../../../src/ingest/pipeline';
import { credentials } from '../../channels/email/fixtures';
import { FAST_BACKOFF, type Heard, until } from './harness';

/**
 * The account's IMAP IDLE listener, supervised, delivering each event to `heard` and then to the pipeline as
 * `outreach ingest` does; resolves once it is connected and has its watermark.
 */
export async function imapIntoPipeline(deps: { db: Knex; temporal: Client }, account: SenderAccount, heard: Heard): Promise<Supervised> {
  const pipeline = { db: deps.db, temporal: deps.temporal, log: silentLog };
  const deliver = async (event: Parameters<Heard['deliver']>[0]) => {
    await heard.deliver(event);
    await acceptEvent(pipeline, event);
  };
  const running = supervise(imapIdleListener(account, { db: deps.db, deliver, credentials: credentials() }), { db: deps.db, log: heard.log, backoff: FAST_BACKOFF });
  await until('the listener is connected and has its watermark', async () => {
    const [source] = await eventSourcesOf(deps.db, [account.id]);
    return source?.state === 'connected' && (await readWatermark(deps.db, account.id, 'imap-idle')) !== undefined;
  });
  return running;
}
