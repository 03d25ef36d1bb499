import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../shared/ledger/ledger-entry.js';
import type { LedgerStore } from '../../shared/ledger/ledger-store.js';
import { useStore, type MakeStore } from './store-harness.js';

/** A credit of 2000 points, the `seq`-th entry of its customer. */
export function ledgerEntry(id: string, overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    entry_id: id,
    customer_id: 'c-1',
    type: 'CREDIT',
    points: 2000,
    balance_after: 2000,
    seq: 1,
    lots: [{ lot_id: `lot-${id}`, points: 2000 }],
    cause: { type: 'usage', usage_id: `usage-${id}`, deal_id: `deal-${id}` },
    actor: 'system',
    created_at: '2025-01-01T00:00:00.000Z',
    request_hash: `hash-${id}`,
    ...overrides,
  };
}

const ids = (es: readonly LedgerEntry[]) => es.map((e) => e.entry_id);

/** The contract of {@link LedgerStore}, run against every adapter. */
export function describeLedgerStoreContract(name: string, makeStore: MakeStore<LedgerStore>): void {
  describe(`${name} ledger store`, () => {
    const store = useStore(makeStore);

    /** Entries e-1..e-n of customer c-1, seq 1..n. */
    async function entries(n: number): Promise<void> {
      await store().appendEntries(Array.from({ length: n }, (_, i) => ledgerEntry(`e-${i + 1}`, { seq: i + 1 })));
    }

    it('stores entries and gives each back unchanged', async () => {
      const clawback = ledgerEntry('e-2', { type: 'CLAWBACK', points: -500, seq: 2, shortfall: 1500, reverses: 'e-1' });
      await store().appendEntries([ledgerEntry('e-1'), clawback]);
      expect(await store().getEntry('e-1')).toEqual(ledgerEntry('e-1'));
      expect(await store().getEntry('e-2')).toEqual(clawback);
    });

    it('knows no entry by an unknown id', async () => {
      expect(await store().getEntry('nope')).toBeNull();
    });

    it('keeps the first entry when an id is appended twice', async () => {
      await store().appendEntries([ledgerEntry('e-1', { points: 2000 })]);
      await store().appendEntries([ledgerEntry('e-1', { points: 9999 })]);
      expect((await store().getEntry('e-1'))?.points).toBe(2000);
      expect(await store().listAllEntries('c-1')).toHaveLength(1);
    });

    it('appends the new entries of a batch that repeats some old ones', async () => {
      await store().appendEntries([ledgerEntry('e-1', { seq: 1 })]);
      await store().appendEntries([ledgerEntry('e-1', { seq: 1, points: 9999 }), ledgerEntry('e-2', { seq: 2 })]);
      expect(ids(await store().listAllEntries('c-1'))).toEqual(['e-1', 'e-2']);
      expect((await store().getEntry('e-1'))?.points).toBe(2000);
    });

    it('keeps one copy of entries appended by 10 writers at once', async () => {
      const batch = [ledgerEntry('e-1', { seq: 1 }), ledgerEntry('e-2', { seq: 2 })];
      await Promise.all(Array.from({ length: 10 }, () => store().appendEntries(batch)));
      expect(ids(await store().listAllEntries('c-1'))).toEqual(['e-1', 'e-2']);
    });

    it('accepts an empty batch', async () => {
      await store().appendEntries([]);
      expect(await store().listAllEntries('c-1')).toEqual([]);
    });

    it('lists a customer’s entries newest first, up to the limit', async () => {
      await entries(5);
      expect(ids(await store().listEntries('c-1', { limit: 3 }))).toEqual(['e-5', 'e-4', 'e-3']);
    });

    it('pages back through the entries before a sequence number', async () => {
      await entries(5);
      expect(ids(await store().listEntries('c-1', { limit: 2, beforeSeq: 4 }))).toEqual(['e-3', 'e-2']);
      expect(ids(await store().listEntries('c-1', { limit: 2, beforeSeq: 2 }))).toEqual(['e-1']);
      expect(await store().listEntries('c-1', { limit: 2, beforeSeq: 1 })).toEqual([]);
    });

    it('lists only the entries of the customer asked about', async () => {
      await entries(2);
      await store().appendEntries([ledgerEntry('other-1', { customer_id: 'c-2' })]);
      expect(ids(await store().listEntries('c-2', { limit: 10 }))).toEqual(['other-1']);
      expect(ids(await store().listAllEntries('c-1'))).toEqual(['e-1', 'e-2']);
    });

    it('lists every entry of a customer oldest first, whatever the order of appends', async () => {
      await store().appendEntries([ledgerEntry('e-3', { seq: 3 })]);
      await store().appendEntries([ledgerEntry('e-1', { seq: 1 }), ledgerEntry('e-2', { seq: 2 })]);
      expect(ids(await store().listAllEntries('c-1'))).toEqual(['e-1', 'e-2', 'e-3']);
    });
  });
}
