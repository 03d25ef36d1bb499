import { describe, expect, it } from 'vitest';
import { snapshotOf, type WalletSnapshot } from '#shared/points/wallet.js';
import type { WalletStore } from '#shared/points/wallet-store.js';
import { lotState } from './ledger-store.contract.js';
import { race, useStore, type MakeStore } from './store-harness.js';

/** A snapshot at `seq` with one lot of 1500 left, expiring on 2025-07-01 (reminder window 7 days). */
export function snapshot(customerId: string, seq = 2, overrides: Partial<WalletSnapshot> = {}): WalletSnapshot {
  return {
    ...snapshotOf({ customer_id: customerId, seq, lots: [lotState(`${customerId}-lot-1`, { remaining: 1500 })], tombstones: [] }, 7, null),
    ...overrides,
  };
}

/**
 * The contract every WalletStore honours: snapshots never go back (where the server isolates
 * updates), the sweep indexes find what is due, `reminded_through` is the reminder sweep's alone,
 * and the totals come from the store in one call.
 */
export function describeWalletStoreContract(name: string, makeStore: MakeStore<WalletStore>, options: { isolatesUpdates: boolean }): void {
  describe(`WalletStore contract (${name})`, () => {
    const store = useStore(makeStore);

    it('saves and reads a snapshot, every field intact', async () => {
      const s = snapshot('c1', 2, { tombstones: ['lot-x'] });
      await store().saveSnapshot(s);
      expect(await store().getSnapshot('c1')).toEqual(s);
      expect(await store().getSnapshot('nobody')).toBeNull();
      expect(await store().getSnapshots(['c1', 'nobody'])).toEqual([s]);
    });

    it("reads back every lot after changes that close, change and add lots (their order is the store's)", async () => {
      const byId = (s: WalletSnapshot | null) => [...(s?.lots ?? [])].sort((a, b) => (a.lot_id < b.lot_id ? -1 : 1));
      const lots = ['a', 'b', 'c', 'd'].map((id) => lotState(id));
      await store().saveSnapshot({ ...snapshot('c1', 1), lots });
      const steps: WalletSnapshot['lots'][] = [
        [lots[0]!, lotState('b', { remaining: 10 }), lots[3]!],
        [lots[0]!, lotState('e'), lotState('f'), lotState('b', { remaining: 10 }), lots[3]!],
        [lotState('f', { remaining: 1 })],
        [],
        [lotState('g'), lotState('h')],
      ];
      for (const [i, next] of steps.entries()) {
        await store().getSnapshot('c1');
        const s = { ...snapshot('c1', i + 2), lots: next };
        await store().saveSnapshot(s);
        expect(byId(await store().getSnapshot('c1'))).toEqual(byId(s));
        expect((await store().getSnapshot('c1'))?.seq).toBe(i + 2);
      }
    });

    it('never replaces a snapshot with one at the same or an earlier seq', async () => {
      await store().saveSnapshot(snapshot('c1', 5));
      await store().saveSnapshot(snapshot('c1', 4, { balance: 1 }));
      await store().saveSnapshot(snapshot('c1', 5, { balance: 2 }));
      expect((await store().getSnapshot('c1'))?.balance).toBe(1500);
      await store().saveSnapshot(snapshot('c1', 6, { balance: 3 }));
      expect((await store().getSnapshot('c1'))?.balance).toBe(3);
    });

    it('ends racing saves of one wallet with a snapshot one of them wrote', async () => {
      await race(20, (i) => store().saveSnapshot(snapshot('c1', i + 1, { balance: i + 1 })));
      const s = await store().getSnapshot('c1');
      // On a server that isolates updates it is the newest; elsewhere readers make up the lag from the ledger.
      if (options.isolatesUpdates) expect(s?.seq).toBe(20);
      expect(s?.balance).toBe(s?.seq);
    });

    it('keeps the reminder mark when a writer saves a snapshot', async () => {
      await store().saveSnapshot(snapshot('c1', 1));
      await store().markReminded([{ customer_id: 'c1', through: '2025-06-24T00:00:00.000Z', next_reminder_at: null }]);
      await store().saveSnapshot(snapshot('c1', 2));
      expect((await store().getSnapshot('c1'))?.reminded_through).toBe('2025-06-24T00:00:00.000Z');
    });

    it('moves many stored snapshots forward in one call, each guarded on its own, making none', async () => {
      await store().saveSnapshot(snapshot('c1', 1));
      await store().saveSnapshot(snapshot('c2', 9));
      await store().saveSnapshots([snapshot('c1', 2), snapshot('c2', 3, { balance: 0 }), snapshot('c3', 1)]);
      expect((await store().listSnapshots(null, 10)).map((s) => [s.customer_id, s.seq])).toEqual([
        ['c1', 2],
        ['c2', 9],
      ]);
    });

    it('moves 120 snapshots in one call, past any one update command a server takes', async () => {
      const ids = Array.from({ length: 120 }, (_, i) => `w${String(i).padStart(3, '0')}`);
      for (const id of ids) await store().saveSnapshot(snapshot(id, 1));
      await store().saveSnapshots(ids.map((id) => snapshot(id, 2)));
      expect((await store().listSnapshots(null, 200)).map((s) => s.seq)).toEqual(ids.map(() => 2));
    });

    it('finds the wallets due for expiry or a reminder, earliest first, and only those', async () => {
      await store().saveSnapshot(snapshot('late', 1, { next_expiry_at: '2025-09-01T00:00:00.000Z', next_reminder_at: null }));
      await store().saveSnapshot(
        snapshot('early', 1, { next_expiry_at: '2025-06-01T00:00:00.000Z', next_reminder_at: '2025-05-25T00:00:00.000Z' }),
      );
      await store().saveSnapshot(
        snapshot('mid', 1, { next_expiry_at: '2025-07-01T00:00:00.000Z', next_reminder_at: '2025-06-24T00:00:00.000Z' }),
      );
      const at = new Date('2025-07-01T00:00:00.000Z');
      expect((await store().findDueForExpiry(at, 10)).map((s) => s.customer_id)).toEqual(['early', 'mid']);
      expect((await store().findDueForExpiry(at, 1)).map((s) => s.customer_id)).toEqual(['early']);
      expect((await store().findDueForReminder(new Date('2025-06-01T00:00:00.000Z'), 10)).map((s) => s.customer_id)).toEqual(['early']);
      expect(await store().findDueForExpiry(at, 0)).toEqual([]);
    });

    it('lists snapshots in id order, paged', async () => {
      for (const id of ['b', 'a', 'c']) await store().saveSnapshot(snapshot(id));
      expect((await store().listSnapshots(null, 2)).map((s) => s.customer_id)).toEqual(['a', 'b']);
      expect((await store().listSnapshots('b', 2)).map((s) => s.customer_id)).toEqual(['c']);
    });

    it('adds up spendable, expiring and unswept points over every snapshot', async () => {
      const lot = (id: string, remaining: number, expiresAt: string) => lotState(id, { remaining, expires_at: expiresAt });
      await store().saveSnapshot({
        ...snapshot('c1'),
        lots: [
          lot('a', 100, '2025-06-10T00:00:00.000Z'),
          lot('b', 50, '2025-12-01T00:00:00.000Z'),
          lot('c', 7, '2025-05-01T00:00:00.000Z'),
        ],
      });
      await store().saveSnapshot({ ...snapshot('c2'), lots: [lot('d', 0, '2025-12-01T00:00:00.000Z')] });
      expect(await store().totals(new Date('2025-06-01T00:00:00.000Z'), new Date('2025-07-01T00:00:00.000Z'))).toEqual({
        outstanding: 150,
        expiring: 100,
        awaiting_sweep: 7,
        customers_with_balance: 1,
      });
    });
  });
}
