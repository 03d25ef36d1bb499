import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BSON, type Document } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { customerVersionsKept } from '#shared/adapters/mongo/customer-store.js';
import { migrateWallets } from '#shared/adapters/mongo/migrate-wallets.js';
import { mongoStores } from '#shared/adapters/mongo/mongo-stores.js';
import { makeContext } from '#shared/app/runtime.js';
import { loadConfig } from '#shared/app/config.js';
import { memoryStores } from '#shared/app/open-stores.js';
import { MemoryPublisher } from '#shared/adapters/memory/publisher.js';
import { SettableClock } from '#shared/core/clock.js';
import { memoryLogger } from '#shared/core/logger.js';
import { reverseRedemptionOf, redeemPoints } from '#shared/points/redeem-points.js';
import { bookBalance } from '#shared/points/wallet.js';
import { checkInvariants } from '#shared/reconcile/check-invariants.js';
import { allEntries, walletOf } from '../../support/ledger.js';
import { connectTestDb, type TestDb } from '../../support/mongo.js';

/**
 * A database as the former code wrote it (the demo's journey plus a referrer with three credits
 * and two redemptions), with one crash planted: the referrer's last redemption is committed in
 * its wallet version's outbox but its ledger entry was never written and the head never moved.
 */
const fixture = BSON.EJSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/database-before-commit-log.json'), 'utf8'),
) as Record<string, Document[]>;

async function load(t: TestDb): Promise<void> {
  for (const [name, docs] of Object.entries(fixture)) if (docs.length > 0) await t.db.collection(name).insertMany(docs);
}

describe('npm run migrate on a database written by the former code', () => {
  let t: TestDb;
  afterAll(() => t.drop());

  it('turns every wallet into a head over the ledger with its lots beside it, recovers the crashed entry, and drops the versions', async () => {
    t = await connectTestDb('migrate');
    await load(t);
    const report = await migrateWallets(t.db, { keepCustomerVersions: customerVersionsKept, batch: 1 });
    expect(report).toMatchObject({
      wallets_migrated: 2,
      wallets_split: 2,
      entries_recovered: 1,
      wallet_versions_dropped: true,
      done: true,
    });
    // No head holds its lots any more: each lot is a document of its own beside its head.
    expect(await t.db.collection('referral_points').countDocuments({ lots: { $exists: true } })).toBe(0);
    expect((await t.db.listCollections({ name: 'referral_points_versions' }).toArray()).length).toBe(0);

    const config = loadConfig({ NODE_ENV: 'test' });
    const clock = new SettableClock();
    clock.set(new Date('2027-01-15T00:00:00.000Z'));
    const stores = { ...memoryStores(), ...(await mongoStores(t.db)) };
    const ctx = makeContext(config, { clock, stores, publisher: new MemoryPublisher(), logger: memoryLogger() });
    const ravi = await walletOf(stores, 'ravi-v1');
    expect([ravi.seq, bookBalance(ravi)]).toEqual([5, 3200]);
    expect((await allEntries(stores, 'ravi-v1')).map((e) => e.type)).toEqual(['CREDIT', 'CREDIT', 'CREDIT', 'REDEEM', 'REDEEM']);
    expect(bookBalance(await walletOf(stores, 'asha-b4d9b6'))).toBe(0);
    expect(await checkInvariants(ctx)).toEqual([]);

    // The migrated wallet goes on: a legacy redemption reverses into its lot, a new one spends.
    const reversed = await reverseRedemptionOf(ctx, { redemptionId: 'rdm_8585c9e73bb9c385687dc3f8', callerId: 'ravi-v1', isAdmin: false });
    expect(reversed.ok && reversed.value.status).toBe('reversed');
    const spent = await redeemPoints(ctx, {
      customerId: 'ravi-v1',
      points: 3500,
      dealId: 'after-migration',
      idempotencyKey: 'k',
      actor: 'ravi-v1',
    });
    expect(spent.ok && spent.value.balance_after).toBe(0);
    expect((await walletOf(stores, 'ravi-v1')).seq).toBe(7);
    expect(await checkInvariants(ctx)).toEqual([]);
  });

  it('does nothing the second time', async () => {
    const before = await t.db.collection('points_ledger').countDocuments();
    const again = await migrateWallets(t.db, { keepCustomerVersions: customerVersionsKept });
    expect(again).toMatchObject({ wallets_migrated: 0, wallets_split: 0, entries_recovered: 0, customer_versions_pruned: 0, done: true });
    expect(await t.db.collection('points_ledger').countDocuments()).toBe(before);
  });
});
