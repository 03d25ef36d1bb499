import { makeContext } from '#shared/app/runtime.js';
import { SettableClock } from '#shared/core/clock.js';
import { loadConfig } from '#shared/app/config.js';
import { expireReferralPoints } from '#shared/jobs/wallet-sweep.js';
import { memoryLogger } from '#shared/core/logger.js';
import { MemoryPublisher } from '#shared/adapters/memory/publisher.js';
import type { LedgerEntry } from '#shared/ledger/ledger-entry.js';
import { entryKey } from '#shared/ledger/ledger-store.js';
import type { Lot, WalletHead } from '#shared/points/wallet.js';
import { memoryStores } from '#shared/app/open-stores.js';
import { MongoClient } from 'mongodb';
import { openMongoStores } from '#shared/adapters/mongo/mongo-stores.js';
import { lotDocumentOf } from '#shared/adapters/mongo/wallet-documents.js';
import { startWireCounter } from './wire-count.js';

/** One size of the expiry sweep measurement. */
export interface SweepScaling {
  total_lots: number;
  expiring_lots: number;
  commands_per_1000: number;
  /** The same, counted on the wire by a proxy in front of the server (./wire-count.ts), by name. */
  wire_per_1000: number;
  wire_by_name: Record<string, number>;
  ms_per_1000: number;
  seed_seconds: number;
}

const ignored = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'endSessions', 'buildInfo']);

/** Lots of each wallet that expires in the measurement: 1,000 expiring lots over 200 wallets. */
const lotsPerExpiringWallet = 5;

function lot(id: string, expiresAt: Date): Lot {
  return {
    lot_id: id,
    points: 100,
    remaining: 100,
    expired_points: 0,
    credited_at: new Date(expiresAt.getTime() - 180 * 86_400_000).toISOString(),
    expires_at: expiresAt.toISOString(),
    status: 'active',
    source: { type: 'adjustment', entry_id: `seed:${id}` },
  };
}

/** A wallet at seq 1 whose one seed entry credited all its lots: its head, lots and that entry. */
function seeded(customerId: string, lots: Lot[]): { head: WalletHead; lots: Lot[]; entry: LedgerEntry } {
  const points = lots.reduce((s, l) => s + l.points, 0);
  const entry: LedgerEntry = {
    entry_id: `seed:${customerId}`,
    customer_id: customerId,
    type: 'ADJUST',
    points,
    balance_after: points,
    seq: 1,
    lots: lots.map((l) => ({ lot_id: l.lot_id, points: l.points })),
    cause: { type: 'admin', reason: 'bench seed' },
    actor: 'bench',
    created_at: lots[0]!.credited_at,
    lot_changes: lots,
    events: [],
    written_at: 0,
  };
  return { head: { customer_id: customerId, seq: 1, balance: points, tombstones: [] }, lots, entry };
}

/**
 * Seeds wallets holding `total` lots, `expiring` of them past expiry (five to a wallet), and
 * times one expiry sweep on the MongoDB-wire server; the design's cost should follow the
 * expiring lots, not the total.
 */
export async function sweepScaling(
  uri: string,
  total: number,
  expiring = 1000,
  options: { settle?: () => void | Promise<void> } = {},
): Promise<SweepScaling> {
  let commands = 0;
  const database = `bench_sweep_${total}_${Date.now()}`;
  const wire = await startWireCounter(uri);
  const mongo = await openMongoStores(
    { uri: wire.uri, database },
    { onCommand: (name) => (ignored.has(name) ? undefined : (commands += 1)) },
  );
  try {
    const config = loadConfig({ NODE_ENV: 'test', SWEEP_LOT_BATCH_SIZE: '1000', SWEEP_TIME_BUDGET_MS: '3600000' });
    const clock = new SettableClock();
    const now = new Date('2027-01-01T00:00:00Z');
    clock.set(now);
    const ctx = makeContext(config, {
      clock,
      stores: { ...memoryStores(), ...mongo.stores },
      publisher: new MemoryPublisher(),
      logger: memoryLogger(),
    });
    // Seeded in bulk, in the stores' own document shapes: through the port, 100k wallets would
    // take an hour on FerretDB.
    const seededAt = performance.now();
    const client = new MongoClient(uri);
    try {
      const db = client.db(database);
      const expiringWallets = Math.ceil(expiring / lotsPerExpiringWallet);
      const wallets = expiringWallets + (total - expiring);
      for (let start = 0; start < wallets; start += 1000) {
        const batch = Array.from({ length: Math.min(1000, wallets - start) }, (_, k) => {
          const i = start + k;
          const id = `bench-${String(i).padStart(8, '0')}`;
          return i < expiringWallets
            ? seeded(
                id,
                Array.from({ length: lotsPerExpiringWallet }, (_, n) => lot(`lot:${id}:${n}`, new Date(now.getTime() - 3_600_000))),
              )
            : seeded(id, [lot(`lot:${id}`, new Date(now.getTime() + 90 * 86_400_000))]);
        });
        await db.collection('referral_points').insertMany(
          batch.map((w) => ({ _id: w.head.customer_id as never, ...w.head })),
          { ordered: false },
        );
        await db
          .collection('referral_points')
          .insertMany(
            batch.flatMap((w) =>
              w.lots.map((lot) => lotDocumentOf({ customer_id: w.head.customer_id, seq: 1, lot, remind_at: null })),
            ) as never[],
            { ordered: false },
          );
        await db.collection('points_ledger').insertMany(
          batch.map((w) => ({ _id: entryKey(w.entry.customer_id, 1) as never, ...w.entry })),
          { ordered: false },
        );
      }
    } finally {
      await client.close();
    }
    const seedSeconds = (performance.now() - seededAt) / 1000;
    await options.settle?.();
    commands = 0;
    wire.reset();
    const started = performance.now();
    const report = await expireReferralPoints(ctx);
    const ms = performance.now() - started;
    const onWire = wire.counts();
    if (report.lots !== expiring) throw new Error(`expected ${expiring} lots expired, got ${report.lots}`);
    return {
      total_lots: total,
      expiring_lots: expiring,
      commands_per_1000: (commands / expiring) * 1000,
      wire_per_1000: ([...onWire.values()].reduce((a, b) => a + b, 0) / expiring) * 1000,
      wire_by_name: Object.fromEntries(onWire),
      ms_per_1000: (ms / expiring) * 1000,
      seed_seconds: seedSeconds,
    };
  } finally {
    await mongo.close();
    await wire.close();
  }
}
