import type { Db, Document } from 'mongodb';
import type { OutboundEvent } from '../../notifications/notification.js';
import { isDuplicateKey } from './documents.js';
import { versionId } from './versioned-collection.js';
import { fromLegacyWallet } from './wallet-store.js';

/** What a migration run did. */
export interface MigrationReport {
  wallets_migrated: number;
  /** Ledger entries a crash had left in a committed wallet version's outbox, now written. */
  entries_recovered: number;
  /** Messages of such versions, returned for the caller to publish (their ids let consumers drop repeats). */
  events_recovered: OutboundEvent[];
  customer_versions_pruned: number;
  wallet_versions_dropped: boolean;
  done: boolean;
}

/**
 * Turns wallets of the former shape (a head in `referral_points` holding every lot and
 * redemption, plus every whole version in `referral_points_versions`) into snapshots over the
 * ledger, without losing an entry:
 *
 * 1. For each former head (in `_id` order, a batch at a time), the committed versions after it are
 *    found by key; their outboxes (ledger entries a crash left unwritten) are written to the ledger
 *    under their former keys, and their messages are returned to be published.
 * 2. The newest committed version becomes the snapshot (live lots at its ledger seq), written over
 *    the head with a guard, so a run that meets a head already migrated leaves it.
 * 3. When no former head is left, `referral_points_versions` is dropped, and each customer's
 *    versions beyond `keepCustomerVersions` are deleted.
 *
 * Idempotent (every write is guarded or keyed) and resumable (it finds what is left by shape).
 * Entries written before the migration keep their `_id` (their entry id): the snapshot's seq
 * covers them, so readers never probe for them, and lookups by entry id find them.
 */
export async function migrateWallets(
  db: Db,
  options: { batch?: number; keepCustomerVersions: number; timeBudgetMs?: number },
): Promise<MigrationReport> {
  const started = performance.now();
  const batch = options.batch ?? 200;
  const heads = db.collection<Document & { _id: string }>('referral_points');
  const versions = db.collection<Document & { _id: string }>('referral_points_versions');
  const ledger = db.collection<Document & { _id: string }>('points_ledger');
  const report: MigrationReport = {
    wallets_migrated: 0,
    entries_recovered: 0,
    events_recovered: [],
    customer_versions_pruned: 0,
    wallet_versions_dropped: false,
    done: false,
  };
  let after: string | null = null;
  for (;;) {
    if (performance.now() - started > (options.timeBudgetMs ?? Number.POSITIVE_INFINITY)) return report;
    const page = await heads
      .find({ ledger_seq: { $exists: true }, ...(after === null ? {} : { _id: { $gt: after } }) })
      .sort({ _id: 1 })
      .limit(batch)
      .toArray();
    if (page.length === 0) break;
    for (const head of page) {
      let newest: Document = head;
      for (let v = Number(head['version']) + 1; ; v += 1) {
        const committed = await versions.findOne({ _id: versionId(head._id, v) });
        if (!committed) break;
        newest = committed;
        const outbox = (committed['outbox'] as Array<Document & { entry_id: string }> | undefined) ?? [];
        for (const entry of outbox) {
          try {
            await ledger.insertOne({ ...entry, _id: entry.entry_id });
            report.entries_recovered += 1;
          } catch (err) {
            if (!isDuplicateKey(err)) throw err;
          }
        }
        report.events_recovered.push(...((committed['pending_events'] as OutboundEvent[] | undefined) ?? []));
      }
      const snapshot = fromLegacyWallet({ ...newest, customer_id: head._id });
      await heads.updateOne(
        { _id: head._id, seq: { $exists: false } },
        {
          $set: snapshot,
          $unset: { version: '', ledger_seq: '', redemptions: '', ops: '', outbox: '', pending_events: '', redemption_ids: '' },
        },
      );
      report.wallets_migrated += 1;
    }
    after = page.at(-1)!._id;
  }
  if ((await db.listCollections({ name: 'referral_points_versions' }).toArray()).length > 0) {
    await versions.drop();
  }
  report.wallet_versions_dropped = true;
  report.customer_versions_pruned = await pruneCustomerVersions(db, options.keepCustomerVersions, batch);
  report.done = true;
  return report;
}

/** Deletes every customer's versions older than the newest `keep`, a batch of customers at a time. */
async function pruneCustomerVersions(db: Db, keep: number, batch: number): Promise<number> {
  const customers = db.collection<Document & { _id: string; version: number }>('customers');
  const versions = db.collection<Document & { _id: string }>('customers_versions');
  let pruned = 0;
  let after: string | null = null;
  for (;;) {
    const page = await customers
      .find(after === null ? {} : { _id: { $gt: after } }, { projection: { _id: 1, version: 1 } })
      .sort({ _id: 1 })
      .limit(batch)
      .toArray();
    if (page.length === 0) return pruned;
    for (const c of page) {
      if (c.version <= keep) continue;
      const r = await versions.deleteMany({ _id: { $gte: versionId(c._id, 0), $lt: versionId(c._id, c.version - keep + 1) } });
      pruned += r.deletedCount;
    }
    after = page.at(-1)!._id;
  }
}
