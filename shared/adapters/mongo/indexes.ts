import type { Collection, Document, IndexDescription } from 'mongodb';

/**
 * Creates indexes one per command, idempotently. FerretDB v1 drops the connection when a single
 * createIndexes command lists several indexes that all exist already (every second start).
 */
export async function ensureIndexes(collection: Collection<Document>, indexes: readonly IndexDescription[]): Promise<void> {
  for (const index of indexes) await collection.createIndexes([index]);
}
