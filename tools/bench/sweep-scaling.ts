import { SettableClock } from '../../shared/clock/clock.js';
import { loadConfig } from '../../shared/config/config.js';
import { expireReferralPoints } from '../../shared/jobs/wallet-sweep.js';
import { memoryLogger } from '../../shared/logging/logger.js';
import { MemoryPublisher } from '../../shared/notifications/publisher.memory.js';
import { emptyWallet, withSweepIndexes, type Wallet } from '../../shared/points/wallet.js';
import type { Context } from '../../shared/runtime/context.js';
import { memoryStores } from '../../shared/runtime/create-stores.js';
import { openMongoStores } from '../../shared/runtime/mongo-stores.js';

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
      lots: [{ lot_id: `lot:${customerId}`, points: 100, remaining: 100, expired_points: 0, credited_at: at, expires_at: expiresAt.toISOString(), status: 'active', source: { type: 'adjustment', entry_id: `seed:${customerId}` }, reminded_at: at }],
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
  const mongo = await openMongoStores({ uri, database: `bench_sweep_${total}_${Date.now()}` }, { onCommand: (name) => (ignored.has(name) ? undefined : (commands += 1)) });
  try {
    const config = loadConfig({ NODE_ENV: 'test', SWEEP_BATCH_SIZE: '200' });
    const clock = new SettableClock();
    const now = new Date('2027-01-01T00:00:00Z');
    clock.set(now);
    const ctx: Context = { config, rules: config.rules, clock, stores: { ...memoryStores(), ...mongo.stores }, publisher: new MemoryPublisher(), logger: memoryLogger() };
    const seeded = performance.now();
    const concurrency = 64;
    for (let start = 0; start < total; start += concurrency) {
      await Promise.all(
        Array.from({ length: Math.min(concurrency, total - start) }, async (_, k) => {
          const i = start + k;
          const w = walletWithLot(`bench-${String(i).padStart(8, '0')}`, i < expiring ? new Date(now.getTime() - 3_600_000) : new Date(now.getTime() + 90 * 86_400_000));
          await ctx.stores.wallets.saveWallet(w, 0);
          await ctx.stores.wallets.publishWallet(w);
        }),
      );
    }
    const seedSeconds = (performance.now() - seeded) / 1000;
    commands = 0;
    const started = performance.now();
    const report = await expireReferralPoints(ctx);
    const ms = performance.now() - started;
    if (report.lots !== expiring) throw new Error(`expected ${expiring} lots expired, got ${report.lots}`);
    return { total_lots: total, expiring_lots: expiring, commands_per_1000: (commands / expiring) * 1000, ms_per_1000: (ms / expiring) * 1000, seed_seconds: seedSeconds };
  } finally {
    await mongo.close();
  }
}
