import type { Context } from '../core/context.js';
import { entryKey } from '../ledger/ledger-store.js';
import { readWallet } from '../points/wallet-engine.js';
import { bookBalance, type WalletHead } from '../points/wallet.js';
import { isLive, type Usage } from '../usages/usage.js';
import { reviewAgrees } from '../usages/review-state.js';

/** Credit statuses whose usage has no `CREDIT` entry and no lot: held (in a hold, withheld, under review) or rejected. */
const heldStatuses: ReadonlySet<Usage['credit_status']> = new Set(['withheld', 'pending', 'review', 'rejected']);

/** One broken invariant of docs/rules.md §3, with what a repair would do about it. */
export interface Violation {
  invariant: 1 | 3 | 4 | 5 | 6;
  subject: string;
  message: string;
  repair: 'catch_up_wallet' | 'credit_referrer' | 'close_refunded_review' | null;
}

/** What one batch checked, and where the next batch starts (null: the pass is complete). */
export interface BatchCheck {
  violations: Violation[];
  checked: number;
  next: string | null;
}

/**
 * Checks a batch of wallets in id order after `after`, in a fixed number of commands: the heads,
 * one aggregation of their ledger totals, one lookup of the ledger key after each head, and one
 * indexed read of their active lots (a head with committed entries after it is read whole and
 * reported for catching up).
 */
export async function checkWalletBatch(ctx: Context, after: string | null, limit: number): Promise<BatchCheck> {
  const heads = await ctx.stores.wallets.listHeads(after, limit);
  const violations = await checkWallets(ctx, heads);
  return { violations, checked: heads.length, next: heads.length < limit ? null : (heads.at(-1)?.customer_id ?? null) };
}

/** Checks the given wallets' invariants 1 and 5 with three bulk commands (and one read per lagging wallet). */
export async function checkWallets(ctx: Context, heads: readonly WalletHead[]): Promise<Violation[]> {
  const { ledger, wallets } = ctx.stores;
  const violations: Violation[] = [];
  if (heads.length === 0) return violations;
  const ids = heads.map((h) => h.customer_id);
  const [totals, lagging, sums] = await Promise.all([
    ledger.totals(ids),
    ledger.existingKeys(heads.map((h) => ({ customer_id: h.customer_id, seq: h.seq + 1 }))),
    wallets.lotSums(ids),
  ]);
  const totalOf = new Map(totals.map((t) => [t.customer_id, t.points]));
  const sumOf = new Map(sums.map((s) => [s.customer_id, s]));
  for (const h of heads) {
    const sum = totalOf.get(h.customer_id) ?? 0;
    let lots = sumOf.get(h.customer_id) ?? { customer_id: h.customer_id, remaining: 0, out_of_range: [] };
    let balance = h.balance;
    if (lagging.has(entryKey(h.customer_id, h.seq + 1))) {
      const w = (await readWallet(ctx.stores, h.customer_id, { by: 'all' }, ctx.clock.now())).wallet;
      violations.push({
        invariant: 1,
        subject: h.customer_id,
        message: `head at entry ${h.seq} lags the ledger (entry ${w.seq} is committed): its messages may be unpublished`,
        repair: 'catch_up_wallet',
      });
      balance = w.balance;
      lots = { ...lots, remaining: bookBalance(w) };
    }
    if (sum !== lots.remaining || sum !== balance) {
      violations.push({
        invariant: 1,
        subject: h.customer_id,
        message: `ledger sums to ${sum} but lots hold ${lots.remaining} and the head says ${balance}`,
        repair: null,
      });
    }
    for (const lot of lots.out_of_range) {
      violations.push({
        invariant: 5,
        subject: lot.lot_id,
        message: `remaining ${lot.remaining} outside 0..${lot.points}`,
        repair: null,
      });
    }
    if (balance < 0) violations.push({ invariant: 5, subject: h.customer_id, message: `negative balance ${balance}`, repair: null });
  }
  return violations;
}

/**
 * Checks a batch of usages in id order after `after`: a converted usage whose credit is
 * `credited` has its `CREDIT` entry (one bulk lookup for the batch; entry ids are unique per
 * customer, so there is never a second), one whose credit is held (pending, withheld, under
 * review) or rejected has none, so a credit is never both held and paid; within the batch no deal or referee has two live
 * usages (across batches the unique live keys of the usage store hold that); and each usage's
 * review case is open exactly when the open queue lists it (converted, credit under review).
 */
export async function checkUsageBatch(ctx: Context, after: string | null, limit: number): Promise<BatchCheck> {
  const usages = await ctx.stores.usages.listUsages(after, limit);
  const credited = usages.filter((u) => u.state === 'converted' && u.credit_status === 'credited');
  const held = usages.filter((u) => u.state === 'converted' && heldStatuses.has(u.credit_status));
  // One lookup for both: a credited usage must have its entry, a held one must not.
  const entries = await ctx.stores.ledger.existingEntryIds(
    [...credited, ...held].map((u) => ({ customer_id: u.referrer_id, entry_id: `CREDIT:${u.usage_id}` })),
  );
  const violations: Violation[] = [];
  const live = new Map<string, string>();
  for (const u of usages) {
    if (isLive(u.state)) {
      for (const key of [`deal ${u.deal_id}`, `referee ${u.referee_id}`]) {
        const other = live.get(key);
        if (other)
          violations.push({
            invariant: 3,
            subject: u.usage_id,
            message: `${key} has two live usages: ${other} and ${u.usage_id}`,
            repair: null,
          });
        live.set(key, u.usage_id);
      }
    }
  }
  for (const u of credited) {
    if (!entries.has(`${u.referrer_id}\u0000CREDIT:${u.usage_id}`)) {
      violations.push({
        invariant: 4,
        subject: u.usage_id,
        message: 'converted, credited usage has no CREDIT entry',
        repair: 'credit_referrer',
      });
    }
  }
  for (const u of held) {
    if (entries.has(`${u.referrer_id}\u0000CREDIT:${u.usage_id}`)) {
      violations.push({
        invariant: 4,
        subject: u.usage_id,
        message: `usage whose credit is ${u.credit_status} has a CREDIT entry`,
        repair: null,
      });
    }
  }
  for (const u of usages) {
    if (!reviewAgrees(u)) {
      // A case a refund left open on a reversed usage is closed as the refund closes it now.
      const refunded = u.state === 'reversed' && u.review?.status === 'open' && u.credit_status === 'review';
      violations.push({
        invariant: 6,
        subject: u.usage_id,
        message: `review case ${u.review?.status ?? 'absent'} but the usage is ${u.state} with credit ${u.credit_status}: queue and usage disagree`,
        repair: refunded ? 'close_refunded_review' : null,
      });
    }
  }
  return { violations, checked: usages.length, next: usages.length < limit ? null : usages.at(-1)!.usage_id };
}

/**
 * Checks every invariant over the whole database, batch after batch (memory bounded by a batch;
 * what grows is only the list of violations). Invariant 2 (stats = recount from usages) holds
 * by construction: stats are counted from the usages whenever they are read.
 */
export async function checkInvariants(ctx: Context, batch = ctx.rules.sweepBatchSize): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const check of [checkWalletBatch, checkUsageBatch]) {
    let after: string | null = null;
    do {
      const r: BatchCheck = await check(ctx, after, batch);
      violations.push(...r.violations);
      after = r.next;
    } while (after !== null);
  }
  return violations;
}
