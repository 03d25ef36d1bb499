import type { Customer, CustomerErasure, CustomerProfile, DisabledLog, ReferralCode } from '../../customers/customer.js';
import { newCustomer, withDisabledLog, withPaidDeal } from '../../customers/customer.js';
import type { CustomerStore } from '../../customers/customer-store.js';
import { erasedCode } from '../../referral-codes/code-format.js';
import type { CustomerSearch, LookupOf } from '../../customers/customer-lookup.js';
import { developmentLookupKeys } from '../../trust/identity.js';

/** In-memory customers: the embedded default, and a fake that passes the store's contract. */
export class MemoryCustomerStore implements CustomerStore {
  readonly #customers = new Map<string, Customer>();
  readonly #codes = new Map<string, string>();
  readonly #lookupOf: LookupOf;

  /** `lookupOf` makes the keys the search finds e-mails and phones by (the configured hash key). */
  constructor(lookupOf: LookupOf = developmentLookupKeys) {
    this.#lookupOf = lookupOf;
  }

  async getCustomer(customerId: string): Promise<Customer | null> {
    const c = this.#customers.get(customerId);
    return c ? structuredClone(c) : null;
  }

  async findCustomerByCode(code: string): Promise<Customer | null> {
    for (const c of this.#customers.values()) {
      if (c.referral_code?.referral_code === code) return structuredClone(c);
    }
    return null;
  }

  async upsertProfile(customerId: string, profile: CustomerProfile): Promise<Customer> {
    const c = this.#ensure(customerId);
    if (c.erasure) return structuredClone(c);
    if (profile.name !== undefined) c.name = profile.name;
    if (profile.email !== undefined) c.email = profile.email;
    if (profile.phone_number !== undefined) c.phone_number = profile.phone_number;
    return structuredClone(c);
  }

  async recordCompletedPayment(customerId: string, dealId: string, profile: CustomerProfile): Promise<Customer> {
    const c = this.#ensure(customerId);
    if (!c.erasure) {
      if (c.name === null && profile.name) c.name = profile.name;
      if (c.email === null && profile.email) c.email = profile.email;
      if (c.phone_number === null && profile.phone_number) c.phone_number = profile.phone_number;
    }
    c.paid_deal_ids = withPaidDeal(c.paid_deal_ids, dealId);
    return structuredClone(c);
  }

  async reserveCode(code: string, customerId: string): Promise<'reserved' | 'taken'> {
    if (this.#codes.has(code) || [...this.#codes.values()].includes(customerId)) return 'taken';
    this.#codes.set(code, customerId);
    return 'reserved';
  }

  async findReservedCode(customerId: string): Promise<string | null> {
    for (const [code, owner] of this.#codes) if (owner === customerId) return code;
    return null;
  }

  async attachReferralCode(customerId: string, code: ReferralCode): Promise<Customer> {
    const c = this.#ensure(customerId);
    c.referral_code ??= structuredClone(code);
    return structuredClone(c);
  }

  async updateCodeStatus(
    customerId: string,
    patch: Pick<ReferralCode, 'status' | 'deactivated_at' | 'deactivation_reason' | 'deactivated_by'>,
  ): Promise<boolean> {
    const c = this.#customers.get(customerId);
    const code = c?.referral_code;
    if (!code) return false;
    if (!(c.erasure && patch.status === 'active')) Object.assign(code, patch);
    return true;
  }

  async setDisabled(customerId: string, disabled: boolean, log: DisabledLog): Promise<Customer | null> {
    const c = this.#customers.get(customerId);
    if (!c) return null;
    c.is_disabled = disabled;
    c.disabled_logs = withDisabledLog(c.disabled_logs, log);
    return structuredClone(c);
  }

  async eraseProfile(customerId: string, erasure: CustomerErasure): Promise<Customer | null> {
    const c = this.#customers.get(customerId);
    if (!c) return null;
    Object.assign(c, { name: null, email: null, phone_number: null, erasure: c.erasure ?? structuredClone(erasure) });
    if (c.referral_code) c.referral_code.referral_code = erasedCode(c.referral_code.referral_code);
    return structuredClone(c);
  }

  async searchCustomers(search: CustomerSearch, limit: number): Promise<Customer[]> {
    const found = [...this.#customers.values()].filter((c) => {
      const keys = this.#lookupOf(c);
      return (
        c.customer_id === search.customerId ||
        (search.code !== null && c.referral_code?.referral_code === search.code) ||
        (search.email !== null && keys.email === search.email) ||
        (search.phone !== null && keys.phone === search.phone)
      );
    });
    return found
      .sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1))
      .slice(0, Math.max(0, limit))
      .map((c) => structuredClone(c));
  }

  async listReferrers(afterId: string | null, limit: number): Promise<Customer[]> {
    return [...this.#customers.values()]
      .filter((c) => c.referral_code && (afterId === null || c.customer_id > afterId))
      .sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1))
      .slice(0, limit)
      .map((c) => structuredClone(c));
  }

  #ensure(customerId: string): Customer {
    let c = this.#customers.get(customerId);
    if (!c) {
      c = newCustomer(customerId);
      this.#customers.set(customerId, c);
    }
    return c;
  }
}
