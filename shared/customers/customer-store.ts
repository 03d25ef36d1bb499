import type { Customer, CustomerProfile, DisabledLog, ReferralCode, ReferralStats } from './customer.js';

/** How a stats change ended. */
export type StatsChangeOutcome = 'applied' | 'duplicate' | 'limit_reached';

/** Customers and their embedded referral codes (MongoDB `customers`, plus a code registry). */
export interface CustomerStore {
  getCustomer(customerId: string): Promise<Customer | null>;
  /** The owner of a normalised code. */
  findCustomerByCode(code: string): Promise<Customer | null>;
  /** Creates the customer if new, and sets the given profile fields. */
  upsertProfile(customerId: string, profile: CustomerProfile): Promise<Customer>;
  /** Records a completed payment (idempotent) and returns the customer after it. */
  recordCompletedPayment(customerId: string, dealId: string, profile: CustomerProfile): Promise<Customer>;
  /** Claims a code for a customer in the unique code registry. */
  reserveCode(code: string, customerId: string): Promise<'reserved' | 'taken'>;
  /** A code already claimed for this customer, if any (a crash may have left one). */
  findReservedCode(customerId: string): Promise<string | null>;
  /** Embeds the code unless the customer has one already; returns the customer after. */
  attachReferralCode(customerId: string, code: ReferralCode): Promise<Customer>;
  /** Sets the code's status fields; false when the customer has no code. */
  updateCodeStatus(
    customerId: string,
    patch: Pick<ReferralCode, 'status' | 'deactivated_at' | 'deactivation_reason' | 'deactivated_by'>,
  ): Promise<boolean>;
  /** Sets `is_disabled` and appends to `disabled_logs`; null when the customer is unknown. */
  setDisabled(customerId: string, disabled: boolean, log: DisabledLog): Promise<Customer | null>;
  /**
   * Adds `delta` to the code's stats once per `key`. With `maxTotalUses`, refuses a change that
   * would take `total_uses` past it. Settled by one conditional write.
   */
  applyStatsChange(
    customerId: string,
    key: string,
    delta: ReferralStats,
    maxTotalUses: number | null,
  ): Promise<StatsChangeOutcome>;
  /** Overwrites the stats with a recount (repair). */
  replaceStats(customerId: string, stats: ReferralStats): Promise<void>;
  /** Customers that own a code, in id order after `afterId`. */
  listReferrers(afterId: string | null, limit: number): Promise<Customer[]>;
}

/** How many stats keys a code keeps; older keys' changes are far past any redelivery. */
export const statsKeyWindow = 200;
