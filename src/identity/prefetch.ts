/**
 * Reads the next batch while the caller works on this one: parsing and normalising (CPU in this process)
 * overlap the database's work on the previous batch.
 */
export async function* prefetched<T>(source: AsyncGenerator<T, void, undefined>): AsyncGenerator<T, void, undefined> {
  let next = source.next();
  try {
    for (let current = await next; !current.done; current = await next) {
      next = source.next();
      next.catch(() => {});
      yield current.value;
    }
  } finally {
    await source.return();
  }
}
