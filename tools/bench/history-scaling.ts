import { BSON, MongoClient, type Document } from 'mongodb';
import { openMongoStores } from '#shared/adapters/mongo/mongo-stores.js';
import { MemoryPublisher } from '#shared/adapters/memory/publisher.js';
import { loadConfig } from '#shared/app/config.js';
import { memoryStores } from '#shared/app/open-stores.js';
import { makeContext } from '#shared/app/runtime.js';
import { SettableClock } from '#shared/core/clock.js';
import type { Context } from '#shared/core/context.js';
import { memoryLogger } from '#shared/core/logger.js';
import { expireReferralPoints } from '#shared/jobs/wallet-sweep.js';
import { redeemPoints } from '#shared/points/redeem-points.js';
import { generateReferralCode } from '#shared/referral-codes/generate-referral-code.js';
import { convertReferral } from '#shared/usages/convert-referral.js';
import { reverseReferral } from '#shared/usages/reverse-referral.js';
import { applyToNewDeal } from '../referral-journeys.js';

/** What one operation cost on a referrer with `history` prior referrals: commands and bytes written (mean of its repeats), ms (their median). */
export interface OperationCost {
  operation: 'conversion' | 'redemption' | 'refund';
  history: number;
  commands: number;
  bytes_written: number;
  ms: number;
}

/**
 * What the referrer's past left in the wallet: `expired`, the N lots expired since (the history
 * is in the ledger and the usages, the wallet is nearly empty: cost must not grow with N), or
 * `live`, all N lots still live (six months of referrals: the wallet holds them, as it must).
 */
export type HistoryShape = 'expired' | 'live';

/** One history size: the three operations' costs and the bytes stored per referral. */
export interface HistoryScaling {
  history: number;
  shape: HistoryShape;
  costs: OperationCost[];
  stored_bytes_per_referral: number;
  /** The server's own cost: ms of a lookup by a missing `_id` in `referral_usages` plus one in `points_ledger` (FerretDB v1 scans for it). */
  id_lookup_ms: number;
}

const ignored = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'endSessions', 'buildInfo', 'getMore']);
const writes = new Set(['insert', 'update', 'delete']);
/** Repeats of each measured operation: its time is their median (a repeat the shared machine preempted does not move it). */
const repeats = 9;

/** Bytes a write command sends as documents (inserts), updates or deletes. */
function bytesOf(name: string, command: Document): number {
  if (!writes.has(name)) return 0;
  const items = (command['documents'] ?? command['updates'] ?? command['deletes'] ?? []) as Document[];
  return items.reduce((s, d) => s + BSON.calculateObjectSize(d), 0);
}

async function referral(ctx: Context, code: string, i: number): Promise<{ dealId: string; referee: string }> {
  const usage = await applyToNewDeal(ctx, { refereeId: `referee-${i}`, code, dealId: `deal-${i}` });
  return { dealId: usage.deal_id, referee: usage.referee_id };
}

/**
 * A referrer with `history` converted referrals (and as many ledger movements), on a fresh
 * database of the MongoDB-wire server; then `repeats` more conversions, redemptions and refunds,
 * each measured alone. What grows with the history, if anything, shows in the ratio between sizes.
 */
export async function historyScaling(
  uri: string,
  history: number,
  shape: HistoryShape = 'expired',
  options: { settle?: () => void | Promise<void> } = {},
): Promise<HistoryScaling> {
  let counting = false;
  let commands = 0;
  let bytes = 0;
  const database = `bench_history_${history}_${Date.now()}`;
  const mongo = await openMongoStores(
    { uri, database },
    {
      onCommand: (name, command) => {
        if (!counting || ignored.has(name)) return;
        commands += 1;
        bytes += bytesOf(name, command);
      },
    },
  );
  try {
    const clock = new SettableClock();
    // One referrer converts its whole history in one day: with the velocity signal on, every credit
    // past the cap would be held for review, and the bench would measure that path instead.
    const ctx = makeContext(loadConfig({ NODE_ENV: 'test', REVIEW_VELOCITY_PER_DAY: '1000000000' }), {
      clock,
      stores: { ...memoryStores(), ...mongo.stores },
      publisher: new MemoryPublisher(),
      logger: memoryLogger(),
    });
    await ctx.stores.customers.upsertProfile('bench-referrer', { name: 'Bench Referrer' });
    const generated = await generateReferralCode(ctx, {
      customer_id: 'bench-referrer',
      deal_id: 'bench-first',
      paid_at: clock.now().toISOString(),
    });
    const code = generated.referral_code!.referral_code;
    for (let i = 0; i < history; i += 1) {
      const r = await referral(ctx, code, i);
      await convertReferral(ctx, { deal_id: r.dealId, customer_id: r.referee, payment_id: `pay-${r.dealId}` });
    }
    if (shape === 'expired') {
      // Past the lots' validity, then the expiry sweep: N more movements, and the wallet is empty.
      clock.advance((ctx.rules.pointsValidityMonths + 1) * 31 * 86_400_000);
      while (!(await expireReferralPoints(ctx)).done);
    }
    // Statistics for the planner before anything is measured (a bulk of new rows may have none yet).
    await options.settle?.();
    const measure = async (
      operation: OperationCost['operation'],
      run: (k: number) => Promise<unknown>,
      before?: (k: number) => Promise<unknown>,
    ) => {
      let c = 0;
      let b = 0;
      const times: number[] = [];
      for (let k = 0; k < repeats; k += 1) {
        await before?.(k);
        commands = 0;
        bytes = 0;
        counting = true;
        const t0 = performance.now();
        await run(k);
        times.push(performance.now() - t0);
        counting = false;
        c += commands;
        b += bytes;
      }
      const ms = times.sort((x, y) => x - y)[Math.floor(repeats / 2)]!;
      return { operation, history, commands: c / repeats, bytes_written: b / repeats, ms };
    };
    const fresh: Array<{ dealId: string; referee: string }> = [];
    const conversion = await measure(
      'conversion',
      (k) => convertReferral(ctx, { deal_id: fresh[k]!.dealId, customer_id: fresh[k]!.referee, payment_id: `pay-${fresh[k]!.dealId}` }),
      async (k) => fresh.push(await referral(ctx, code, history + k)),
    );
    const redemption = await measure('redemption', (k) =>
      redeemPoints(ctx, { customerId: 'bench-referrer', points: 10, dealId: `spend-${k}`, idempotencyKey: `spend-${k}`, actor: 'bench' }),
    );
    const refund = await measure('refund', (k) =>
      reverseReferral(ctx, { deal_id: fresh[k]!.dealId, payment_id: `pay-${fresh[k]!.dealId}` }),
    );
    return {
      history,
      shape,
      costs: [conversion, redemption, refund],
      stored_bytes_per_referral: (await storedBytes(uri, database)) / (history + repeats),
      id_lookup_ms: await idLookupMs(uri, database),
    };
  } finally {
    await mongo.close();
  }
}

/**
 * Mean ms of one lookup by `_id` of a key that is not there, in `referral_usages` and in
 * `points_ledger` (20 each, after one to warm up): what the engine's probe for the next ledger
 * entry and a usage lookup cost the server, whatever the design. A server that scans for `_id`
 * reads the whole collection for a missing key.
 */
async function idLookupMs(uri: string, database: string): Promise<number> {
  const client = new MongoClient(uri);
  try {
    let total = 0;
    for (const name of ['referral_usages', 'points_ledger']) {
      const collection = client.db(database).collection<{ _id: string }>(name);
      const lookup = () => collection.findOne({ _id: 'bench-referrer#999999999999' });
      await lookup();
      const t0 = performance.now();
      for (let i = 0; i < 20; i += 1) await lookup();
      total += (performance.now() - t0) / 20;
    }
    return total;
  } finally {
    await client.close();
  }
}

/** BSON bytes of every document in the database (the figure that must grow linearly with the movements). */
async function storedBytes(uri: string, database: string): Promise<number> {
  const client = new MongoClient(uri);
  try {
    const db = client.db(database);
    let total = 0;
    for (const { name } of await db.listCollections().toArray()) {
      for await (const doc of db.collection(name).find()) total += BSON.calculateObjectSize(doc);
    }
    return total;
  } finally {
    await client.close();
  }
}
