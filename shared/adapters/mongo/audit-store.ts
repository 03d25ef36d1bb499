import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import { auditActions, type AuditEntry } from '../../audit/audit-entry.js';
import type { AuditOrder, AuditStore } from '../../audit/audit-store.js';
import { isDuplicateKey } from './documents.js';
import { ensureIndexes } from './indexes.js';
import { retryingWriteConflicts } from './write-conflict.js';

type AuditDoc = Omit<AuditEntry, 'audit_id'> & { _id: string };

const auditDocument = z.object({
  _id: z.string(),
  customer_id: z.string(),
  action: z.enum(auditActions),
  actor: z.string(),
  at: z.string(),
  reason: z.string().nullable(),
  target: z.string().nullable(),
  outcome: z.string(),
});

/**
 * The audit trail in MongoDB: `admin_audit`, one document per action (`_id` = audit id, so a
 * retry inserts nothing twice), insert-only, paged over the `{customer_id, at, _id}` index.
 */
export class MongoAuditStore implements AuditStore {
  readonly #entries: Collection<AuditDoc>;

  constructor(db: Db) {
    this.#entries = db.collection<AuditDoc>('admin_audit');
  }

  /** Creates the per-customer index over instants; idempotent. */
  static async createIndexes(db: Db): Promise<void> {
    await ensureIndexes(db.collection('admin_audit'), [{ key: { customer_id: 1, at: 1, _id: 1 } }]);
  }

  async record(entry: AuditEntry): Promise<'recorded' | 'exists'> {
    const { audit_id, ...rest } = entry;
    try {
      await retryingWriteConflicts(() => this.#entries.insertOne({ _id: audit_id, ...rest }));
      return 'recorded';
    } catch (err) {
      if (isDuplicateKey(err)) return 'exists';
      throw err;
    }
  }

  async pageByCustomer(customerId: string, before: AuditOrder | null, limit: number): Promise<AuditEntry[]> {
    if (limit <= 0) return [];
    const earlier = before ? { $or: [{ at: { $lt: before.at } }, { at: before.at, _id: { $lt: before.audit_id } }] } : {};
    const docs = await this.#entries
      .find({ customer_id: customerId, ...earlier })
      .sort({ at: -1, _id: -1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => {
      const { _id, ...rest } = auditDocument.parse(d);
      return { audit_id: _id, ...rest };
    });
  }
}
