import type { Customer, CustomerErasure, CustomerProfile, DisabledLog, ReferralCode } from './customer.js';
import type { CustomerSearch } from './customer-lookup.js';

/**
 * Customers and their embedded referral codes (MongoDB `customers`, plus a code registry).
 * Every change is settled by the store so that concurrent changes of one customer all count.
 */
export interface CustomerStore {
  getCustomer(customerId: string): Promise<Customer | null>;
  /** The owner of a normalised code. */
  findCustomerByCode(code: string): Promise<Customer | null>;
  /** Creates the customer if new, and sets the given profile fields. */
  upsertProfile(customerId: string, profile: CustomerProfile): Promise<Customer>;
  /** Records a completed payment (idempotent) and returns the customer after it. */
  recordCompletedPayment(customerId: string, dealId: string, profile: CustomerProfile): Promise<Customer>;
  /**
   * Claims a code for a customer in the code registry, unique by code and by customer: a customer
   * who already holds a code gets 'taken' too (and finds it with {@link findReservedCode}).
   */
  reserveCode(code: string, customerId: string): Promise<'reserved' | 'taken'>;
  /** A code already claimed for this customer, if any (a crash may have left one). */
  findReservedCode(customerId: string): Promise<string | null>;
  /** Embeds the code unless the customer has one already; returns the customer after. */
  attachReferralCode(customerId: string, code: ReferralCode): Promise<Customer>;
  /** Sets the code's status fields (never `active` once the customer is erased); false when the customer has no code. */
  updateCodeStatus(
    customerId: string,
    patch: Pick<ReferralCode, 'status' | 'deactivated_at' | 'deactivation_reason' | 'deactivated_by'>,
  ): Promise<boolean>;
  /** Sets `is_disabled` and appends to `disabled_logs`; null when the customer is unknown. */
  setDisabled(customerId: string, disabled: boolean, log: DisabledLog): Promise<Customer | null>;
  /**
   * Erases the customer's name, e-mail and phone, here and in every copy the store keeps, and keeps
   * `erasure` (the first one given, on a repeat); the embedded code is shown from then on as
   * `erasedCode` makes it (no letter of the name), while the code registry keeps the original so it
   * is never issued again; null when the customer is unknown. Profile
   * fields told after it are not stored (docs/rules.md §7).
   */
  eraseProfile(customerId: string, erasure: CustomerErasure): Promise<Customer | null>;
  /**
   * Customers found by id, by normalised code or by lookup key (docs/rules.md §7, admin search), at
   * most `limit`, in id order: one query over four indexed keys, whatever the number of customers.
   * The lookup keys are those the store keeps from every profile change (none once erased).
   */
  searchCustomers(search: CustomerSearch, limit: number): Promise<Customer[]>;
  /** Customers that own a code, in id order after `afterId`. */
  listReferrers(afterId: string | null, limit: number): Promise<Customer[]>;
}
