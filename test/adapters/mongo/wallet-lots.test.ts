import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document } from 'mongodb';
import { MongoWalletStore } from '#shared/adapters/mongo/wallet-store.js';
import { ferretDbV1Capabilities, fullCapabilities } from '#shared/adapters/mongo/update-isolation.js';
import { mongoStores } from '#shared/adapters/mongo/mongo-stores.js';
import { MemoryPublisher } from '#shared/adapters/memory/publisher.js';
import { SettableClock } from '#shared/core/clock.js';
import { redeemPoints } from '#shared/points/redeem-points.js';
import { makeContext } from '#shared/app/runtime.js';
import { loadConfig } from '#shared/app/config.js';
import { memoryStores } from '#shared/app/open-stores.js';
import { memoryLogger } from '#shared/core/logger.js';
import { ledgerEntry, lotState } from '../ledger-store.contract.js';
import { lotWrite } from '../wallet-store.contract.js';
import { walletOf } from '../../support/ledger.js';
import { connectTestDb, testServers, type TestDb } from '../../support/mongo.js';

/** A wallet head as the code before lot documents wrote it: its live lots in slots, null where one closed. */
function formerSnapshot(customerId: string): Document {
  return {
    _id: customerId,
    customer_id: customerId,
    seq: 2,
    balance: 2500,
    tombstones: [],
    lots: [
      lotState('soon', { remaining: 500, expires_at: '2027-02-05T00:00:00.000Z' }),
      null,
      lotState('later', { expires_at: '2027-06-01T00:00:00.000Z' }),
    ],
    next_expiry_at: '2027-02-05T00:00:00.000Z',
    next_reminder_at: '2027-05-25T00:00:00.000Z',
    // The sweep reminded every lot due by then: 'soon' (due 2027-01-29), not 'later'.
    reminded_through: '2027-02-01T00:00:00.000Z',
  };
}

describe.each(testServers)('wallets of a former shape on %s', (server) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await connectTestDb('wallet_former', server);
  });
  afterAll(() => t.drop());

  it('splits a head holding its lots into a head and a document per lot when read, once, and goes on from there', async () => {
    await t.db.collection<Document & { _id: string }>('referral_points').insertOne(formerSnapshot('asha') as Document & { _id: string });
    await t.db.collection('points_ledger').insertMany([
      { ...ledgerEntry('CREDIT:soon', { customer_id: 'asha', seq: 1, points: 2000 }), _id: 'asha#000000000001' },
      { ...ledgerEntry('CREDIT:later', { customer_id: 'asha', seq: 2, points: 2000, balance_after: 4000 }), _id: 'asha#000000000002' },
    ] as Document[]);
    const stores = { ...memoryStores(), ...(await mongoStores(t.db)) };
    const [first, second] = await Promise.all([stores.wallets.getHead('asha'), stores.wallets.getHead('asha')]);
    expect(first).toEqual({ customer_id: 'asha', seq: 2, balance: 2500, tombstones: [] });
    expect(second).toEqual(first);
    const stored = await t.db.collection<Document>('referral_points').findOne({ _id: 'asha' as never });
    expect(Object.keys(stored ?? {}).sort()).toEqual(['_id', 'balance', 'customer_id', 'seq', 'tombstones']);
    expect((await walletOf(stores, 'asha')).lots.map((l) => [l.lot_id, l.remaining])).toEqual([
      ['soon', 500],
      ['later', 2000],
    ]);
    // The reminder mark carried over: only the lot not reminded yet is due for one.
    expect((await stores.wallets.findLotsDueForReminder(new Date('2027-05-30T00:00:00.000Z'), 10)).map((s) => s.lot.lot_id)).toEqual([
      'later',
    ]);

    const clock = new SettableClock();
    clock.set(new Date('2027-01-15T00:00:00.000Z'));
    const ctx = makeContext(loadConfig({ NODE_ENV: 'test' }), { clock, stores, publisher: new MemoryPublisher(), logger: memoryLogger() });
    const spent = await redeemPoints(ctx, { customerId: 'asha', points: 700, dealId: 'trip', idempotencyKey: 'k', actor: 'asha' });
    expect(spent.ok && spent.value.allocations).toEqual([
      { lot_id: 'soon', points: 500 },
      { lot_id: 'later', points: 200 },
    ]);
    expect((await stores.wallets.getHead('asha'))?.balance).toBe(1800);
  });

  it('refuses a wallet of the shape before the ledger was the commit log, naming the migration', async () => {
    await t.db
      .collection<Document & { _id: string }>('referral_points')
      .insertOne({ _id: 'old', customer_id: 'old', version: 3, ledger_seq: 2, lots: [] });
    const stores = await mongoStores(t.db);
    await expect(stores.wallets.getHead('old')).rejects.toThrow(/npm run migrate/);
  });
});

describe('lot states on a server without isolated updates (the FerretDB v1 path, on DocumentDB)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await connectTestDb('wallet_unisolated');
  });
  afterAll(() => t.drop());

  const stale = (customerId: string) => ({ customer_id: customerId, seq: 2, balance: 10, tombstones: [] });

  /** The ledger says lot `a` was last changed by entry 3, to 5 remaining; the stored lot is older. */
  async function staleLot(customerId: string): Promise<void> {
    const newer = lotState('a', { remaining: 5 });
    await t.db.collection('points_ledger').insertOne({
      ...ledgerEntry('REDEEM:r', { customer_id: customerId, seq: 3, points: -5, lot_changes: [newer] }),
      _id: `${customerId}#000000000003`,
    } as Document);
    await new MongoWalletStore(t.db, fullCapabilities).saveChange({
      head: stale(customerId),
      lots: [lotWrite(customerId, 2, lotState('a', { remaining: 10 }))],
    });
  }

  it('hands out the state of a later ledger entry where an older write landed over it, and writes it back', async () => {
    await staleLot('c1');
    const isolated = new MongoWalletStore(t.db, fullCapabilities);
    // Where updates are isolated an older write never lands, so nothing is looked up.
    expect((await isolated.getLots('c1', ['a']))[0]?.seq).toBe(2);
    const unisolated = new MongoWalletStore(t.db, ferretDbV1Capabilities);
    expect((await unisolated.listLots('c1', { which: 'open' })).map((s) => [s.seq, s.lot.remaining])).toEqual([[3, 5]]);
    expect((await isolated.getLots('c1', ['a'])).map((s) => [s.seq, s.lot.remaining])).toEqual([[3, 5]]);
  });

  it('follows a write that landed over a newer state with that state', async () => {
    await staleLot('c2');
    // The writer of the older state looks for later entries of the lots it wrote, and writes them.
    await new MongoWalletStore(t.db, ferretDbV1Capabilities).saveChange({
      head: stale('c2'),
      lots: [lotWrite('c2', 2, lotState('a', { remaining: 10 }))],
    });
    const [a] = await new MongoWalletStore(t.db, fullCapabilities).getLots('c2', ['a']);
    expect([a?.seq, a?.lot.remaining]).toEqual([3, 5]);
  });

  it('follows a head that landed over a newer one with the head the later entries make', async () => {
    const ledger = t.db.collection<Document & { _id: string }>('points_ledger');
    for (const seq of [2, 3]) {
      await ledger.insertOne({
        ...ledgerEntry(`ADJUST:${seq}`, {
          customer_id: 'c3',
          seq,
          points: 100,
          balance_after: 100 * seq,
          lot_changes: [],
          tombstones: { add: [`t${seq}`] },
        }),
        _id: `c3#00000000000${seq}`,
      });
    }
    // The writer of entry 3 wrote its head; then the older write of entry 2's head landed over it.
    await new MongoWalletStore(t.db, ferretDbV1Capabilities).saveChange({
      head: { customer_id: 'c3', seq: 2, balance: 200, tombstones: ['t2'] },
      lots: [],
    });
    expect(await new MongoWalletStore(t.db, fullCapabilities).getHead('c3')).toEqual({
      customer_id: 'c3',
      seq: 3,
      balance: 300,
      tombstones: ['t2', 't3'],
    });
  });
});
