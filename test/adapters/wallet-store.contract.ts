import { describe, expect, it } from 'vitest';
import type { Lot, WalletHead } from '#shared/points/wallet.js';
import type { LotWrite, StoredLot, WalletStore } from '#shared/points/wallet-store.js';

/** Writes `lots` as one change, beside a head at seq 0 (which no stored head gives way to). */
const saveLots = (store: WalletStore, lots: LotWrite[]) =>
  store.saveChange({ head: { customer_id: lots[0]?.customer_id ?? 'none', seq: 0, balance: 0, tombstones: [] }, lots });
/** Writes a head as a change touching no lot. */
const saveHead = (store: WalletStore, h: WalletHead) => store.saveChange({ head: h, lots: [] });
import { lotState } from './ledger-store.contract.js';
import { race, useStore, type MakeStore } from './store-harness.js';

/** A head at `seq` with a balance of 1500. */
export function head(customerId: string, seq = 2, overrides: Partial<WalletHead> = {}): WalletHead {
  return { customer_id: customerId, seq, balance: 1500, tombstones: [], ...overrides };
}

/** A lot state to write: `lot` of `customerId` as of entry `seq`, its reminder due 7 days before it expires. */
export function lotWrite(customerId: string, seq: number, lot: Lot, remindAt?: string | null): LotWrite {
  const due = new Date(new Date(lot.expires_at).getTime() - 7 * 86_400_000).toISOString();
  return { customer_id: customerId, seq, lot, remind_at: remindAt === undefined ? due : remindAt };
}

const ids = (lots: readonly StoredLot[]) => lots.map((s) => s.lot.lot_id);

/**
 * The contract every WalletStore honours: heads and lots never go back (where the server
 * isolates updates), a customer's lots come in spend order from an index, the sweeps find what
 * is due over every wallet, a reminder goes once, and the totals come from the store in one call.
 */
export function describeWalletStoreContract(name: string, makeStore: MakeStore<WalletStore>, options: { isolatesUpdates: boolean }): void {
  describe(`WalletStore contract (${name})`, () => {
    const store = useStore(makeStore);

    it('saves and reads a head, every field intact', async () => {
      const h = head('c1', 2, { tombstones: ['lot-x'] });
      await saveHead(store(), h);
      expect(await store().getHead('c1')).toEqual(h);
      expect(await store().getHead('nobody')).toBeNull();
      expect(await store().getHeads(['c1', 'nobody'])).toEqual([h]);
    });

    it('never replaces a head with one at the same or an earlier seq', async () => {
      await saveHead(store(), head('c1', 5));
      await saveHead(store(), head('c1', 4, { balance: 1 }));
      await saveHead(store(), head('c1', 5, { balance: 2 }));
      expect((await store().getHead('c1'))?.balance).toBe(1500);
      await saveHead(store(), head('c1', 6, { balance: 3 }));
      expect((await store().getHead('c1'))?.balance).toBe(3);
    });

    it('ends racing saves of one head with a head one of them wrote', async () => {
      await race(20, (i) => saveHead(store(), head('c1', i + 1, { balance: i + 1 })));
      const h = await store().getHead('c1');
      // On a server that isolates updates it is the newest; elsewhere readers make up the lag from the ledger.
      if (options.isolatesUpdates) expect(h?.seq).toBe(20);
      expect(h?.balance).toBe(h?.seq);
    });

    it('moves many stored heads forward in one call, each guarded on its own, making no head', async () => {
      await saveHead(store(), head('c1', 1));
      await saveHead(store(), head('c2', 9));
      await store().saveChanges([head('c1', 2), head('c2', 3, { balance: 0 }), head('c3', 1)].map((h) => ({ head: h, lots: [] })));
      expect((await store().listHeads(null, 10)).map((h) => [h.customer_id, h.seq])).toEqual([
        ['c1', 2],
        ['c2', 9],
      ]);
    });

    it('moves 120 heads in one call, past any one update command a server takes', async () => {
      const customers = Array.from({ length: 120 }, (_, i) => `w${String(i).padStart(3, '0')}`);
      for (const id of customers) await saveHead(store(), head(id, 1));
      await store().saveChanges(customers.map((id) => ({ head: head(id, 2), lots: [] })));
      expect((await store().listHeads(null, 200)).map((h) => h.seq)).toEqual(customers.map(() => 2));
    });

    it('lists heads in id order, paged', async () => {
      for (const id of ['b', 'a', 'c']) await saveHead(store(), head(id));
      expect((await store().listHeads(null, 2)).map((h) => h.customer_id)).toEqual(['a', 'b']);
      expect((await store().listHeads('b', 2)).map((h) => h.customer_id)).toEqual(['c']);
    });

    it('saves lots and reads them by id whatever their status, every field intact', async () => {
      const open = lotState('a', { remaining: 300 });
      const closed = lotState('b', { status: 'expired', remaining: 0 });
      await saveLots(store(), [lotWrite('c1', 1, open), lotWrite('c1', 2, closed)]);
      expect(await store().getLots('c1', ['a', 'b', 'nope'])).toEqual([
        { customer_id: 'c1', seq: 1, lot: open },
        { customer_id: 'c1', seq: 2, lot: closed },
      ]);
      expect(await store().getLots('c2', ['a'])).toEqual([]);
      expect(await store().getLots('c1', [])).toEqual([]);
    });

    it('never replaces a lot state with one at the same or an earlier seq, and makes a lot not stored yet', async () => {
      await saveLots(store(), [lotWrite('c1', 5, lotState('a', { remaining: 5 }))]);
      await saveLots(store(), [lotWrite('c1', 4, lotState('a', { remaining: 4 }))]);
      await saveLots(store(), [lotWrite('c1', 5, lotState('a', { remaining: 6 }))]);
      await saveLots(store(), [lotWrite('c1', 3, lotState('b', { remaining: 3 }))]);
      expect((await store().getLots('c1', ['a', 'b'])).map((s) => [s.seq, s.lot.remaining])).toEqual([
        [5, 5],
        [3, 3],
      ]);
      await saveLots(store(), [lotWrite('c1', 6, lotState('a', { remaining: 7 }))]);
      expect((await store().getLots('c1', ['a']))[0]?.lot.remaining).toBe(7);
    });

    it('writes every lot state of a change and its head, where a newer state of one of its lots is stored', async () => {
      await store().saveChange({ head: head('c1', 1), lots: [lotWrite('c1', 1, lotState('a')), lotWrite('c1', 1, lotState('b'))] });
      // A reader or a later writer already put lot a's state of entry 3 there.
      await saveLots(store(), [lotWrite('c1', 3, lotState('a', { remaining: 3 }))]);
      await store().saveChange({
        head: head('c1', 2, { balance: 2 }),
        lots: [lotWrite('c1', 2, lotState('a', { remaining: 2 })), lotWrite('c1', 2, lotState('b', { remaining: 2 }))],
      });
      expect((await store().getLots('c1', ['a', 'b'])).map((s) => [s.seq, s.lot.remaining])).toEqual([
        [3, 3],
        [2, 2],
      ]);
      expect(await store().getHead('c1')).toEqual(head('c1', 2, { balance: 2 }));
    });

    it('ends racing writes of one lot with a state one of them wrote', async () => {
      await race(20, (i) => saveLots(store(), [lotWrite('c1', i + 1, lotState('a', { remaining: i + 1 }))]));
      const [s] = await store().getLots('c1', ['a']);
      if (options.isolatesUpdates) expect(s?.seq).toBe(20);
      expect(s?.lot.remaining).toBe(s?.seq);
    });

    it("lists a customer's open or active lots in spend order, due by an instant, and paged after a lot", async () => {
      const lot = (id: string, expires: string, over: Partial<Lot> = {}) =>
        lotState(id, { expires_at: `2025-${expires}T00:00:00.000Z`, ...over });
      await saveLots(store(), [
        lotWrite('c1', 1, lot('late', '09-01')),
        lotWrite('c1', 1, lot('early', '06-01')),
        lotWrite('c1', 1, lot('spent', '05-01', { remaining: 0 })),
        lotWrite('c1', 1, lot('gone', '04-01', { status: 'clawed_back', remaining: 0 })),
        lotWrite('c1', 1, lot('mid-b', '07-01')),
        lotWrite('c1', 1, lot('mid-a', '07-01')),
        lotWrite('c2', 1, lot('other', '01-01')),
      ]);
      expect(ids(await store().listLots('c1', { which: 'open' }))).toEqual(['early', 'mid-a', 'mid-b', 'late']);
      expect(ids(await store().listLots('c1', { which: 'active' }))).toEqual(['spent', 'early', 'mid-a', 'mid-b', 'late']);
      expect(ids(await store().listLots('c1', { which: 'active', dueBy: new Date('2025-07-01T00:00:00.000Z') }))).toEqual([
        'spent',
        'early',
        'mid-a',
        'mid-b',
      ]);
      const first = await store().listLots('c1', { which: 'open', limit: 2 });
      expect(ids(first)).toEqual(['early', 'mid-a']);
      expect(ids(await store().listLots('c1', { which: 'open', after: first.at(-1)!.lot, limit: 2 }))).toEqual(['mid-b', 'late']);
      expect(await store().listLots('c1', { which: 'open', limit: 0 })).toEqual([]);
    });

    it('pages through lots that share an expiry instant without losing or repeating one', async () => {
      const same = '2025-08-01T00:00:00.000Z';
      await saveLots(
        store(),
        Array.from({ length: 7 }, (_, i) => lotWrite('c1', 1, lotState(`l${i}`, { expires_at: same }))),
      );
      const seen: string[] = [];
      let page = await store().listLots('c1', { which: 'open', limit: 3 });
      while (page.length > 0) {
        seen.push(...ids(page));
        page = await store().listLots('c1', { which: 'open', after: page.at(-1)!.lot, limit: 3 });
      }
      expect(seen).toEqual(['l0', 'l1', 'l2', 'l3', 'l4', 'l5', 'l6']);
    });

    it('finds the active lots due for expiry over every wallet, earliest first, and only those', async () => {
      const at = (d: string) => `2025-${d}T00:00:00.000Z`;
      await saveLots(store(), [
        lotWrite('late', 1, lotState('a', { expires_at: at('09-01') })),
        lotWrite('early', 1, lotState('b', { expires_at: at('06-01') })),
        lotWrite('mid', 1, lotState('c', { expires_at: at('06-15'), remaining: 0 })),
        lotWrite('mid', 1, lotState('d', { expires_at: at('05-01'), status: 'expired', remaining: 0 })),
      ]);
      const now = new Date(at('07-01'));
      expect((await store().findLotsDueForExpiry(now, 10)).map((s) => [s.customer_id, s.lot.lot_id])).toEqual([
        ['early', 'b'],
        ['mid', 'c'],
      ]);
      expect((await store().findLotsDueForExpiry(now, 1)).map((s) => s.lot.lot_id)).toEqual(['b']);
      expect(await store().findLotsDueForExpiry(now, 0)).toEqual([]);
    });

    it('finds open lots due for a reminder once: a marked lot is not found again, and a later state keeps the mark', async () => {
      const lot = lotState('a', { expires_at: '2025-06-10T00:00:00.000Z' });
      await saveLots(store(), [
        lotWrite('c1', 1, lot),
        lotWrite('c1', 1, lotState('later', { expires_at: '2025-12-01T00:00:00.000Z' })),
        lotWrite('c1', 1, lotState('spent', { expires_at: '2025-06-10T00:00:00.000Z', remaining: 0 })),
        lotWrite('c2', 1, lotState('none', { expires_at: '2025-06-10T00:00:00.000Z' }), null),
      ]);
      const now = new Date('2025-06-05T00:00:00.000Z');
      expect((await store().findLotsDueForReminder(now, 10)).map((s) => [s.customer_id, s.lot.lot_id])).toEqual([['c1', 'a']]);
      await store().markReminded([{ customer_id: 'c1', lot_id: 'a' }]);
      await saveLots(store(), [lotWrite('c1', 2, { ...lot, remaining: 100 })]);
      expect(await store().findLotsDueForReminder(now, 10)).toEqual([]);
    });

    it('adds up the active lots of each customer, and names those outside 0 to their points', async () => {
      await saveLots(store(), [
        lotWrite('c1', 1, lotState('a', { remaining: 100 })),
        lotWrite('c1', 1, lotState('b', { remaining: 50 })),
        lotWrite('c1', 1, lotState('c', { status: 'expired', remaining: 0, expired_points: 9 })),
        lotWrite('c2', 1, lotState('d', { points: 10, remaining: 12 })),
      ]);
      expect(await store().lotSums(['c1', 'c2', 'c3'])).toEqual([
        { customer_id: 'c1', remaining: 150, out_of_range: [] },
        { customer_id: 'c2', remaining: 12, out_of_range: [{ lot_id: 'd', remaining: 12, points: 10 }] },
        { customer_id: 'c3', remaining: 0, out_of_range: [] },
      ]);
    });

    it('adds up spendable, expiring and unswept points over every open lot', async () => {
      const lot = (id: string, remaining: number, expiresAt: string) => lotState(id, { remaining, expires_at: expiresAt });
      await saveLots(store(), [
        lotWrite('c1', 1, lot('a', 100, '2025-06-10T00:00:00.000Z')),
        lotWrite('c1', 1, lot('b', 50, '2025-12-01T00:00:00.000Z')),
        lotWrite('c1', 1, lot('c', 7, '2025-05-01T00:00:00.000Z')),
        lotWrite('c2', 1, lot('d', 0, '2025-12-01T00:00:00.000Z')),
        lotWrite('c3', 1, lot('e', 9, '2025-05-01T00:00:00.000Z')),
      ]);
      expect(await store().totals(new Date('2025-06-01T00:00:00.000Z'), new Date('2025-07-01T00:00:00.000Z'))).toEqual({
        outstanding: 150,
        expiring: 100,
        awaiting_sweep: 16,
        customers_with_balance: 1,
      });
    });

    it('moves the stored lots of many wallets with their heads in one call, making no lot', async () => {
      await saveLots(store(), [lotWrite('c1', 1, lotState('a')), lotWrite('c2', 1, lotState('b'))]);
      await saveHead(store(), head('c1', 1));
      await saveHead(store(), head('c2', 1));
      await store().saveChanges([
        {
          head: head('c1', 2, { balance: 10 }),
          lots: [lotWrite('c1', 2, lotState('a', { remaining: 10 })), lotWrite('c1', 2, lotState('new'))],
        },
        { head: head('c2', 2), lots: [lotWrite('c2', 2, lotState('b', { status: 'expired', remaining: 0 }))] },
      ]);
      expect((await store().getLots('c1', ['a', 'new'])).map((s) => [s.seq, s.lot.remaining])).toEqual([[2, 10]]);
      expect((await store().getLots('c2', ['b']))[0]?.lot.status).toBe('expired');
      expect((await store().getHeads(['c1', 'c2'])).map((h) => [h.seq, h.balance])).toEqual([
        [2, 10],
        [2, 1500],
      ]);
    });

    it('writes 120 lot states in one call, past any one update command a server takes', async () => {
      const lots = Array.from({ length: 120 }, (_, i) => lotState(`l${String(i).padStart(3, '0')}`));
      await saveLots(
        store(),
        lots.map((l) => lotWrite('c1', 1, l)),
      );
      await store().saveChanges([{ head: head('c1', 2), lots: lots.map((l) => lotWrite('c1', 2, { ...l, remaining: 1 })) }]);
      const stored = await store().listLots('c1', { which: 'open' });
      expect(stored.map((s) => [s.seq, s.lot.remaining])).toEqual(lots.map(() => [2, 1]));
    });
  });
}
