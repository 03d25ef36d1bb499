import { MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { isWriteConflict, retryingWriteConflicts } from '#shared/adapters/mongo/write-conflict.js';

/** The error DocumentDB's gateway sends for a PostgreSQL deadlock between racing writes. */
const conflict = () =>
  new MongoServerError({ ok: 0, code: 112, codeName: 'WriteConflict', errmsg: 'Could not acquire lock for operation due to deadlock' });

describe('a write that meets a write conflict', () => {
  it('is sent again until it goes through, its outcome then deciding', async () => {
    const attempts: number[] = [];
    const result = await retryingWriteConflicts(async (attempt) => {
      attempts.push(attempt);
      if (attempt < 3) throw conflict();
      return 'reserved';
    });
    expect([result, attempts]).toEqual(['reserved', [1, 2, 3]]);
  });

  it('gives up after five attempts with the conflict', async () => {
    let sent = 0;
    const failed = retryingWriteConflicts(async () => {
      sent += 1;
      throw conflict();
    });
    await expect(failed).rejects.toSatisfy(isWriteConflict);
    expect(sent).toBe(5);
  });

  it('is not sent again for any other failure, a duplicate key included', async () => {
    let sent = 0;
    const duplicate = new MongoServerError({ ok: 0, code: 11000, errmsg: 'E11000 duplicate key error' });
    await expect(
      retryingWriteConflicts(async () => {
        sent += 1;
        throw duplicate;
      }),
    ).rejects.toBe(duplicate);
    expect(sent).toBe(1);
  });
});
