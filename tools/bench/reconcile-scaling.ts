import { MongoClient } from 'mongodb';
import { openMongoStores } from '#shared/adapters/mongo/mongo-stores.js';
import { MemoryPublisher } from '#shared/adapters/memory/publisher.js';
import { loadConfig } from '#shared/app/config.js';
import { memoryStores } from '#shared/app/open-stores.js';
import { makeContext } from '#shared/app/runtime.js';
import { SettableClock } from '#shared/core/clock.js';
import { memoryLogger } from '#shared/core/logger.js';
import type { LedgerEntry } from '#shared/ledger/ledger-entry.js';
import { entryKey } from '#shared/ledger/ledger-store.js';
import type { Lot } from '#shared/points/wallet.js';
import { lotDocumentOf } from '#shared/adapters/mongo/wallet-documents.js';
import { reconcileIncrementally } from '#shared/reconcile/reconcile.js';

/** One size of the reconcile measurement. */
export interface ReconcileScaling {
  customers: number;
  commands: number;
  /** Peak resident memory above the process's before the run, in MiB. */
  peak_rss_mib: number;
  seconds: number;
  violations: number;
}

const ignored = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'endSessions', 'buildInfo']);

/**
 * Seeds `customers` wallets of one lot each (a head, its lot and its credit entry), then runs the
 * scheduled reconcile until it completes a pass, counting commands and sampling resident memory.
 */
export async function reconcileScaling(
  uri: string,
  customers: number,
  batch = 1000,
  options: { settle?: () => void | Promise<void> } = {},
): Promise<ReconcileScaling> {
  let commands = 0;
  let counting = false;
  const database = `bench_reconcile_${customers}_${Date.now()}`;
  const mongo = await openMongoStores(
    { uri, database },
    { onCommand: (name) => (counting && !ignored.has(name) ? (commands += 1) : undefined) },
  );
  try {
    const client = new MongoClient(uri);
    try {
      const db = client.db(database);
      for (let start = 0; start < customers; start += 1000) {
        const ids = Array.from({ length: Math.min(1000, customers - start) }, (_, k) => `cust-${String(start + k).padStart(8, '0')}`);
        const lot = (id: string): Lot => ({
          lot_id: `lot:${id}`,
          points: 2000,
          remaining: 2000,
          expired_points: 0,
          credited_at: '2027-01-01T00:00:00.000Z',
          expires_at: '2027-07-01T00:00:00.000Z',
          status: 'active',
          source: { type: 'adjustment', entry_id: `seed:${id}` },
        });
        await db.collection('referral_points').insertMany(
          ids.map((id) => ({ _id: id as never, customer_id: id, seq: 1, balance: 2000, tombstones: [] })),
          { ordered: false },
        );
        await db
          .collection('referral_points')
          .insertMany(ids.map((id) => lotDocumentOf({ customer_id: id, seq: 1, lot: lot(id), remind_at: null })) as never[], {
            ordered: false,
          });
        await db.collection('points_ledger').insertMany(
          ids.map((id) => {
            const e: LedgerEntry = {
              entry_id: `seed:${id}`,
              customer_id: id,
              type: 'ADJUST',
              points: 2000,
              balance_after: 2000,
              seq: 1,
              lots: [{ lot_id: `lot:${id}`, points: 2000 }],
              cause: { type: 'admin', reason: 'bench seed' },
              actor: 'bench',
              created_at: '2027-01-01T00:00:00.000Z',
              lot_changes: [lot(id)],
              events: [],
              written_at: 0,
            };
            return { _id: entryKey(id, 1) as never, ...e };
          }),
          { ordered: false },
        );
      }
    } finally {
      await client.close();
    }
    await options.settle?.();
    const ctx = makeContext(loadConfig({ NODE_ENV: 'test', SWEEP_BATCH_SIZE: String(batch), SWEEP_TIME_BUDGET_MS: '3600000' }), {
      clock: new SettableClock(),
      stores: { ...memoryStores(), ...mongo.stores },
      publisher: new MemoryPublisher(),
      logger: memoryLogger(),
    });
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    counting = true;
    const t0 = performance.now();
    let report = await reconcileIncrementally(ctx);
    while (!report.pass_complete) report = await reconcileIncrementally(ctx);
    const seconds = (performance.now() - t0) / 1000;
    counting = false;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { customers, commands, peak_rss_mib: (peak - baseline) / 2 ** 20, seconds, violations: report.violations.length };
  } finally {
    await mongo.close();
  }
}
