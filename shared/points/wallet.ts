import type { LedgerEntry } from '../ledger/ledger-entry.js';
import type { OutboundEvent } from '../notifications/notification.js';

/** Lot states: spendable while `active` and before `expires_at`. */
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
  source: { type: 'referral' | 'adjustment'; usage_id?: string; entry_id: string };
  reminded_at: string | null;
}

/** A spend of points against a deal. */
export interface Redemption {
  redemption_id: string;
  idempotency_key: string;
  request_hash: string;
  points: number;
  deal_id: string;
  /** Spendable balance right after the redemption. */
  balance_after: number;
  allocations: Array<{ lot_id: string; points: number }>;
  status: 'active' | 'reversed';
  created_at: string;
  reversed_at: string | null;
}

/** A movement already applied, kept so that its retry is recognised. */
export interface AppliedOperation {
  op_id: string;
  request_hash: string;
}

/**
 * A customer's points (MongoDB `referral_points`). Every change is one conditional write on
 * `version`; the ledger entries and messages it causes wait in the outboxes until written.
 */
export interface Wallet {
  customer_id: string;
  version: number;
  /** Sequence number of the last ledger entry written for this customer. */
  ledger_seq: number;
  lots: Lot[];
  redemptions: Redemption[];
  ops: AppliedOperation[];
  outbox: LedgerEntry[];
  pending_events: OutboundEvent[];
  /** Earliest `expires_at` of a lot with points left: the expiry sweep's index. */
  next_expiry_at: string | null;
  /** Earliest reminder instant of a lot not yet reminded: the reminder sweep's index. */
  next_reminder_at: string | null;
}

/** How many applied operations a wallet remembers; older retries are found in the ledger. */
export const operationWindow = 100;

/** A wallet with nothing in it. */
export function emptyWallet(customerId: string): Wallet {
  return {
    customer_id: customerId,
    version: 0,
    ledger_seq: 0,
    lots: [],
    redemptions: [],
    ops: [],
    outbox: [],
    pending_events: [],
    next_expiry_at: null,
    next_reminder_at: null,
  };
}

/** Sum of `remaining` over active lots, expired by time or not: what the ledger adds up to. */
export function bookBalance(w: Pick<Wallet, 'lots'>): number {
  return w.lots.reduce((sum, l) => sum + (l.status === 'active' ? l.remaining : 0), 0);
}

/** Whether a lot can be spent at `now`. */
export function isSpendable(lot: Lot, now: Date): boolean {
  return lot.status === 'active' && lot.remaining > 0 && new Date(lot.expires_at) > now;
}

/** Points that can be spent now: a lot past `expires_at` never counts, swept or not. */
export function spendableBalance(w: Pick<Wallet, 'lots'>, now: Date): number {
  return w.lots.reduce((sum, l) => sum + (isSpendable(l, now) ? l.remaining : 0), 0);
}

/** Spendable lots, earliest expiry first (ties by id, so the order is stable). */
export function spendOrder(lots: readonly Lot[], now: Date): Lot[] {
  return lots
    .filter((l) => isSpendable(l, now))
    .sort((a, b) => (a.expires_at === b.expires_at ? (a.lot_id < b.lot_id ? -1 : 1) : a.expires_at < b.expires_at ? -1 : 1));
}

/** Recomputes the sweep indexes from the lots. */
export function withSweepIndexes(w: Wallet, reminderDays: number): Wallet {
  let nextExpiry: string | null = null;
  let nextReminder: string | null = null;
  for (const l of w.lots) {
    if (l.status !== 'active' || l.remaining <= 0) continue;
    if (nextExpiry === null || l.expires_at < nextExpiry) nextExpiry = l.expires_at;
    if (l.reminded_at === null) {
      const at = new Date(new Date(l.expires_at).getTime() - reminderDays * 86_400_000).toISOString();
      if (nextReminder === null || at < nextReminder) nextReminder = at;
    }
  }
  return { ...w, next_expiry_at: nextExpiry, next_reminder_at: nextReminder };
}
