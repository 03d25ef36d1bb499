import { describe, expect, it } from 'vitest';
import type { OutboundEvent } from '../../shared/notifications/notification.js';
import { emptyWallet, type Lot, type Wallet } from '../../shared/points/wallet.js';
import type { WalletStore } from '../../shared/points/wallet-store.js';
import { ledgerEntry } from './ledger-store.contract.js';
import { needsAtomicUpdates, useStore, type ContractOptions, type MakeStore } from './store-harness.js';

function lot(id: string, expiresAt: string): Lot {
  return {
    lot_id: id,
    points: 2000,
    remaining: 1500,
    expired_points: 0,
    credited_at: '2025-01-01T00:00:00.000Z',
    expires_at: expiresAt,
    status: 'active',
    source: { type: 'referral', usage_id: `usage-${id}`, entry_id: `credit-${id}` },
    reminded_at: null,
  };
}

function event(id: string, customerId: string): OutboundEvent {
  return { topic: 'referral-notifications', type: 'referral.points_credited', id, customer_id: customerId, data: { points: 2000, lot: { id } } };
}

/** A stored-looking wallet at `version` with one lot, one redemption and something in both outboxes. */
export function wallet(customerId: string, overrides: Partial<Wallet> = {}): Wallet {
  return {
    ...emptyWallet(customerId),
    version: 1,
    ledger_seq: 2,
    lots: [lot(`${customerId}-lot-1`, '2025-07-01T00:00:00.000Z')],
    redemptions: [
      {
        redemption_id: `${customerId}-red-1`,
        idempotency_key: 'key-1',
        request_hash: 'hash-1',
        points: 500,
        deal_id: 'trip-1',
        balance_after: 1500,
        allocations: [{ lot_id: `${customerId}-lot-1`, points: 500 }],
        status: 'active',
        created_at: '2025-02-01T00:00:00.000Z',
        reversed_at: null,
      },
    ],
    ops: [{ op_id: 'key-1', request_hash: 'hash-1' }],
    outbox: [ledgerEntry(`${customerId}-e-1`, { customer_id: customerId, seq: 1 }), ledgerEntry(`${customerId}-e-2`, { customer_id: customerId, seq: 2 })],
    pending_events: [event(`${customerId}-n-1`, customerId), event(`${customerId}-n-2`, customerId)],
    next_expiry_at: '2025-07-01T00:00:00.000Z',
    next_reminder_at: '2025-06-24T00:00:00.000Z',
    ...overrides,
  };
}

/** A wallet with empty outboxes. */
function flushed(customerId: string, overrides: Partial<Wallet> = {}): Wallet {
  return wallet(customerId, { outbox: [], pending_events: [], ...overrides });
}

const ids = (ws: readonly Wallet[]) => ws.map((w) => w.customer_id);

/** The contract of {@link WalletStore}, run against every adapter. */
export function describeWalletStoreContract(name: string, makeStore: MakeStore<WalletStore>, options: ContractOptions): void {
  describe(`${name} wallet store`, () => {
    const store = useStore(makeStore);

    describe('saving', () => {
      it('knows no wallet before one is saved', async () => {
        expect(await store().getWallet('c-1')).toBeNull();
      });

      it('creates a wallet when expecting version 0, and gives it back unchanged', async () => {
        expect(await store().saveWallet(wallet('c-1'), 0)).toBe('saved');
        expect(await store().getWallet('c-1')).toEqual(wallet('c-1'));
      });

      it('refuses to create a wallet that exists already', async () => {
        await store().saveWallet(wallet('c-1'), 0);
        expect(await store().saveWallet(wallet('c-1', { ledger_seq: 99 }), 0)).toBe('conflict');
        expect(await store().getWallet('c-1')).toEqual(wallet('c-1'));
      });

      it('replaces a wallet whose stored version is the one expected', async () => {
        await store().saveWallet(wallet('c-1'), 0);
        const next = flushed('c-1', { version: 2, ledger_seq: 3 });
        expect(await store().saveWallet(next, 1)).toBe('saved');
        expect(await store().getWallet('c-1')).toEqual(next);
      });

      it('refuses a save on a stale version and keeps the newer wallet', async () => {
        await store().saveWallet(wallet('c-1'), 0);
        await store().saveWallet(wallet('c-1', { version: 2 }), 1);
        expect(await store().saveWallet(wallet('c-1', { version: 2, ledger_seq: 99 }), 1)).toBe('conflict');
        expect((await store().getWallet('c-1'))?.ledger_seq).toBe(2);
      });

      it('refuses a save expecting a version of a wallet that does not exist', async () => {
        expect(await store().saveWallet(wallet('c-1', { version: 4 }), 3)).toBe('conflict');
        expect(await store().getWallet('c-1')).toBeNull();
      });

      it('lets exactly one of 20 concurrent creations of a wallet win', async () => {
        const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => store().saveWallet(wallet('c-1', { ledger_seq: i }), 0)));
        expect(outcomes.filter((o) => o === 'saved')).toHaveLength(1);
      });

      it('lets exactly one of 20 concurrent saves expecting the same version win', async (ctx) => {
        ctx.skip(!(await options.atomicUpdates()), needsAtomicUpdates);
        await store().saveWallet(wallet('c-1'), 0);
        const outcomes = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store().saveWallet(wallet('c-1', { version: 2, ledger_seq: 100 + i }), 1)),
        );
        const winner = outcomes.indexOf('saved');
        expect(outcomes.filter((o) => o === 'saved')).toHaveLength(1);
        expect((await store().getWallet('c-1'))?.ledger_seq).toBe(100 + winner);
      });
    });

    describe('outbox', () => {
      it('drops the given ledger entries and messages and keeps the rest', async () => {
        await store().saveWallet(wallet('c-1'), 0);
        await store().clearOutbox('c-1', ['c-1-e-1'], ['c-1-n-2']);
        const w = await store().getWallet('c-1');
        expect(w?.outbox.map((e) => e.entry_id)).toEqual(['c-1-e-2']);
        expect(w?.pending_events.map((e) => e.id)).toEqual(['c-1-n-1']);
      });

      it('empties both outboxes when given everything in them, without changing the version', async () => {
        await store().saveWallet(wallet('c-1'), 0);
        await store().clearOutbox('c-1', ['c-1-e-1', 'c-1-e-2'], ['c-1-n-1', 'c-1-n-2']);
        expect(await store().getWallet('c-1')).toEqual(flushed('c-1'));
        expect(await store().saveWallet(flushed('c-1', { version: 2 }), 1)).toBe('saved');
      });

      it('ignores ids that are not in the outboxes', async () => {
        await store().saveWallet(wallet('c-1'), 0);
        await store().clearOutbox('c-1', ['elsewhere'], []);
        expect(await store().getWallet('c-1')).toEqual(wallet('c-1'));
      });

      it('clears nothing, and creates nothing, for a wallet that does not exist', async () => {
        await store().clearOutbox('c-1', ['c-1-e-1'], ['c-1-n-1']);
        expect(await store().getWallet('c-1')).toBeNull();
      });

      it('lists the wallets with anything in either outbox, in id order', async () => {
        await store().saveWallet(wallet('c-3'), 0);
        await store().saveWallet(flushed('c-0'), 0);
        await store().saveWallet(flushed('c-2', { pending_events: [event('n', 'c-2')] }), 0);
        await store().saveWallet(flushed('c-1', { outbox: [ledgerEntry('e', { customer_id: 'c-1' })] }), 0);
        expect(ids(await store().findWalletsWithOutbox(10))).toEqual(['c-1', 'c-2', 'c-3']);
        expect(ids(await store().findWalletsWithOutbox(1))).toEqual(['c-1']);
      });

      it('stops listing a wallet once its outboxes are cleared', async () => {
        await store().saveWallet(wallet('c-1'), 0);
        await store().clearOutbox('c-1', ['c-1-e-1', 'c-1-e-2'], ['c-1-n-1']);
        expect(ids(await store().findWalletsWithOutbox(10))).toEqual(['c-1']);
        await store().clearOutbox('c-1', [], ['c-1-n-2']);
        expect(await store().findWalletsWithOutbox(10)).toEqual([]);
      });
    });

    describe('queries', () => {
      it('finds the wallet holding a redemption', async () => {
        await store().saveWallet(wallet('c-1'), 0);
        await store().saveWallet(wallet('c-2'), 0);
        expect((await store().findWalletByRedemption('c-2-red-1'))?.customer_id).toBe('c-2');
        expect(await store().findWalletByRedemption('nope')).toBeNull();
      });

      it('finds a redemption added by a later save', async () => {
        await store().saveWallet(flushed('c-1', { redemptions: [] }), 0);
        expect(await store().findWalletByRedemption('c-1-red-1')).toBeNull();
        await store().saveWallet(flushed('c-1', { version: 2 }), 1);
        expect((await store().findWalletByRedemption('c-1-red-1'))?.customer_id).toBe('c-1');
      });

      it('finds wallets due for expiry at or before now, earliest first, up to the limit', async () => {
        await store().saveWallet(flushed('c-late', { next_expiry_at: '2025-07-03T00:00:00.000Z' }), 0);
        await store().saveWallet(flushed('c-early', { next_expiry_at: '2025-07-01T00:00:00.000Z' }), 0);
        await store().saveWallet(flushed('c-now', { next_expiry_at: '2025-07-05T00:00:00.000Z' }), 0);
        await store().saveWallet(flushed('c-future', { next_expiry_at: '2025-07-06T00:00:00.000Z' }), 0);
        await store().saveWallet(flushed('c-none', { next_expiry_at: null }), 0);
        const now = new Date('2025-07-05T00:00:00.000Z');
        expect(ids(await store().findWalletsDueForExpiry(now, 10))).toEqual(['c-early', 'c-late', 'c-now']);
        expect(ids(await store().findWalletsDueForExpiry(now, 2))).toEqual(['c-early', 'c-late']);
      });

      it('finds wallets due for a reminder at or before now, earliest first, up to the limit', async () => {
        await store().saveWallet(flushed('c-late', { next_reminder_at: '2025-06-26T00:00:00.000Z' }), 0);
        await store().saveWallet(flushed('c-early', { next_reminder_at: '2025-06-24T00:00:00.000Z' }), 0);
        await store().saveWallet(flushed('c-future', { next_reminder_at: '2025-06-30T00:00:00.000Z' }), 0);
        await store().saveWallet(flushed('c-none', { next_reminder_at: null }), 0);
        const now = new Date('2025-06-27T00:00:00.000Z');
        expect(ids(await store().findWalletsDueForReminder(now, 10))).toEqual(['c-early', 'c-late']);
        expect(ids(await store().findWalletsDueForReminder(now, 1))).toEqual(['c-early']);
      });

      it('lists all wallets in id order after the cursor', async () => {
        for (const id of ['c-3', 'c-1', 'c-4', 'c-2']) await store().saveWallet(flushed(id), 0);
        expect(ids(await store().listWallets(null, 2))).toEqual(['c-1', 'c-2']);
        expect(ids(await store().listWallets('c-2', 10))).toEqual(['c-3', 'c-4']);
      });
    });
  });
}
