/** Referral figures of a referrer, always derivable from its usages (docs/rules.md §2.2). */
export interface ReferralStats {
  total_uses: number;
  successful_referrals: number;
  pending_referrals: number;
  total_points_earned: number;
  total_discount_given: number;
}

/** Code lifecycle states. */
export const codeStatuses = ['active', 'inactive'] as const;
/** One of {@link codeStatuses}. */
export type CodeStatus = (typeof codeStatuses)[number];

/**
 * The referral code embedded in its owner's customer document. Its stats are not stored: they
 * are counted from the usages whenever the code is read, so they always say what the usages say.
 */
export interface ReferralCode {
  referral_code: string;
  status: CodeStatus;
  generated_at: string;
  first_payment_deal_id: string;
  deactivated_at: string | null;
  deactivation_reason: string | null;
  deactivated_by: string | null;
}

/** One enable or disable of a customer, kept with who and why. */
export interface DisabledLog {
  action: 'disabled' | 'enabled';
  reason: string | null;
  actor: string;
  at: string;
}

/** A customer as the referral system knows them. */
export interface Customer {
  customer_id: string;
  name: string | null;
  email: string | null;
  phone_number: string | null;
  is_disabled: boolean;
  /** The latest enables and disables, at most {@link recentHistory} (every one is also logged). */
  disabled_logs: DisabledLog[];
  /**
   * The latest deals whose payment completed, at most {@link recentHistory}: a customer with any is
   * not a new customer, and a redemption on one of them cannot be reversed.
   */
  paid_deal_ids: string[];
  referral_code: ReferralCode | null;
  /** Set once the customer's personal data is erased (docs/rules.md §7); null before. */
  erasure: CustomerErasure | null;
}

/**
 * What erasure keeps of a customer: keyed hashes (HMAC-SHA256) of the normalised e-mail and
 * phone, so that self-referral and review checks still work, and who erased when and why.
 */
export interface CustomerErasure {
  email_hash: string | null;
  phone_hash: string | null;
  /** Whether the erased e-mail's domain was disposable (the domain itself is not kept). */
  email_disposable: boolean;
  erased_at: string;
  erased_by: string;
  reason: string;
}

/**
 * How many of a customer's paid deals and enable/disable changes the customer document keeps:
 * a document never holds an array that grows with the customer's history.
 */
export const recentHistory = 20;

/** The paid deals after `dealId` was paid (the oldest drop out past {@link recentHistory}). */
export function withPaidDeal(paid: readonly string[], dealId: string): string[] {
  return paid.includes(dealId) ? [...paid] : [...paid, dealId].slice(-recentHistory);
}

/** The disable log after `log` (the oldest drop out past {@link recentHistory}). */
export function withDisabledLog(logs: readonly DisabledLog[], log: DisabledLog): DisabledLog[] {
  return [...logs, { ...log }].slice(-recentHistory);
}

/** The profile fields other systems tell us about. */
export interface CustomerProfile {
  name?: string | null | undefined;
  email?: string | null | undefined;
  phone_number?: string | null | undefined;
}

/** A new customer with nothing on record. */
export function newCustomer(customerId: string, profile: CustomerProfile = {}): Customer {
  return {
    customer_id: customerId,
    name: profile.name ?? null,
    email: profile.email ?? null,
    phone_number: profile.phone_number ?? null,
    is_disabled: false,
    disabled_logs: [],
    paid_deal_ids: [],
    referral_code: null,
    erasure: null,
  };
}

/** Digits of a phone number, keeping the last ten so `+91 98765-43210` and `09876543210` match. */
export function normalizePhone(phone: string | null | undefined): string | null {
  const digits = phone?.replace(/\D/g, '') ?? '';
  return digits.length >= 6 ? digits.slice(-10) : null;
}
