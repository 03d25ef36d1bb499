import { MongoServerError, type Collection, type Document, type IndexDescription } from 'mongodb';

/** The name the server gives an index: its own, or the driver's default (`a_1_b_-1`). */
function indexName(index: IndexDescription): string {
  return (
    index.name ??
    Object.entries(index.key as Record<string, unknown>)
      .map(([field, order]) => `${field}_${String(order)}`)
      .join('_')
  );
}

/** Code of a collection that does not exist (listIndexes on it). */
const namespaceNotFound = 26;

/**
 * Creates the indexes the collection lacks, in one command, idempotently: one `listIndexes`, then
 * one `createIndexes` of the missing ones, or none. Only the missing ones: FerretDB v1 drops the
 * connection when a single createIndexes lists several indexes that all exist already. In one
 * command: DocumentDB builds an index on an existing collection in a background job it polls every
 * 2 seconds, so indexes created one per command on a new collection cost 2 s each after the first.
 */
export async function ensureIndexes(collection: Collection<Document>, indexes: readonly IndexDescription[]): Promise<void> {
  let existing: Set<string>;
  try {
    existing = new Set((await collection.listIndexes().toArray()).map((i: Document) => String(i['name'])));
  } catch (err) {
    if (!(err instanceof MongoServerError && err.code === namespaceNotFound)) throw err;
    existing = new Set();
  }
  const missing = indexes.filter((i) => !existing.has(indexName(i)));
  if (missing.length > 0) await collection.createIndexes([...missing]);
}
