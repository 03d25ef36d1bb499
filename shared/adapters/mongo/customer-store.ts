import type { Collection, Db, Document } from 'mongodb';
import { codeRegistryDocument, customerDocument, isDuplicateKey, versionedCustomerDocument } from './documents.js';
import { VersionedCollection } from './versioned-collection.js';
import type { Customer, CustomerErasure, CustomerProfile, DisabledLog, ReferralCode } from '../../customers/customer.js';
import { newCustomer, withDisabledLog, withPaidDeal } from '../../customers/customer.js';
import type { CustomerStore } from '../../customers/customer-store.js';
import { erasedCode, erasedPrefix } from '../../referral-codes/code-format.js';
import type { CustomerSearch, LookupOf } from '../../customers/customer-lookup.js';
import { developmentLookupKeys } from '../../trust/identity.js';
import { ensureIndexes } from './indexes.js';
import { retryingWriteConflicts } from './write-conflict.js';

type VersionedCustomer = Customer & { version: number };
type CodeDoc = { _id: string; customer_id: string };

const profileFields = ['name', 'email', 'phone_number'] as const;

/**
 * Customers in MongoDB: the current version in `customers` (`_id` = customer id, code
 * embedded, plus `version`), every version in `customers_versions`. Each change reads the
 * customer, makes the next version in code and commits it by insert, so concurrent changes of
 * one customer all take effect, one after the other. The code registry `referral_codes`
 * (`_id` = code, unique `customer_id`) makes codes unique, and gives a customer one code at most.
 */
/** Versions of a customer kept in `customers_versions` (racing writers read back only the newest). */
export const customerVersionsKept = 10;

export class MongoCustomerStore implements CustomerStore {
  readonly #customers: VersionedCollection<VersionedCustomer>;
  readonly #codes: Collection<CodeDoc>;

  /** `lookupOf` makes the keys the search finds e-mails and phones by (the configured hash key). */
  constructor(db: Db, options: { isolatedUpdates: boolean; lookupOf?: LookupOf }) {
    const lookupOf = options.lookupOf ?? developmentLookupKeys;
    this.#customers = new VersionedCollection<VersionedCustomer>(
      db,
      'customers',
      // The head carries the lookup keys of the search (hashes only), made afresh by every write.
      { parse: (d) => versionedCustomerDocument.parse(d), head: (c) => ({ ...c, lookup: lookupOf(c) }) },
      // A customer changes with every payment: keep the last few versions, not every one.
      { ...options, keepVersions: customerVersionsKept },
    );
    this.#codes = db.collection<CodeDoc>('referral_codes');
  }

  /** Creates the code and search lookup indexes and the registry's one-code-per-customer index; idempotent. */
  static async createIndexes(db: Db): Promise<void> {
    await Promise.all([
      ensureIndexes(db.collection('customers'), [
        { key: { 'referral_code.referral_code': 1 } },
        { key: { 'lookup.email': 1 } },
        { key: { 'lookup.phone': 1 } },
      ]),
      db.collection('referral_codes').createIndexes([{ key: { customer_id: 1 }, name: 'customer_id_unique', unique: true }]),
    ]);
  }

  async getCustomer(customerId: string): Promise<Customer | null> {
    return withoutVersion(await this.#customers.readHead(customerId));
  }

  async findCustomerByCode(code: string): Promise<Customer | null> {
    const doc = await this.#customers.heads.findOne({ 'referral_code.referral_code': code });
    return doc ? customerDocument.parse(doc) : null;
  }

  async upsertProfile(customerId: string, profile: CustomerProfile): Promise<Customer> {
    return this.#change(customerId, (c) => {
      if (c?.erasure || (c && profileFields.every((f) => profile[f] === undefined || profile[f] === c[f]))) return null;
      const next = { ...(c ?? blank(customerId)) };
      for (const f of profileFields) if (profile[f] !== undefined) next[f] = profile[f] ?? null;
      return next;
    });
  }

  async recordCompletedPayment(customerId: string, dealId: string, profile: CustomerProfile): Promise<Customer> {
    return this.#change(customerId, (c) => {
      const current = c ?? blank(customerId);
      const fill = current.erasure ? [] : profileFields.filter((f) => current[f] === null && profile[f]);
      if (c && fill.length === 0 && c.paid_deal_ids.includes(dealId)) return null;
      const next = {
        ...current,
        paid_deal_ids: withPaidDeal(current.paid_deal_ids, dealId),
      };
      for (const f of fill) next[f] = profile[f] ?? null;
      return next;
    });
  }

  async reserveCode(code: string, customerId: string): Promise<'reserved' | 'taken'> {
    try {
      await retryingWriteConflicts(() => this.#codes.insertOne({ _id: code, customer_id: customerId }));
      return 'reserved';
    } catch (err) {
      if (isDuplicateKey(err)) return 'taken';
      throw err;
    }
  }

  async findReservedCode(customerId: string): Promise<string | null> {
    const doc = await this.#codes.findOne({ customer_id: customerId });
    return doc ? codeRegistryDocument.parse(doc)._id : null;
  }

  async attachReferralCode(customerId: string, code: ReferralCode): Promise<Customer> {
    return this.#change(customerId, (c) => (c?.referral_code ? null : { ...(c ?? blank(customerId)), referral_code: { ...code } }));
  }

  async updateCodeStatus(
    customerId: string,
    patch: Pick<ReferralCode, 'status' | 'deactivated_at' | 'deactivation_reason' | 'deactivated_by'>,
  ): Promise<boolean> {
    const { value } = await this.#customers.change(
      customerId,
      undefined,
      (c) =>
        c?.referral_code && !sameStatus(c.referral_code, patch) && !(c.erasure && patch.status === 'active')
          ? { ...c, referral_code: { ...c.referral_code, ...patch } }
          : null,
      { create: false },
    );
    return value?.referral_code !== null && value?.referral_code !== undefined;
  }

  async setDisabled(customerId: string, disabled: boolean, log: DisabledLog): Promise<Customer | null> {
    const { value, changed } = await this.#customers.change(
      customerId,
      undefined,
      (c) => (c ? { ...c, is_disabled: disabled, disabled_logs: withDisabledLog(c.disabled_logs, log) } : null),
      { create: false },
    );
    return changed ? withoutVersion(value) : null;
  }

  async eraseProfile(customerId: string, erasure: CustomerErasure): Promise<Customer | null> {
    const { value } = await this.#customers.change(
      customerId,
      undefined,
      (c) => (!c || isErased(c) ? null : { ...c, ...erased, referral_code: erasedCodeOf(c.referral_code), erasure: c.erasure ?? erasure }),
      { create: false },
    );
    if (!value) return null;
    // The versions kept for racing writers are copies too: erase them, a repeat included (a crash may have come between).
    await this.#customers.eraseFromVersions(customerId, { customer_id: customerId }, erased);
    if (value.referral_code) {
      await this.#customers.eraseFromVersions(
        customerId,
        { customer_id: customerId, referral_code: { $ne: null } },
        { 'referral_code.referral_code': value.referral_code.referral_code },
      );
    }
    return withoutVersion(value);
  }

  async searchCustomers(search: CustomerSearch, limit: number): Promise<Customer[]> {
    const clauses: Document[] = [];
    if (search.customerId !== null) clauses.push({ _id: search.customerId });
    if (search.code !== null) clauses.push({ 'referral_code.referral_code': search.code });
    if (search.email !== null) clauses.push({ 'lookup.email': search.email });
    if (search.phone !== null) clauses.push({ 'lookup.phone': search.phone });
    if (clauses.length === 0 || limit <= 0) return [];
    // One find; each clause is an equality on an index of its own. Sorted here, not by the server:
    // a sort on `_id` could make the planner walk the `_id` index instead of the four lookups.
    const docs = await this.#customers.heads.find({ $or: clauses }).limit(limit).toArray();
    return docs.map((d: Document) => customerDocument.parse(d)).sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1));
  }

  async listReferrers(afterId: string | null, limit: number): Promise<Customer[]> {
    if (limit <= 0) return [];
    const docs = await this.#customers.heads
      .find({ referral_code: { $ne: null }, ...(afterId === null ? {} : { _id: { $gt: afterId } }) })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map((d: Document) => customerDocument.parse(d));
  }

  /** Changes the customer, creating it if new; returns it after (unchanged when `decide` says null). */
  async #change(customerId: string, decide: (current: VersionedCustomer | null) => VersionedCustomer | null): Promise<Customer> {
    const { value } = await this.#customers.change(customerId, undefined, decide, { create: true });
    if (!value) throw new Error(`Customer ${customerId} is missing after a change that creates it`);
    return withoutVersion(value) as Customer;
  }
}

const erased = { name: null, email: null, phone_number: null };

/** Whether the customer is erased through and through: profile gone and code shown without the name's letters. */
function isErased(c: Customer): boolean {
  return (
    c.erasure !== null && profileFields.every((f) => c[f] === null) && (c.referral_code?.referral_code.startsWith(erasedPrefix) ?? true)
  );
}

function erasedCodeOf(code: ReferralCode | null): ReferralCode | null {
  return code && { ...code, referral_code: erasedCode(code.referral_code) };
}

/** A customer not yet stored: nothing on record, before version 1. */
function blank(customerId: string): VersionedCustomer {
  return { ...newCustomer(customerId), version: 0 };
}

function sameStatus(code: ReferralCode, patch: Partial<ReferralCode>): boolean {
  return (Object.keys(patch) as Array<keyof ReferralCode>).every((k) => code[k] === patch[k]);
}

function withoutVersion(c: VersionedCustomer | null): Customer | null {
  return c ? customerDocument.parse(c) : null;
}
