import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '#shared/ledger/ledger-entry.js';
import { entryKey, type LedgerStore } from '#shared/ledger/ledger-store.js';
import type { Lot } from '#shared/points/wallet.js';
import { race, useStore, type MakeStore } from './store-harness.js';

/** A lot as an entry's after-state names it. */
export function lotState(id: string, overrides: Partial<Lot> = {}): Lot {
  return {
    lot_id: id,
    points: 2000,
    remaining: 2000,
    expired_points: 0,
    credited_at: '2025-01-01T00:00:00.000Z',
    expires_at: '2025-07-01T00:00:00.000Z',
    status: 'active',
    source: { type: 'referral', usage_id: `usage-${id}`, entry_id: `credit-${id}` },
    ...overrides,
  };
}

/** A credit entry of 2000 points at `seq`, its lot in its lot changes. */
export function ledgerEntry(entryId: string, overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  const customerId = overrides.customer_id ?? 'cust-1';
  return {
    entry_id: entryId,
    customer_id: customerId,
    type: 'CREDIT',
    points: 2000,
    balance_after: 2000,
    seq: 1,
    lots: [{ lot_id: `lot-${entryId}`, points: 2000 }],
    cause: { type: 'usage', usage_id: `usage-${entryId}`, deal_id: `deal-${entryId}` },
    actor: 'test',
    created_at: '2025-01-01T00:00:00.000Z',
    request_hash: 'hash',
    lot_changes: [lotState(`lot-${entryId}`)],
    events: [
      {
        topic: 'referral-notifications',
        type: 'referral.points_credited',
        id: `n-${entryId}`,
        customer_id: customerId,
        data: { points: 2000 },
      },
    ],
    written_at: 1_000,
    ...overrides,
  };
}

/**
 * The contract every LedgerStore honours: the ledger is the wallets' commit log. Entry `seq` of a
 * customer is decided by its key (of racing appends exactly one wins), an entry id is unique per
 * customer (a retry finds its entry), and nothing is ever changed or removed.
 */
export function describeLedgerStoreContract(name: string, makeStore: MakeStore<LedgerStore>): void {
  describe(`LedgerStore contract (${name})`, () => {
    const store = useStore(makeStore);

    it('appends an entry and reads it back by key and by id, every field intact', async () => {
      const e = ledgerEntry('credit-1', { shortfall: 3, reverses: 'x', tombstones: { add: ['lot-z'] } });
      expect(await store().append([e])).toEqual({ status: 'appended' });
      expect(await store().entriesAfter('cust-1', 0)).toEqual([e]);
      expect(await store().getEntry('cust-1', 'credit-1')).toEqual(e);
      expect(await store().getEntry(null, 'credit-1')).toEqual(e);
      expect(await store().getEntry('cust-2', 'credit-1')).toBeNull();
    });

    it('refuses a second entry at a taken seq, and tells a retry of the same entry from a different one', async () => {
      await store().append([ledgerEntry('a', { seq: 1 })]);
      expect(await store().append([ledgerEntry('b', { seq: 1 })])).toEqual({ status: 'seq_taken' });
      expect(await store().append([ledgerEntry('a', { seq: 2 })])).toEqual({ status: 'duplicate', existing: ledgerEntry('a', { seq: 1 }) });
      expect((await store().entriesAfter('cust-1', 0)).map((e) => e.entry_id)).toEqual(['a']);
    });

    it('keeps seqs and entry ids per customer', async () => {
      await store().append([ledgerEntry('same', { customer_id: 'c1' })]);
      expect(await store().append([ledgerEntry('same', { customer_id: 'c2' })])).toEqual({ status: 'appended' });
      expect((await store().entriesAfter('c2', 0)).map((e) => e.customer_id)).toEqual(['c2']);
    });

    it('appends the entries of one change in order, at consecutive seqs', async () => {
      await store().append([ledgerEntry('r', { seq: 1 }), ledgerEntry('r:EXPIRE', { seq: 2, type: 'EXPIRE', points: -5 })]);
      expect((await store().entriesAfter('cust-1', 0)).map((e) => [e.seq, e.entry_id])).toEqual([
        [1, 'r'],
        [2, 'r:EXPIRE'],
      ]);
      expect((await store().entriesAfter('cust-1', 0, 1)).map((e) => e.seq)).toEqual([1]);
      expect(await store().entriesAfter('cust-1', 2)).toEqual([]);
    });

    it('settles racing appends at one seq: exactly one of 20 wins', async () => {
      const outcomes = await race(20, (i) => store().append([ledgerEntry(`racer-${i}`, { seq: 1 })]));
      expect(outcomes.filter((o) => o.status === 'appended')).toHaveLength(1);
      expect(outcomes.filter((o) => o.status === 'seq_taken')).toHaveLength(19);
      expect(await store().entriesAfter('cust-1', 0)).toHaveLength(1);
    });

    it('appends one entry each for many customers in bulk, each committing or conflicting on its own', async () => {
      await store().append([ledgerEntry('taken', { customer_id: 'c2', seq: 1 })]);
      const outcomes = await store().appendEach([
        ledgerEntry('e1', { customer_id: 'c1', seq: 1 }),
        ledgerEntry('e2', { customer_id: 'c2', seq: 1 }),
        ledgerEntry('e3', { customer_id: 'c3', seq: 1 }),
      ]);
      expect(outcomes).toEqual(['appended', 'conflict', 'appended']);
      expect((await store().entriesAfter('c2', 0)).map((e) => e.entry_id)).toEqual(['taken']);
    });

    it('tells which keys and which entry ids exist, in one lookup', async () => {
      await store().append([ledgerEntry('x', { customer_id: 'c1', seq: 1 })]);
      const keys = await store().existingKeys([
        { customer_id: 'c1', seq: 1 },
        { customer_id: 'c1', seq: 2 },
        { customer_id: 'c2', seq: 1 },
      ]);
      expect([...keys]).toEqual([entryKey('c1', 1)]);
      const ids = await store().existingEntryIds([
        { customer_id: 'c1', entry_id: 'x' },
        { customer_id: 'c2', entry_id: 'x' },
      ]);
      expect([...ids]).toEqual(['c1\u0000x']);
    });

    it('finds the newest entry that touched a lot', async () => {
      await store().append([ledgerEntry('credit', { seq: 1, lot_changes: [lotState('lot-a')] })]);
      await store().append([ledgerEntry('other', { seq: 2, lot_changes: [lotState('lot-b')] })]);
      await store().append([
        ledgerEntry('expire', { seq: 3, type: 'EXPIRE', lot_changes: [lotState('lot-a', { status: 'expired', remaining: 0 })] }),
      ]);
      expect((await store().lastEntryForLot('cust-1', 'lot-a'))?.entry_id).toBe('expire');
      expect(await store().lastEntryForLot('cust-1', 'lot-c')).toBeNull();
    });

    it('pages a customer’s entries newest first by seq', async () => {
      for (let seq = 1; seq <= 5; seq += 1) await store().append([ledgerEntry(`e${seq}`, { seq })]);
      expect((await store().listEntries('cust-1', { limit: 2 })).map((e) => e.seq)).toEqual([5, 4]);
      expect((await store().listEntries('cust-1', { limit: 2, beforeSeq: 4 })).map((e) => e.seq)).toEqual([3, 2]);
      expect(await store().listEntries('cust-1', { limit: 0 })).toEqual([]);
    });

    it('adds up each customer’s entries', async () => {
      await store().append([ledgerEntry('a', { customer_id: 'c1', seq: 1, points: 2000 })]);
      await store().append([ledgerEntry('b', { customer_id: 'c1', seq: 2, points: -500 })]);
      await store().append([ledgerEntry('c', { customer_id: 'c2', seq: 1, points: 7 })]);
      const totals = await store().totals(['c1', 'c2', 'c3']);
      expect(totals.sort((x, y) => (x.customer_id < y.customer_id ? -1 : 1))).toEqual([
        { customer_id: 'c1', points: 1500 },
        { customer_id: 'c2', points: 7 },
      ]);
    });

    it('lists the customers written since an instant, in key order, paged', async () => {
      await store().append([ledgerEntry('old', { customer_id: 'a', written_at: 10 })]);
      await store().append([ledgerEntry('new', { customer_id: 'b', written_at: 20 })]);
      await store().append([ledgerEntry('new2', { customer_id: 'c', written_at: 30 })]);
      const first = await store().customersWrittenSince(20, null, 1);
      expect(first.map((x) => x.customer_id)).toEqual(['b']);
      expect((await store().customersWrittenSince(20, first[0]!.key, 5)).map((x) => x.customer_id)).toEqual(['c']);
    });
  });
}
