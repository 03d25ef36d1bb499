import { describe, expect, it } from 'vitest';
import type { OutboundEvent } from '../../shared/notifications/notification.js';
import { emptyWallet, type Lot, type Wallet } from '../../shared/points/wallet.js';
import type { WalletStore } from '../../shared/points/wallet-store.js';
import { ledgerEntry } from './ledger-store.contract.js';
import { race, useStore, type MakeStore } from './store-harness.js';

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
  return {
    topic: 'referral-notifications',
    type: 'referral.points_credited',
    id,
    customer_id: customerId,
    data: { points: 2000, lot: { id } },
  };
}

/** A committed-looking wallet at `version` with one lot, one redemption and something in both outboxes. */
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
    outbox: [
      ledgerEntry(`${customerId}-e-1`, { customer_id: customerId, seq: 1 }),
      ledgerEntry(`${customerId}-e-2`, { customer_id: customerId, seq: 2 }),
    ],
    pending_events: [event(`${customerId}-n-1`, customerId), event(`${customerId}-n-2`, customerId)],
    next_expiry_at: '2025-07-01T00:00:00.000Z',
    next_reminder_at: '2025-06-24T00:00:00.000Z',
    ...overrides,
  };
}

/** The wallet as readers see it once published: outboxes emptied. */
export function published(w: Wallet): Wallet {
  return { ...w, outbox: [], pending_events: [] };
}

const ids = (ws: readonly Wallet[]) => ws.map((w) => w.customer_id);

/** The contract of {@link WalletStore}, run against every adapter. */
export function describeWalletStoreContract(name: string, makeStore: MakeStore<WalletStore>): void {
  describe(`${name} wallet store`, () => {
    const store = useStore(makeStore);

    /** Commits and publishes `w` on top of the version before it, as the engine does. */
    async function put(w: Wallet): Promise<void> {
      expect(await store().saveWallet(w, w.version - 1)).toEqual({ status: 'saved' });
      await store().publishWallet(w);
    }

    describe('committing', () => {
      it('knows no wallet before one is published', async () => {
        expect(await store().getWallet('c-1')).toBeNull();
      });

      it('commits a new wallet when expecting version 0', async () => {
        expect(await store().saveWallet(wallet('c-1'), 0)).toEqual({ status: 'saved' });
      });

      it('shows a committed version to readers only once it is published', async () => {
        await store().saveWallet(wallet('c-1'), 0);
        expect(await store().getWallet('c-1')).toBeNull();
        await store().publishWallet(wallet('c-1'));
        expect(await store().getWallet('c-1')).toEqual(published(wallet('c-1')));
      });

      it('commits the version after the one expected', async () => {
        await put(wallet('c-1'));
        const next = wallet('c-1', { version: 2, ledger_seq: 3 });
        expect(await store().saveWallet(next, 1)).toEqual({ status: 'saved' });
        await store().publishWallet(next);
        expect(await store().getWallet('c-1')).toEqual(published(next));
      });

      it('refuses to create a wallet that exists already, naming nothing unpublished', async () => {
        await put(wallet('c-1'));
        expect(await store().saveWallet(wallet('c-1', { ledger_seq: 99 }), 0)).toEqual({ status: 'conflict', unpublished: null });
        expect(await store().getWallet('c-1')).toEqual(published(wallet('c-1')));
      });

      it('refuses a save on a version another change already moved on from', async () => {
        await put(wallet('c-1'));
        await put(wallet('c-1', { version: 2 }));
        expect(await store().saveWallet(wallet('c-1', { version: 2, ledger_seq: 99 }), 1)).toEqual({
          status: 'conflict',
          unpublished: null,
        });
        expect((await store().getWallet('c-1'))?.ledger_seq).toBe(2);
      });

      it('lets exactly one of 20 concurrent creations of a wallet commit', async () => {
        const outcomes = await race(20, (i) => store().saveWallet(wallet('c-1', { ledger_seq: i }), 0));
        expect(outcomes.filter((o) => o.status === 'saved')).toHaveLength(1);
      });

      it('lets exactly one of 20 concurrent saves expecting the same version commit', async () => {
        await put(wallet('c-1'));
        const next = (i: number) => wallet('c-1', { version: 2, ledger_seq: 100 + i });
        const outcomes = await race(20, (i) => store().saveWallet(next(i), 1));
        const winner = outcomes.findIndex((o) => o.status === 'saved');
        expect(outcomes.filter((o) => o.status === 'saved')).toHaveLength(1);
        expect(await store().getUnpublished('c-1')).toEqual(next(winner));
      });
    });

    describe('publishing', () => {
      it('empties the outboxes of the version it publishes', async () => {
        await put(wallet('c-1'));
        const w = await store().getWallet('c-1');
        expect([w?.outbox, w?.pending_events]).toEqual([[], []]);
      });

      it('never replaces a newer published version with an older one', async () => {
        await put(wallet('c-1'));
        await put(wallet('c-1', { version: 2, ledger_seq: 3 }));
        await store().publishWallet(wallet('c-1'));
        expect(await store().getWallet('c-1')).toEqual(published(wallet('c-1', { version: 2, ledger_seq: 3 })));
      });

      it('publishes the same version twice without harm', async () => {
        await put(wallet('c-1'));
        await store().publishWallet(wallet('c-1'));
        expect(await store().getWallet('c-1')).toEqual(published(wallet('c-1')));
      });

      it('publishes a version over an older one that was never published', async () => {
        await store().saveWallet(wallet('c-1'), 0);
        await store().saveWallet(wallet('c-1', { version: 2 }), 1);
        await store().publishWallet(wallet('c-1', { version: 2 }));
        expect(await store().getWallet('c-1')).toEqual(published(wallet('c-1', { version: 2 })));
        expect(await store().getUnpublished('c-1')).toBeNull();
      });
    });

    describe('unpublished versions', () => {
      it('has nothing unpublished for a wallet it does not know', async () => {
        expect(await store().getUnpublished('c-1')).toBeNull();
      });

      it('has nothing unpublished once the newest version is published', async () => {
        await put(wallet('c-1'));
        expect(await store().getUnpublished('c-1')).toBeNull();
      });

      it('gives back a committed first version that was never published, outboxes and all', async () => {
        await store().saveWallet(wallet('c-1'), 0);
        expect(await store().getUnpublished('c-1')).toEqual(wallet('c-1'));
      });

      it('gives back a version committed after the published one', async () => {
        await put(wallet('c-1'));
        await store().saveWallet(wallet('c-1', { version: 2, ledger_seq: 3 }), 1);
        expect(await store().getUnpublished('c-1')).toEqual(wallet('c-1', { version: 2, ledger_seq: 3 }));
      });

      it('gives back the newest of several versions committed after the published one', async () => {
        await put(wallet('c-1'));
        await store().saveWallet(wallet('c-1', { version: 2 }), 1);
        await store().saveWallet(wallet('c-1', { version: 3, ledger_seq: 4 }), 2);
        expect(await store().getUnpublished('c-1')).toEqual(wallet('c-1', { version: 3, ledger_seq: 4 }));
      });

      it('answers a save from the published version with the unpublished one that beat it', async () => {
        await put(wallet('c-1'));
        await store().saveWallet(wallet('c-1', { version: 2, ledger_seq: 3 }), 1);
        expect(await store().saveWallet(wallet('c-1', { version: 2, ledger_seq: 99 }), 1)).toEqual({
          status: 'conflict',
          unpublished: wallet('c-1', { version: 2, ledger_seq: 3 }),
        });
      });

      it('answers a first save with the unpublished first version that beat it', async () => {
        await store().saveWallet(wallet('c-1'), 0);
        expect(await store().saveWallet(wallet('c-1', { ledger_seq: 99 }), 0)).toEqual({ status: 'conflict', unpublished: wallet('c-1') });
      });
    });

    describe('queries', () => {
      it('finds the wallet holding a redemption', async () => {
        await put(wallet('c-1'));
        await put(wallet('c-2'));
        expect(await store().findWalletByRedemption('c-2-red-1')).toEqual(published(wallet('c-2')));
        expect(await store().findWalletByRedemption('nope')).toBeNull();
      });

      it('finds a redemption once the version that added it is published', async () => {
        await put(wallet('c-1', { redemptions: [] }));
        await store().saveWallet(wallet('c-1', { version: 2 }), 1);
        expect(await store().findWalletByRedemption('c-1-red-1')).toBeNull();
        await store().publishWallet(wallet('c-1', { version: 2 }));
        expect((await store().findWalletByRedemption('c-1-red-1'))?.version).toBe(2);
      });

      it('finds wallets due for expiry at or before now, earliest first, up to the limit', async () => {
        await put(wallet('c-late', { next_expiry_at: '2025-07-03T00:00:00.000Z' }));
        await put(wallet('c-early', { next_expiry_at: '2025-07-01T00:00:00.000Z' }));
        await put(wallet('c-now', { next_expiry_at: '2025-07-05T00:00:00.000Z' }));
        await put(wallet('c-future', { next_expiry_at: '2025-07-06T00:00:00.000Z' }));
        await put(wallet('c-none', { next_expiry_at: null }));
        const now = new Date('2025-07-05T00:00:00.000Z');
        expect(ids(await store().findWalletsDueForExpiry(now, 10))).toEqual(['c-early', 'c-late', 'c-now']);
        expect(ids(await store().findWalletsDueForExpiry(now, 2))).toEqual(['c-early', 'c-late']);
      });

      it('finds wallets due for expiry at the same instant in id order', async () => {
        for (const id of ['c-2', 'c-3', 'c-1']) await put(wallet(id, { next_expiry_at: '2025-07-01T00:00:00.000Z' }));
        expect(ids(await store().findWalletsDueForExpiry(new Date('2025-07-01T00:00:00.000Z'), 10))).toEqual(['c-1', 'c-2', 'c-3']);
      });

      it('finds a wallet due for expiry by its published version only', async () => {
        await put(wallet('c-1', { next_expiry_at: '2025-07-01T00:00:00.000Z' }));
        await store().saveWallet(wallet('c-1', { version: 2, next_expiry_at: null }), 1);
        expect(ids(await store().findWalletsDueForExpiry(new Date('2025-07-02T00:00:00.000Z'), 10))).toEqual(['c-1']);
        await store().publishWallet(wallet('c-1', { version: 2, next_expiry_at: null }));
        expect(await store().findWalletsDueForExpiry(new Date('2025-07-02T00:00:00.000Z'), 10)).toEqual([]);
      });

      it('finds wallets due for a reminder at or before now, earliest first, up to the limit', async () => {
        await put(wallet('c-late', { next_reminder_at: '2025-06-26T00:00:00.000Z' }));
        await put(wallet('c-early', { next_reminder_at: '2025-06-24T00:00:00.000Z' }));
        await put(wallet('c-future', { next_reminder_at: '2025-06-30T00:00:00.000Z' }));
        await put(wallet('c-none', { next_reminder_at: null }));
        const now = new Date('2025-06-27T00:00:00.000Z');
        expect(ids(await store().findWalletsDueForReminder(now, 10))).toEqual(['c-early', 'c-late']);
        expect(ids(await store().findWalletsDueForReminder(now, 1))).toEqual(['c-early']);
      });

      it('lists all published wallets in id order after the cursor', async () => {
        for (const id of ['c-3', 'c-1', 'c-4', 'c-2']) await put(wallet(id));
        await store().saveWallet(wallet('c-0'), 0);
        expect(ids(await store().listWallets(null, 2))).toEqual(['c-1', 'c-2']);
        expect(ids(await store().listWallets('c-2', 10))).toEqual(['c-3', 'c-4']);
        expect(await store().listWallets('c-4', 10)).toEqual([]);
      });

      it('lists wallets as readers see them', async () => {
        await put(wallet('c-1'));
        expect(await store().listWallets(null, 10)).toEqual([published(wallet('c-1'))]);
      });
    });
  });
}
