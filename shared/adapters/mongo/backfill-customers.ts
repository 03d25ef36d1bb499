import type { Db, Document } from 'mongodb';
import type { LookupOf } from '../../customers/customer-lookup.js';
import { erasedPrefix } from '../../referral-codes/code-format.js';
import type { MongoCustomerStore } from './customer-store.js';
import { versionedCustomerDocument } from './documents.js';

/** What a backfill run did. */
export interface CustomerBackfillReport {
  /** Heads written before the search's lookup keys existed, given them. */
  lookups_written: number;
  /** Erased customers whose code still showed the letters of the name, now shown without them. */
  codes_masked: number;
}

/**
 * Brings customers written before the admin search and the erased-code mark (docs/rules.md §7) to
 * the current shape: each head without `lookup` gets its keys (one bulk write per batch, guarded
 * by the head's version so a newer write, which carries its own keys, is never overwritten), and
 * each erased customer whose code keeps its prefix is erased again by the store, which marks the
 * code (idempotent). Resumable: it finds what is left by shape; a second run does nothing.
 */
export async function backfillCustomers(
  db: Db,
  store: MongoCustomerStore,
  lookupOf: LookupOf,
  options: { batch?: number } = {},
): Promise<CustomerBackfillReport> {
  const batch = options.batch ?? 200;
  const heads = db.collection<Document & { _id: string }>('customers');
  const report: CustomerBackfillReport = { lookups_written: 0, codes_masked: 0 };
  let after = '';
  for (;;) {
    const docs = await heads
      .find({ lookup: { $exists: false }, _id: { $gt: after } })
      .sort({ _id: 1 })
      .limit(batch)
      .toArray();
    if (docs.length === 0) break;
    const r = await heads.bulkWrite(
      docs.map((d) => {
        const c = versionedCustomerDocument.parse(d);
        return {
          updateOne: { filter: { _id: d._id, version: c.version, lookup: { $exists: false } }, update: { $set: { lookup: lookupOf(c) } } },
        };
      }),
      { ordered: false },
    );
    report.lookups_written += r.modifiedCount;
    after = docs.at(-1)!._id;
  }
  after = '';
  for (;;) {
    const docs = await heads
      .find({ erasure: { $ne: null }, referral_code: { $ne: null }, _id: { $gt: after } })
      .sort({ _id: 1 })
      .limit(batch)
      .toArray();
    if (docs.length === 0) break;
    for (const d of docs) {
      const c = versionedCustomerDocument.parse(d);
      if (!c.erasure || !c.referral_code || c.referral_code.referral_code.startsWith(erasedPrefix)) continue;
      await store.eraseProfile(c.customer_id, c.erasure);
      report.codes_masked += 1;
    }
    after = docs.at(-1)!._id;
  }
  return report;
}
