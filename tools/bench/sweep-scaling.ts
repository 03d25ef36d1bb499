import { makeContext } from '../../shared/app/runtime.js';
import { SettableClock } from '../../shared/core/clock.js';
import { loadConfig } from '../../shared/app/config.js';
import { expireReferralPoints } from '../../shared/jobs/wallet-sweep.js';
import { memoryLogger } from '../../shared/core/logger.js';
import { MemoryPublisher } from '../../shared/adapters/memory/publisher.js';
import { emptyWallet, withSweepIndexes, type Wallet } from '../../shared/points/wallet.js';
import { memoryStores } from '../../shared/app/open-stores.js';
import { MongoClient } from 'mongodb';
import { openMongoStores } from '../../shared/adapters/mongo/mongo-stores.js';
import { versionId } from '../../shared/adapters/mongo/versioned-collection.js';

/** One size of the expiry sweep measurement. */
export interface SweepScaling {
  total_lots: number;
  expiring_lots: number;
  commands_per_1000: number;
  ms_per_1000: number;
  seed_seconds: number;
}

const ignored = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'endSessions', 'buildInfo']);

function walletWithLot(customerId: string, expiresAt: Date): Wallet {
  const at = new Date(expiresAt.getTime() - 180 * 86_400_000).toISOString();
  return withSweepIndexes(
    {
      ...emptyWallet(customerId),
      version: 1,
      ledger_seq: 1,
      lots: [
        {
          lot_id: `lot:${customerId}`,
          points: 100,
          remaining: 100,
          expired_points: 0,
          credited_at: at,
          expires_at: expiresAt.toISOString(),
          status: 'active',
          source: { type: 'adjustment', entry_id: `seed:${customerId}` },
          reminded_at: at,
        },
      ],
    },
    7,
  );
}

/**
 * Seeds `total` wallets of one lot each, `expiring` of them past expiry, and times one expiry sweep
 * on the MongoDB-wire server; the design's cost should follow the expiring lots, not the total.
 */
export async function sweepScaling(uri: string, total: number, expiring = 1000): Promise<SweepScaling> {
  let commands = 0;
  const database = `bench_sweep_${total}_${Date.now()}`;
  const mongo = await openMongoStores({ uri, database }, { onCommand: (name) => (ignored.has(name) ? undefined : (commands += 1)) });
  try {
    const config = loadConfig({ NODE_ENV: 'test', SWEEP_BATCH_SIZE: '200', SWEEP_TIME_BUDGET_MS: '3600000' });
    const clock = new SettableClock();
    const now = new Date('2027-01-01T00:00:00Z');
    clock.set(now);
    const ctx = makeContext(config, {
      clock,
      stores: { ...memoryStores(), ...mongo.stores },
      publisher: new MemoryPublisher(),
      logger: memoryLogger(),
    });
    // Seeded in bulk, in the wallet store's own document shapes (a published head and its
    // committed version 1): through the port, 1M wallets would take hours on FerretDB.
    const seeded = performance.now();
    const client = new MongoClient(uri);
    try {
      const db = client.db(database);
      for (let start = 0; start < total; start += 1000) {
        const batch = Array.from({ length: Math.min(1000, total - start) }, (_, k) => {
          const i = start + k;
          return walletWithLot(
            `bench-${String(i).padStart(8, '0')}`,
            i < expiring ? new Date(now.getTime() - 3_600_000) : new Date(now.getTime() + 90 * 86_400_000),
          );
        });
        await db.collection('referral_points').insertMany(
          batch.map((w) => ({ _id: w.customer_id as never, ...w, redemption_ids: [] })),
          { ordered: false },
        );
        await db.collection('referral_points_versions').insertMany(
          batch.map((w) => ({ _id: versionId(w.customer_id, 1) as never, ...w })),
          { ordered: false },
        );
      }
    } finally {
      await client.close();
    }
    const seedSeconds = (performance.now() - seeded) / 1000;
    commands = 0;
    const started = performance.now();
    const report = await expireReferralPoints(ctx);
    const ms = performance.now() - started;
    if (report.lots !== expiring) throw new Error(`expected ${expiring} lots expired, got ${report.lots}`);
    return {
      total_lots: total,
      expiring_lots: expiring,
      commands_per_1000: (commands / expiring) * 1000,
      ms_per_1000: (ms / expiring) * 1000,
      seed_seconds: seedSeconds,
    };
  } finally {
    await mongo.close();
  }
}
