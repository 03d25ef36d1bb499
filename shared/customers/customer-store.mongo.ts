import type { Collection, Db, Document, UpdateFilter } from 'mongodb';
import { codeRegistryDocument, customerDocument, isDuplicateKey } from '../runtime/mongo-documents.js';
import type { Customer, CustomerProfile, DisabledLog, ReferralCode, ReferralStats } from './customer.js';
import { newCustomer } from './customer.js';
import { statsKeyWindow, type CustomerStore, type StatsChangeOutcome } from './customer-store.js';

type CustomerDoc = Customer & { _id: string };
type CodeDoc = { _id: string; customer_id: string };

const profileFields = ['name', 'email', 'phone_number'] as const;
const maxAttempts = 10;

/**
 * Customers in MongoDB `customers` (`_id` = customer id, code embedded), with the code
 * registry `referral_codes` (`_id` = code) that makes codes unique.
 */
export class MongoCustomerStore implements CustomerStore {
  readonly #customers: Collection<CustomerDoc>;
  readonly #codes: Collection<CodeDoc>;

  constructor(db: Db) {
    this.#customers = db.collection<CustomerDoc>('customers', { ignoreUndefined: true });
    this.#codes = db.collection<CodeDoc>('referral_codes');
  }

  /** Creates the indexes the queries below rely on; idempotent. */
  static async createIndexes(db: Db): Promise<void> {
    await Promise.all([
      db.collection('customers').createIndexes([{ key: { 'referral_code.referral_code': 1 } }]),
      db.collection('referral_codes').createIndexes([{ key: { customer_id: 1 } }]),
    ]);
  }

  async getCustomer(customerId: string): Promise<Customer | null> {
    return toCustomer(await this.#customers.findOne({ _id: customerId }));
  }

  async findCustomerByCode(code: string): Promise<Customer | null> {
    return toCustomer(await this.#customers.findOne({ 'referral_code.referral_code': code }));
  }

  async upsertProfile(customerId: string, profile: CustomerProfile): Promise<Customer> {
    const set: Partial<Record<(typeof profileFields)[number], string | null>> = {};
    for (const f of profileFields) if (profile[f] !== undefined) set[f] = profile[f];
    return this.#updateOrInsert(customerId, Object.keys(set).length > 0 ? { $set: set } : null, newCustomer(customerId, set));
  }

  async recordCompletedPayment(customerId: string, dealId: string, profile: CustomerProfile): Promise<Customer> {
    const fill: Partial<Record<(typeof profileFields)[number], string>> = {};
    for (const f of profileFields) if (profile[f]) fill[f] = profile[f];
    const after = await this.#updateOrInsert(customerId, { $addToSet: { paid_deal_ids: dealId } }, {
      ...newCustomer(customerId, fill),
      paid_deal_ids: [dealId],
    });
    const missing = profileFields.filter((f) => after[f] === null && fill[f] !== undefined);
    if (missing.length === 0) return after;
    // Profile fields are only filled where still empty: one conditional write per field.
    await this.#customers.bulkWrite(
      missing.map((f) => ({ updateOne: { filter: { _id: customerId, [f]: null }, update: { $set: { [f]: fill[f] } } } })),
      { ordered: false },
    );
    return this.#mustGet(customerId);
  }

  async reserveCode(code: string, customerId: string): Promise<'reserved' | 'taken'> {
    try {
      await this.#codes.insertOne({ _id: code, customer_id: customerId });
      return 'reserved';
    } catch (err) {
      if (isDuplicateKey(err)) return 'taken';
      throw err;
    }
  }

  async findReservedCode(customerId: string): Promise<string | null> {
    const doc = await this.#codes.findOne({ customer_id: customerId }, { sort: { _id: 1 } });
    return doc ? codeRegistryDocument.parse(doc)._id : null;
  }

  async attachReferralCode(customerId: string, code: ReferralCode): Promise<Customer> {
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      const doc = await this.#customers.findOneAndUpdate(
        { _id: customerId, referral_code: null },
        { $set: { referral_code: code } },
        { returnDocument: 'after' },
      );
      if (doc) return this.#parse(doc);
      const existing = await this.getCustomer(customerId);
      if (existing) return existing;
      const fresh = { ...newCustomer(customerId), referral_code: code };
      if (await this.#insert(fresh)) return fresh;
    }
    throw new Error(`Customer ${customerId} stayed contended for ${maxAttempts} attempts`);
  }

  async updateCodeStatus(
    customerId: string,
    patch: Pick<ReferralCode, 'status' | 'deactivated_at' | 'deactivation_reason' | 'deactivated_by'>,
  ): Promise<boolean> {
    const r = await this.#customers.updateOne(
      { _id: customerId, referral_code: { $ne: null } },
      {
        $set: {
          'referral_code.status': patch.status,
          'referral_code.deactivated_at': patch.deactivated_at,
          'referral_code.deactivation_reason': patch.deactivation_reason,
          'referral_code.deactivated_by': patch.deactivated_by,
        },
      },
    );
    return r.matchedCount === 1;
  }

  async setDisabled(customerId: string, disabled: boolean, log: DisabledLog): Promise<Customer | null> {
    const doc = await this.#customers.findOneAndUpdate(
      { _id: customerId },
      { $set: { is_disabled: disabled }, $push: { disabled_logs: log } },
      { returnDocument: 'after' },
    );
    return toCustomer(doc);
  }

  async applyStatsChange(
    customerId: string,
    key: string,
    delta: ReferralStats,
    maxTotalUses: number | null,
  ): Promise<StatsChangeOutcome> {
    const limited = maxTotalUses !== null && delta.total_uses > 0;
    const inc: Record<string, number> = {};
    for (const [field, value] of Object.entries(delta)) inc[`referral_code.stats.${field}`] = value;
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      const r = await this.#customers.updateOne(
        {
          _id: customerId,
          referral_code: { $ne: null },
          'referral_code.stats_keys': { $ne: key },
          ...(limited ? { 'referral_code.stats.total_uses': { $lt: maxTotalUses } } : {}),
        },
        // `$slice` keeps the key window on MongoDB; FerretDB ignores it (the read trims instead).
        { $inc: inc, $push: { 'referral_code.stats_keys': { $each: [key], $slice: -statsKeyWindow } } } as UpdateFilter<CustomerDoc>,
      );
      if (r.matchedCount === 1) return 'applied';
      const code = (await this.getCustomer(customerId))?.referral_code;
      if (!code) throw new Error(`Customer ${customerId} has no referral code to count against`);
      if (code.stats_keys.includes(key)) return 'duplicate';
      if (limited && code.stats.total_uses >= maxTotalUses) return 'limit_reached';
      // Neither: the stats moved between the write and the read; try again.
    }
    throw new Error(`Stats of customer ${customerId} stayed contended for ${maxAttempts} attempts`);
  }

  async replaceStats(customerId: string, stats: ReferralStats): Promise<void> {
    await this.#customers.updateOne({ _id: customerId, referral_code: { $ne: null } }, { $set: { 'referral_code.stats': stats } });
  }

  async listReferrers(afterId: string | null, limit: number): Promise<Customer[]> {
    if (limit <= 0) return [];
    const docs = await this.#customers
      .find({ referral_code: { $ne: null }, ...(afterId === null ? {} : { _id: { $gt: afterId } }) })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => this.#parse(d));
  }

  /**
   * Updates the customer, or inserts `fresh` when there is none. Not an upsert: FerretDB's
   * `$setOnInsert` drops top-level nulls and empty arrays, and a new customer is full of them.
   */
  async #updateOrInsert(customerId: string, update: UpdateFilter<CustomerDoc> | null, fresh: Customer): Promise<Customer> {
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      const doc = update
        ? await this.#customers.findOneAndUpdate({ _id: customerId }, update, { returnDocument: 'after' })
        : await this.#customers.findOne({ _id: customerId });
      if (doc) return this.#parse(doc);
      if (await this.#insert(fresh)) return fresh;
      // Another first write inserted the customer in between: update theirs.
    }
    throw new Error(`Customer ${customerId} stayed contended for ${maxAttempts} attempts`);
  }

  /** Inserts a new customer; false when one with that id appeared meanwhile. */
  async #insert(c: Customer): Promise<boolean> {
    try {
      await this.#customers.insertOne({ _id: c.customer_id, ...c });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async #mustGet(customerId: string): Promise<Customer> {
    const c = await this.getCustomer(customerId);
    if (!c) throw new Error(`Customer ${customerId} vanished while being written`);
    return c;
  }

  #parse(doc: Document): Customer {
    return toCustomer(doc) as Customer;
  }
}

function toCustomer(doc: Document | null): Customer | null {
  if (!doc) return null;
  const c = customerDocument.parse(doc);
  // On servers that ignore `$slice` (FerretDB) the stored key list can outgrow the window.
  if (c.referral_code) c.referral_code.stats_keys = c.referral_code.stats_keys.slice(-statsKeyWindow);
  return c;
}
