import type { LedgerEntry } from '../ledger/ledger-entry.js';
import type { Context } from '../core/context.js';
import { readWallet } from './wallet-engine.js';
import { isSpendable, spendableBalance, type Lot } from './wallet.js';

/** What `GET /v1/points` answers. */
export interface PointsView {
  balance: number;
  lots: Array<Pick<Lot, 'lot_id' | 'points' | 'remaining' | 'credited_at' | 'expires_at'> & { status: Lot['status'] | 'expired_unswept' }>;
  expiring_soon: { points: number; before: string };
  /** Credits held by a credit hold (§6): not in the balance until `available_at`. */
  pending: Array<{ usage_id: string; points: number; available_at: string }>;
}

/** How many held credits `GET /v1/points` lists: holds last days, so a referrer has few at once. */
const pendingShown = 100;

/** A customer's spendable balance, lots, what expires within the reminder window and held credits. */
export async function getPoints(ctx: Context, customerId: string): Promise<PointsView> {
  const now = ctx.clock.now();
  const [{ wallet }, held] = await Promise.all([
    readWallet(ctx.stores, customerId, { by: 'all' }, now),
    ctx.stores.usages.listPendingCredits(customerId, pendingShown),
  ]);
  const before = new Date(now.getTime() + ctx.rules.expiryReminderDays * 86_400_000);
  const expiring = wallet.lots.filter((l) => isSpendable(l, now) && new Date(l.expires_at) <= before);
  return {
    balance: spendableBalance(wallet, now),
    lots: wallet.lots.map((l) => ({
      lot_id: l.lot_id,
      points: l.points,
      remaining: l.remaining,
      credited_at: l.credited_at,
      expires_at: l.expires_at,
      status: l.status === 'active' && new Date(l.expires_at) <= now ? 'expired_unswept' : l.status,
    })),
    expiring_soon: { points: expiring.reduce((s, l) => s + l.remaining, 0), before: before.toISOString() },
    pending: held.map((u) => ({
      usage_id: u.usage_id,
      points: u.reward_points,
      available_at: u.credit_available_at ?? u.converted_at ?? '',
    })),
  };
}

/** A ledger entry as the API shows it: without its outbox (messages already published, in the words of their day). */
export function ledgerEntryView(entry: LedgerEntry): Omit<LedgerEntry, 'events'> {
  const { events: _outbox, ...shown } = entry;
  return shown;
}

/** A page of a customer's ledger, newest first; the cursor is the last entry's `seq`. */
export async function getLedgerPage(
  ctx: Context,
  customerId: string,
  limit: number,
  cursor: string | null,
): Promise<{ entries: LedgerEntry[]; next_cursor: string | null }> {
  const beforeSeq = cursor === null ? undefined : Number(cursor);
  const entries = await ctx.stores.ledger.listEntries(customerId, { limit: limit + 1, ...(beforeSeq === undefined ? {} : { beforeSeq }) });
  const page = entries.slice(0, limit);
  const last = page.at(-1);
  return { entries: page, next_cursor: entries.length > limit && last ? String(last.seq) : null };
}

/**
 * Outstanding points and their value, for finance (`GET /v1/admin/reports/points-liability`):
 * one aggregation the database runs over the open lots, never a read of every wallet here. A lot
 * a crash left behind its ledger is counted as it stands until the next change of that wallet, a
 * sweep or reconcile brings it forward.
 */
export async function pointsLiability(ctx: Context) {
  const now = ctx.clock.now();
  const in30 = new Date(now.getTime() + 30 * 86_400_000);
  const t = await ctx.stores.wallets.totals(now, in30);
  const value = (points: number) => ({ amount: points * ctx.rules.pointValueMinor, currency: ctx.rules.refereeDiscount.currency });
  return {
    as_of: now.toISOString(),
    outstanding_points: t.outstanding,
    outstanding_value: value(t.outstanding),
    expiring_within_30_days: { points: t.expiring, value: value(t.expiring), before: in30.toISOString() },
    expired_awaiting_sweep_points: t.awaiting_sweep,
    customers_with_balance: t.customers_with_balance,
  };
}
