import { bookBalance, type Wallet } from '../points/wallet.js';
import type { Context } from '../core/context.js';
import { rewardLotId } from '../usages/credit-referrer.js';
import { isLive, type Usage } from '../usages/usage.js';

/** One broken invariant of SPEC 3, with what a repair would do about it. */
export interface Violation {
  invariant: 1 | 3 | 4 | 5;
  subject: string;
  message: string;
  repair: 'publish_wallet' | 'credit_referrer' | null;
}

const pageSize = 500;

async function* pages<T>(list: (after: string | null, limit: number) => Promise<T[]>, key: (t: T) => string): AsyncGenerator<T> {
  let after: string | null = null;
  for (;;) {
    const page = await list(after, pageSize);
    yield* page;
    if (page.length < pageSize) return;
    after = key(page.at(-1)!);
  }
}

/**
 * Checks the invariants of SPEC 3 over the whole database and lists what is broken. Invariant 2
 * (stats = recount from usages) holds by construction: stats are counted from the usages
 * whenever they are read, and nothing else stores them.
 */
export async function checkInvariants(ctx: Context): Promise<Violation[]> {
  const { usages, wallets, ledger } = ctx.stores;
  const violations: Violation[] = [];
  const liveDeals = new Map<string, string>();
  const liveReferees = new Map<string, string>();
  const credited: Usage[] = [];
  for await (const u of pages(
    (a, l) => usages.listUsages(a, l),
    (u) => u.usage_id,
  )) {
    if (isLive(u.state)) {
      for (const [seen, key, what] of [
        [liveDeals, u.deal_id, 'deal'],
        [liveReferees, u.referee_id, 'referee'],
      ] as const) {
        const other = seen.get(key);
        if (other)
          violations.push({
            invariant: 3,
            subject: u.usage_id,
            message: `${what} ${key} has two live usages: ${other} and ${u.usage_id}`,
            repair: null,
          });
        seen.set(key, u.usage_id);
      }
    }
    if (u.state === 'converted' && u.credit_status === 'credited') credited.push(u);
  }
  const latest = new Map<string, Wallet>();
  for await (const published of pages(
    (a, l) => wallets.listWallets(a, l),
    (w: Wallet) => w.customer_id,
  )) {
    const unpublished = await wallets.getUnpublished(published.customer_id);
    const w = unpublished ?? published;
    latest.set(w.customer_id, w);
    if (unpublished) {
      violations.push({
        invariant: 1,
        subject: w.customer_id,
        message: `version ${w.version} is committed but not published (ledger entries may be missing)`,
        repair: 'publish_wallet',
      });
    }
    const entries = await ledger.listAllEntries(w.customer_id);
    const sum = entries.reduce((s, e) => s + e.points, 0);
    if (!unpublished && sum !== bookBalance(w)) {
      violations.push({
        invariant: 1,
        subject: w.customer_id,
        message: `ledger sums to ${sum} but lots hold ${bookBalance(w)}`,
        repair: null,
      });
    }
    for (const lot of w.lots) {
      if (lot.remaining < 0 || lot.remaining > lot.points)
        violations.push({
          invariant: 5,
          subject: lot.lot_id,
          message: `remaining ${lot.remaining} outside 0..${lot.points}`,
          repair: null,
        });
    }
    if (bookBalance(w) < 0)
      violations.push({ invariant: 5, subject: w.customer_id, message: `negative balance ${bookBalance(w)}`, repair: null });
  }
  for (const u of credited) {
    const entry = await ledger.getEntry(`CREDIT:${u.usage_id}`);
    const lots = latest.get(u.referrer_id)?.lots.filter((l) => l.lot_id === rewardLotId(u.usage_id)) ?? [];
    if (!entry || lots.length !== 1) {
      violations.push({
        invariant: 4,
        subject: u.usage_id,
        message: `converted usage has ${entry ? 1 : 0} CREDIT entries and ${lots.length} lots`,
        repair: 'credit_referrer',
      });
    }
  }
  return violations;
}
