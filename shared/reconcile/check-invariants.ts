import type { Customer } from '../customers/customer.js';
import { bookBalance, type Wallet } from '../points/wallet.js';
import type { Context } from '../runtime/context.js';
import { rewardLotId } from '../usages/credit-referrer.js';
import { isLive, recountStats, type Usage } from '../usages/usage.js';

/** One broken invariant of SPEC 3, with what a repair would do about it. */
export interface Violation {
  invariant: 1 | 2 | 3 | 4 | 5;
  subject: string;
  message: string;
  repair: 'flush_outbox' | 'recount_stats' | 'credit_referrer' | null;
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

/** Checks every invariant of SPEC 3 over the whole database and lists what is broken. */
export async function checkInvariants(ctx: Context): Promise<Violation[]> {
  const { usages, wallets, customers, ledger } = ctx.stores;
  const violations: Violation[] = [];
  const byReferrer = new Map<string, Usage[]>();
  const liveDeals = new Map<string, string>();
  const liveReferees = new Map<string, string>();
  const credited: Usage[] = [];
  for await (const u of pages((a, l) => usages.listUsages(a, l), (u) => u.usage_id)) {
    byReferrer.set(u.referrer_id, [...(byReferrer.get(u.referrer_id) ?? []), u]);
    if (isLive(u.state)) {
      for (const [seen, key, what] of [[liveDeals, u.deal_id, 'deal'], [liveReferees, u.referee_id, 'referee']] as const) {
        const other = seen.get(key);
        if (other) violations.push({ invariant: 3, subject: u.usage_id, message: `${what} ${key} has two live usages: ${other} and ${u.usage_id}`, repair: null });
        seen.set(key, u.usage_id);
      }
    }
    if (u.state === 'converted' && u.credit_status === 'credited') credited.push(u);
  }
  for await (const c of pages((a, l) => customers.listReferrers(a, l), (c: Customer) => c.customer_id)) {
    const expected = recountStats(byReferrer.get(c.customer_id) ?? []);
    const actual = c.referral_code!.stats;
    if (JSON.stringify(sortKeys(actual)) !== JSON.stringify(sortKeys(expected))) {
      violations.push({ invariant: 2, subject: c.customer_id, message: `stats ${JSON.stringify(actual)} but usages say ${JSON.stringify(expected)}`, repair: 'recount_stats' });
    }
  }
  const walletsById = new Map<string, Wallet>();
  for await (const w of pages((a, l) => wallets.listWallets(a, l), (w: Wallet) => w.customer_id)) {
    walletsById.set(w.customer_id, w);
    const entries = await ledger.listAllEntries(w.customer_id);
    const written = new Set(entries.map((e) => e.entry_id));
    const sum = entries.reduce((s, e) => s + e.points, 0) + w.outbox.filter((e) => !written.has(e.entry_id)).reduce((s, e) => s + e.points, 0);
    if (sum !== bookBalance(w)) violations.push({ invariant: 1, subject: w.customer_id, message: `ledger sums to ${sum} but lots hold ${bookBalance(w)}`, repair: null });
    if (w.outbox.length > 0 || w.pending_events.length > 0) {
      violations.push({ invariant: 1, subject: w.customer_id, message: `${w.outbox.length} ledger entries and ${w.pending_events.length} messages wait in the outbox`, repair: 'flush_outbox' });
    }
    for (const lot of w.lots) {
      if (lot.remaining < 0 || lot.remaining > lot.points) violations.push({ invariant: 5, subject: lot.lot_id, message: `remaining ${lot.remaining} outside 0..${lot.points}`, repair: null });
    }
    if (bookBalance(w) < 0) violations.push({ invariant: 5, subject: w.customer_id, message: `negative balance ${bookBalance(w)}`, repair: null });
  }
  for (const u of credited) {
    const entry = await ledger.getEntry(`CREDIT:${u.usage_id}`);
    const lots = walletsById.get(u.referrer_id)?.lots.filter((l) => l.lot_id === rewardLotId(u.usage_id)) ?? [];
    if (!entry || lots.length !== 1) {
      violations.push({ invariant: 4, subject: u.usage_id, message: `converted usage has ${entry ? 1 : 0} CREDIT entries and ${lots.length} lots`, repair: 'credit_referrer' });
    }
  }
  return violations;
}

function sortKeys(o: object): Array<[string, unknown]> {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1));
}
