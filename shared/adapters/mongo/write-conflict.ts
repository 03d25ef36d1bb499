import { MongoBulkWriteError, MongoServerError } from 'mongodb';

/** The code of a write conflict: DocumentDB's answer to a PostgreSQL deadlock between racing writes. */
export const writeConflict = 112;

/** How many times a write meeting a write conflict is sent in all. */
const attempts = 5;

/** The write errors' codes of a failed write, and where an ordered bulk write stopped. */
function codesOf(err: unknown): number[] {
  if (err instanceof MongoBulkWriteError) {
    const written = err.writeErrors as unknown as { code: number } | Array<{ code: number }>;
    return (Array.isArray(written) ? written : [written]).map((e) => e.code);
  }
  return err instanceof MongoServerError && typeof err.code === 'number' ? [err.code] : [];
}

/** Whether a write failed on a write conflict (alone, or beside duplicate keys in a bulk write). */
export function isWriteConflict(err: unknown): boolean {
  return codesOf(err).includes(writeConflict);
}

/**
 * Runs a write, and again after a short random pause when it meets a write conflict, at most
 * {@link attempts} times in all. DocumentDB (and so Azure Cosmos DB for MongoDB vCore) turns a
 * PostgreSQL deadlock between racing inserts into WriteConflict and, unlike for updates, does not
 * retry it itself; MongoDB never reports one for a single-document write outside a transaction.
 * The conflicting statement had no effect (PostgreSQL rolled it back), so sending it again is safe,
 * and its unique key then decides the race as it would have. `write` is told the attempt (from 1).
 */
export async function retryingWriteConflicts<T>(write: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write(attempt);
    } catch (err) {
      if (attempt >= attempts || !isWriteConflict(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}
