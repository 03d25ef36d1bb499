/** Lot states: spendable while `active` and before `expires_at`; the others are closed. */
export const lotStatuses = ['active', 'expired', 'clawed_back'] as const;
/** One of {@link lotStatuses}. */
export type LotStatus = (typeof lotStatuses)[number];

/** Points credited together, expiring together. */
export interface Lot {
  lot_id: string;
  points: number;
  remaining: number;
  /** Points this lot lost to expiry (so a clawback can tell spent from expired). */
  expired_points: number;
  credited_at: string;
  expires_at: string;
  status: LotStatus;
  source: { type: 'referral' | 'adjustment' | 'milestone'; usage_id?: string; entry_id: string };
}
