import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from './documents.js';
import { velocityWindowMs, type TrustStore } from '../../trust/trust-store.js';
import { retryingWriteConflicts } from './write-conflict.js';

type MethodDoc = { _id: string; customer_id: string; fingerprint: string };
type ConversionDoc = { _id: string; referrer_id: string; at: string };

/**
 * Review-signal records in MongoDB, insert-only so that no racing write is lost on any server
 * (FerretDB v1 loses racing `$inc`s): `payment_methods`, one document per customer and
 * fingerprint (`_id` = both, so the check is one lookup by key), and `referral_conversions`, one
 * per converted usage (`_id` = usage id, so a redelivery counts nothing twice), counted over the
 * `{referrer_id, at}` range of the last 24 hours up to a cap.
 */
export class MongoTrustStore implements TrustStore {
  readonly #methods: Collection<MethodDoc>;
  readonly #conversions: Collection<ConversionDoc>;

  constructor(db: Db) {
    this.#methods = db.collection<MethodDoc>('payment_methods');
    this.#conversions = db.collection<ConversionDoc>('referral_conversions');
  }

  /** Creates the per-referrer counting index over instants; idempotent. */
  static async createIndexes(db: Db): Promise<void> {
    await Promise.all([
      db.collection('referral_conversions').createIndexes([{ key: { referrer_id: 1, at: 1 } }]),
      db.collection('payment_methods').createIndexes([{ key: { fingerprint: 1, customer_id: 1 } }]),
    ]);
  }

  async rememberPaymentMethod(customerId: string, fingerprint: string): Promise<void> {
    await insertOnce(this.#methods, { _id: methodKey(customerId, fingerprint), customer_id: customerId, fingerprint });
  }

  async hasPaymentMethod(customerId: string, fingerprint: string): Promise<boolean> {
    return (await this.#methods.countDocuments({ _id: methodKey(customerId, fingerprint) }, { limit: 1 })) > 0;
  }

  async customersWithPaymentMethod(fingerprint: string, limit: number): Promise<string[]> {
    const docs = await this.#methods
      .find({ fingerprint }, { projection: { customer_id: 1 } })
      .sort({ fingerprint: 1, customer_id: 1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => d.customer_id);
  }

  async countConversion(referrerId: string, at: string, usageId: string, cap: number): Promise<number> {
    await insertOnce(this.#conversions, { _id: usageId, referrer_id: referrerId, at });
    const since = new Date(Date.parse(at) - velocityWindowMs).toISOString();
    return this.#conversions.countDocuments({ referrer_id: referrerId, at: { $gt: since, $lte: at } }, { limit: cap });
  }
}

/** One key for a customer and a fingerprint, unambiguous whatever characters either holds. */
function methodKey(customerId: string, fingerprint: string): string {
  return JSON.stringify([customerId, fingerprint]);
}

async function insertOnce<D extends { _id: string }>(collection: Collection<D>, doc: D): Promise<void> {
  try {
    await retryingWriteConflicts(() => collection.insertOne(doc as Parameters<Collection<D>['insertOne']>[0]));
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
