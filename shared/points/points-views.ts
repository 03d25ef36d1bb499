import type { LedgerEntry } from '../ledger/ledger-entry.js';
import type { Context } from '../core/context.js';
import { bookBalance, emptyWallet, isSpendable, spendableBalance, type Lot, type Wallet } from './wallet.js';

/** What `GET /v1/points` answers. */
export interface PointsView {
  balance: number;
  lots: Array<Pick<Lot, 'lot_id' | 'points' | 'remaining' | 'credited_at' | 'expires_at'> & { status: Lot['status'] | 'expired_unswept' }>;
  expiring_soon: { points: number; before: string };
}

/** A customer's spendable balance, lots and what expires within the reminder window. */
export async function getPoints(ctx: Context, customerId: string): Promise<PointsView> {
  const wallet = (await ctx.stores.wallets.getWallet(customerId)) ?? emptyWallet(customerId);
  const now = ctx.clock.now();
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
  };
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

/** Outstanding points and their value, for finance (`GET /v1/admin/reports/points-liability`). */
export async function pointsLiability(ctx: Context): Promise<Record<string, unknown>> {
  const now = ctx.clock.now();
  const in30 = new Date(now.getTime() + 30 * 86_400_000);
  let outstanding = 0;
  let expiring30 = 0;
  let customers = 0;
  let unswept = 0;
  let after: string | null = null;
  for (;;) {
    const page: Wallet[] = await ctx.stores.wallets.listWallets(after, 500);
    for (const w of page) {
      const balance = spendableBalance(w, now);
      outstanding += balance;
      unswept += bookBalance(w) - balance;
      if (balance > 0) customers += 1;
      expiring30 += w.lots.filter((l) => isSpendable(l, now) && new Date(l.expires_at) <= in30).reduce((s, l) => s + l.remaining, 0);
    }
    if (page.length < 500) break;
    after = page.at(-1)!.customer_id;
  }
  const value = (points: number) => ({ amount: points * ctx.rules.pointValueMinor, currency: ctx.rules.refereeDiscount.currency });
  return {
    as_of: now.toISOString(),
    outstanding_points: outstanding,
    outstanding_value: value(outstanding),
    expiring_within_30_days: { points: expiring30, value: value(expiring30), before: in30.toISOString() },
    expired_awaiting_sweep_points: unswept,
    customers_with_balance: customers,
  };
}
