import type { Collection, Db, Document } from 'mongodb';
import type { OutboundEvent } from '../../notifications/notification.js';
import { isDuplicateKey } from './documents.js';
import { fromLegacyWallet } from './former-wallets.js';
import { probeCapabilities } from './update-isolation.js';
import { versionId } from './versioned-collection.js';
import { MongoWalletStore } from './wallet-store.js';

/** What a migration run did. */
export interface MigrationReport {
  wallets_migrated: number;
  /** Heads that held their lots, now split into a head and a document per lot. */
  wallets_split: number;
  /** Ledger entries a crash had left in a committed wallet version's outbox, now written. */
  entries_recovered: number;
  /** Messages of such versions, returned for the caller to publish (their ids let consumers drop repeats). */
  events_recovered: OutboundEvent[];
  customer_versions_pruned: number;
  wallet_versions_dropped: boolean;
  done: boolean;
}

/**
 * Turns wallets of the former shapes into heads over the ledger with a document per lot, without
 * losing an entry:
 *
 * 1. For each head of the pre-ledger shape (holding every lot and redemption, with every whole
 *    version in `referral_points_versions`; in `_id` order, a batch at a time), the committed
 *    versions after it are found by key; their outboxes (ledger entries a crash left unwritten)
 *    are written to the ledger under their former keys, and their messages are returned to be
 *    published. The newest committed version becomes a snapshot (live lots at its ledger seq),
 *    written over the head with a guard, so a run that meets a head already migrated leaves it.
 * 2. Every head that holds its lots (such a snapshot, or one the code before lot documents wrote)
 *    is split: its lots become documents at its seq, then the head drops them (guarded by that seq).
 * 3. When no former head is left, the heads' former sweep indexes and `referral_points_versions`
 *    are dropped, and each customer's versions beyond `keepCustomerVersions` are deleted.
 *
 * Idempotent (every write is guarded or keyed) and resumable (it finds what is left by shape).
 * Entries written before the migration keep their `_id` (their entry id): the head's seq covers
 * them, so readers never probe for them, and lookups by entry id find them.
 */
export async function migrateWallets(
  db: Db,
  options: { batch?: number; keepCustomerVersions: number; timeBudgetMs?: number; reminderDays?: number },
): Promise<MigrationReport> {
  const started = performance.now();
  const batch = options.batch ?? 200;
  const heads = db.collection<Document & { _id: string }>('referral_points');
  const versions = db.collection<Document & { _id: string }>('referral_points_versions');
  const ledger = db.collection<Document & { _id: string }>('points_ledger');
  const report: MigrationReport = {
    wallets_migrated: 0,
    wallets_split: 0,
    entries_recovered: 0,
    events_recovered: [],
    customer_versions_pruned: 0,
    wallet_versions_dropped: false,
    done: false,
  };
  const overBudget = () => performance.now() - started > (options.timeBudgetMs ?? Number.POSITIVE_INFINITY);
  for await (const page of pagesOf(heads, { ledger_seq: { $exists: true } }, batch)) {
    if (overBudget()) return report;
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
  }
  const wallets = new MongoWalletStore(
    db,
    await probeCapabilities(db),
    options.reminderDays === undefined ? {} : { reminderDays: options.reminderDays },
  );
  for await (const page of pagesOf(heads, { lots: { $exists: true } }, batch)) {
    if (overBudget()) return report;
    for (const head of page) await wallets.splitFormerSnapshot(head);
    report.wallets_split += page.length;
  }
  await dropIndexes(heads, ['next_expiry_at_1', 'next_reminder_at_1']);
  if ((await db.listCollections({ name: 'referral_points_versions' }).toArray()).length > 0) {
    await versions.drop();
  }
  report.wallet_versions_dropped = true;
  report.customer_versions_pruned = await pruneCustomerVersions(db, options.keepCustomerVersions, batch);
  report.done = true;
  return report;
}

/** The documents matching `filter`, in `_id` order, a page of `batch` at a time (a resumable walk: each page starts after the last). */
async function* pagesOf(collection: Collection<Document & { _id: string }>, filter: Document, batch: number) {
  let after: string | null = null;
  for (;;) {
    const page = await collection
      .find({ ...filter, ...(after === null ? {} : { _id: { $gt: after } }) })
      .sort({ _id: 1 })
      .limit(batch)
      .toArray();
    if (page.length === 0) return;
    yield page;
    after = page.at(-1)!._id;
  }
}

/** Drops the named indexes where they exist. */
async function dropIndexes(collection: Collection<Document & { _id: string }>, names: readonly string[]): Promise<void> {
  const existing = new Set(
    (
      await collection
        .listIndexes()
        .toArray()
        .catch(() => [])
    ).map((i: Document) => String(i['name'])),
  );
  for (const name of names) if (existing.has(name)) await collection.dropIndex(name);
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
