import { createHmac, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { ConfigError, parseSecretSetting } from '../config-values';
import { resolveSecret } from '../config-secrets';

/** SUPPRESSION_SECRET: any 16 to 512 printable characters, or a reference (env:NAME, file:KEY). */
const SECRET_FORM = { form: /^[\x21-\x7e]{16,512}$/, described: '16 to 512 printable characters' };

function configuredKey(env: NodeJS.ProcessEnv): Buffer | undefined {
  const text = env.SUPPRESSION_SECRET;
  if (text === undefined) return undefined;
  return Buffer.from(resolveSecret('SUPPRESSION_SECRET', parseSecretSetting('SUPPRESSION_SECRET', text, SECRET_FORM), env));
}

/** A suppression key's fingerprint: an HMAC of a constant, which says nothing about the key. */
function fingerprintOf(key: Buffer): string {
  return createHmac('sha256', key).update('outreach suppression key fingerprint').digest('base64url').slice(0, 16);
}

/**
 * The key the suppression list is hashed under: SUPPRESSION_SECRET when set, else one generated on first use
 * and kept in the database (so a fresh install works; set the secret to keep the key out of the database).
 * A different key than the list was written with would match nobody and silently unsuppress everyone: it
 * is refused, naming both fingerprints.
 */
export async function suppressionKey(db: Knex, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const configured = configuredKey(env);
  return db.transaction(async (trx) => {
    await trx.raw("select pg_advisory_xact_lock(hashtext('outreach suppression key'))");
    const row: { fingerprint: string; generated_key: string | null } | undefined = await trx('suppression_key').first('fingerprint', 'generated_key');
    if (!row) {
      // Text, so that it can be moved into SUPPRESSION_SECRET as it is.
      const generated = configured ? null : randomBytes(32).toString('base64url');
      const key = configured ?? Buffer.from(generated as string);
      await trx('suppression_key').insert({ fingerprint: fingerprintOf(key), generated_key: generated });
      return key;
    }
    const key = configured ?? (row.generated_key === null ? undefined : Buffer.from(row.generated_key));
    if (!key) throw new ConfigError(`SUPPRESSION_SECRET is not set, but the suppression list was written under one (fingerprint ${row.fingerprint})`);
    if (fingerprintOf(key) !== row.fingerprint) {
      throw new ConfigError(
        `SUPPRESSION_SECRET: fingerprint ${fingerprintOf(key)}, but the suppression list was written under fingerprint ${row.fingerprint}; ` +
          'with another key nobody on it would match (see docs/suppression.md, "Changing the key")',
      );
    }
    return key;
  });
}

const cached = new WeakMap<Knex, Promise<Buffer>>();

/** suppressionKey, read once per database handle (a failure is not kept: the next call reads again). */
export function cachedSuppressionKey(db: Knex): Promise<Buffer> {
  let key = cached.get(db);
  if (!key) {
    key = suppressionKey(db);
    key.catch(() => cached.delete(db));
    cached.set(db, key);
  }
  return key;
}
