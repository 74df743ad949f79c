import type { Knex } from 'knex';

/**
 * Records the X user id a handle resolved to on the person's profile with that handle (as stored: the one
 * the lead's contact gave), so later sends skip the lookup. Identifiers are only ever added: a profile that
 * already has an id keeps it, and an id that another profile holds already (a rename, or a second person) is
 * left where it is.
 */
export async function saveResolvedXUserId(db: Knex, personId: string, handle: string, xUserId: string): Promise<void> {
  try {
    await db('x_profiles')
      .where({ person_id: personId, handle })
      .whereNull('x_user_id')
      .whereNotExists(db('x_profiles as held').where('held.x_user_id', xUserId).select(db.raw('1')))
      .update({ x_user_id: xUserId });
  } catch (error) {
    // Two workers resolving the same handle at once: the other one recorded it.
    if ((error as { code?: string }).code !== '23505') throw error;
  }
}
