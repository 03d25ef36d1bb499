import type { LedgerEntry } from '../ledger/ledger-entry.js';
import type { LedgerStore } from '../ledger/ledger-store.js';
import { compareSpendOrder, headAfter, isOpen, isSpendable, reminderAt, type Lot, type LotQuery, type Wallet } from './wallet.js';
import type { LotWrite, StoredLot, WalletStore } from './wallet-store.js';

/** Open lots a spend walk reads first; each further page reads four times as many. */
const firstSpendPage = 8;

/** What a query read first: the stored lots, and whether there is nothing more to read. */
interface FirstRead {
  stored: StoredLot[];
  exhausted: boolean;
}

function firstRead(wallets: WalletStore, customerId: string, query: LotQuery, now: Date): Promise<FirstRead> {
  const all = (p: Promise<StoredLot[]>) => p.then((stored) => ({ stored, exhausted: true }));
  switch (query.by) {
    case 'none':
      return Promise.resolve({ stored: [], exhausted: true });
    case 'ids':
      return all(query.ids.length === 0 ? Promise.resolve([]) : wallets.getLots(customerId, query.ids));
    case 'due':
      return all(wallets.listLots(customerId, { which: 'active', dueBy: now }));
    case 'all':
      return all(wallets.listLots(customerId, { which: 'active' }));
    case 'spend':
      return wallets
        .listLots(customerId, { which: 'open', limit: firstSpendPage })
        .then((stored) => ({ stored, exhausted: stored.length < firstSpendPage }));
  }
}

/** Which lots a query keeps, once their latest state is known. */
function keeper(query: LotQuery, now: Date): (lot: Lot) => boolean {
  switch (query.by) {
    case 'none':
      return () => false;
    case 'ids': {
      const ids = new Set(query.ids);
      return (l) => ids.has(l.lot_id);
    }
    case 'spend':
      return isOpen;
    case 'due':
      return (l) => new Date(l.expires_at) <= now;
    case 'all':
      return () => true;
  }
}

/**
 * The latest state of every lot read or touched by a lagging entry: a stored state stands unless
 * an entry after its seq changed the lot. Of those, the active lots the query keeps.
 */
function merge(stored: readonly StoredLot[], lagging: readonly LedgerEntry[], keep: (lot: Lot) => boolean): Lot[] {
  const latest = new Map<string, { seq: number; lot: Lot }>(stored.map((s) => [s.lot.lot_id, s]));
  for (const e of lagging) {
    for (const l of e.lot_changes) {
      const known = latest.get(l.lot_id);
      if (known && known.seq >= e.seq) continue;
      if (known || keep(l)) latest.set(l.lot_id, { seq: e.seq, lot: l });
    }
  }
  return [...latest.values()].map((s) => s.lot).filter((l) => l.status === 'active' && keep(l));
}

/** Whether the lots up to `last` in spend order include every unswept lot and cover `points`. */
function covers(lots: readonly Lot[], last: Lot, points: number, now: Date): boolean {
  if (new Date(last.expires_at) <= now) return false;
  return lots.reduce((sum, l) => sum + (isSpendable(l, now) ? l.remaining : 0), 0) >= points;
}

/**
 * Reads, beside the lookup of the entries after `base` (the head), the lots `query` asks for, and
 * makes the wallet they give. A spend walks the open lots in spend order a page at a time until
 * it has every unswept lot and enough spendable points, so a redemption reads the lots it spends
 * (and one page more at most), whatever the wallet holds. 'moved' when a lot was written at a seq
 * beyond the entries read: a change committed meanwhile, so the caller reads again.
 */
export async function loadLots(
  deps: { wallets: WalletStore; ledger: LedgerStore },
  base: Wallet,
  query: LotQuery,
  now: Date,
): Promise<{ wallet: Wallet; lagging: LedgerEntry[] } | 'moved'> {
  const customerId = base.customer_id;
  const [lagging, first] = await Promise.all([
    deps.ledger.entriesAfter(customerId, base.seq),
    firstRead(deps.wallets, customerId, query, now),
  ]);
  const head = headAfter(base, lagging);
  const beyond = (lots: readonly StoredLot[]) => lots.some((s) => s.seq > head.seq);
  if (beyond(first.stored)) return 'moved';
  const keep = keeper(query, now);
  if (query.by !== 'spend') return { wallet: { ...head, lots: merge(first.stored, lagging, keep) }, lagging };

  let { stored, exhausted } = first;
  let pageSize = firstSpendPage;
  for (;;) {
    const merged = merge(stored, lagging, keep).sort(compareSpendOrder);
    const last = stored.at(-1)?.lot;
    // Past the last lot read, an unread stored lot may come first: only lots up to it are certain.
    const certain = exhausted || !last ? merged : merged.filter((l) => compareSpendOrder(l, last) <= 0);
    if (exhausted || !last || covers(certain, last, query.points, now)) return { wallet: { ...head, lots: certain }, lagging };
    pageSize *= 4;
    const page = await deps.wallets.listLots(customerId, {
      which: 'open',
      after: { expires_at: last.expires_at, lot_id: last.lot_id },
      limit: pageSize,
    });
    if (beyond(page)) return 'moved';
    stored = [...stored, ...page];
    exhausted = page.length < pageSize;
  }
}

/** The latest state of every lot the entries touched, to write before the head moves past them. */
export function lotWritesOf(entries: readonly LedgerEntry[], reminderDays: number): LotWrite[] {
  const latest = new Map<string, LotWrite>();
  for (const e of entries) {
    for (const lot of e.lot_changes) {
      latest.set(lot.lot_id, { customer_id: e.customer_id, seq: e.seq, lot, remind_at: reminderAt(lot, reminderDays) });
    }
  }
  return [...latest.values()];
}
