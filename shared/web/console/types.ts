/** The shapes of the admin API's answers, as far as the console reads them (openapi.json has them whole). */

export interface Match {
  customer_id: string;
  name: string | null;
  code: string | null;
  code_status: 'active' | 'inactive' | null;
  status: 'active' | 'disabled' | 'erased';
  matched_by: 'customer_id' | 'code' | 'email' | 'phone';
}

export interface Stats {
  total_uses: number;
  successful_referrals: number;
  pending_referrals: number;
  total_points_earned: number;
  total_discount_given: number;
}

export interface Code {
  referral_code: string;
  status: 'active' | 'inactive';
  generated_at: string;
  deactivated_at: string | null;
  deactivation_reason: string | null;
  deactivated_by: string | null;
  stats: Stats;
}

export interface Customer {
  customer_id: string;
  name: string | null;
  email: string | null;
  phone_number: string | null;
  is_disabled: boolean;
  disabled_logs: Array<{ action: string; reason: string | null; actor: string; at: string }>;
  referral_code: Code | null;
  erasure: { erased_at: string; erased_by: string; reason: string } | null;
}

export interface Lot {
  lot_id: string;
  points: number;
  remaining: number;
  credited_at: string;
  expires_at: string;
  status: string;
}

export interface Wallet {
  balance: number;
  lots: Lot[];
  expiring_soon: { points: number; before: string };
  pending: Array<{ usage_id: string; points: number; available_at: string }>;
}

export interface Overview {
  customer: Customer;
  wallet: Wallet;
}

export interface Usage {
  usage_id: string;
  side: 'referrer' | 'referee';
  /** The referee on the referrer's side, the referrer on the referee's. */
  other_party_id: string;
  deal_id: string;
  state: string;
  credit_status: string;
  credit_available_at: string | null;
  points: number;
  applied_at: string;
  converted_at: string | null;
  review: { reasons: string[]; status: string } | null;
}

export interface LedgerEntry {
  entry_id: string;
  type: string;
  points: number;
  balance_after: number;
  cause: { type: string; [k: string]: unknown };
  actor: string;
  created_at: string;
  reverses?: string;
}

export interface AuditEntry {
  action: string;
  actor: string;
  at: string;
  reason: string | null;
  target?: string | null;
  outcome?: string | null;
}

export interface ReviewCase {
  usage_id: string;
  referral_code: string;
  referrer_id: string;
  referee_id: string;
  deal_id: string;
  points: number;
  reasons: string[];
  status: string;
  opened_at: string;
  evidence?: {
    disposable_domain?: string | null;
    shared_payment_with?: string[];
    conversions_24h?: number | null;
  } | null;
}
