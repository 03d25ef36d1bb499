import { makeContext } from '#shared/app/runtime.js';
import { SettableClock } from '#shared/core/clock.js';
import { loadConfig } from '#shared/app/config.js';
import { memoryLogger } from '#shared/core/logger.js';
import { MemoryPublisher } from '#shared/adapters/memory/publisher.js';
import { redeemPoints } from '#shared/points/redeem-points.js';
import { generateReferralCode } from '#shared/referral-codes/generate-referral-code.js';
import { memoryStores } from '#shared/app/open-stores.js';
import { openMongoStores } from '#shared/adapters/mongo/mongo-stores.js';
import { applyReferralCode, validateReferralCode } from '#shared/usages/apply-referral-code.js';
import { convertReferral } from '#shared/usages/convert-referral.js';
import { reverseReferral } from '#shared/usages/reverse-referral.js';
import { putOpenDeal } from '../referral-journeys.js';

/** MongoDB commands one flow sent, against its target. */
export interface RoundTrips {
  flow: string;
  commands: number;
  target: number | null;
}

const ignored = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'endSessions', 'buildInfo', 'getMore']);

/** Counts the MongoDB commands of each flow, on a fresh database of the given server. */
export async function roundTripsPerFlow(uri: string): Promise<RoundTrips[]> {
  let commands = 0;
  const mongo = await openMongoStores(
    { uri, database: `bench_rt_${Date.now()}` },
    { onCommand: (name) => (ignored.has(name) ? undefined : (commands += 1)) },
  );
  try {
    const config = loadConfig({ NODE_ENV: 'test' });
    const ctx = makeContext(config, {
      clock: new SettableClock(),
      stores: { ...memoryStores(), ...mongo.stores },
      publisher: new MemoryPublisher(),
      logger: memoryLogger(),
    });
    const count = async (fn: () => Promise<unknown>) => {
      commands = 0;
      await fn();
      return commands;
    };
    await ctx.stores.customers.upsertProfile('bench-referrer', { name: 'Bench Referrer' });
    const first = await count(() =>
      generateReferralCode(ctx, { customer_id: 'bench-referrer', deal_id: 'bench-first', paid_at: new Date().toISOString() }),
    );
    const code = (await ctx.stores.customers.getCustomer('bench-referrer'))!.referral_code!.referral_code;
    await putOpenDeal(ctx, 'bench-deal-1', 'bench-referee-1');
    await putOpenDeal(ctx, 'bench-deal-2', 'bench-referee-2');
    // A cold instance reads the terms in force once; a warm one serves them from its cache.
    const coldTerms = await count(() => ctx.terms.inForce(ctx.clock));
    const warmTerms = await count(() => ctx.terms.inForce(ctx.clock));
    const validate = await count(() => validateReferralCode(ctx, { refereeId: 'bench-referee-1', code, dealId: 'bench-deal-1' }));
    const apply = await count(() => applyReferralCode(ctx, { refereeId: 'bench-referee-1', code, dealId: 'bench-deal-1' }));
    const repeat = await count(() => applyReferralCode(ctx, { refereeId: 'bench-referee-1', code, dealId: 'bench-deal-1' }));
    const convert = await count(() => convertReferral(ctx, { deal_id: 'bench-deal-1', customer_id: 'bench-referee-1', payment_id: 'p1' }));
    const redeliver = await count(() =>
      convertReferral(ctx, { deal_id: 'bench-deal-1', customer_id: 'bench-referee-1', payment_id: 'p1' }),
    );
    const redeem = await count(() =>
      redeemPoints(ctx, { customerId: 'bench-referrer', points: 100, dealId: 'trip', idempotencyKey: 'k1', actor: 'bench' }),
    );
    const retry = await count(() =>
      redeemPoints(ctx, { customerId: 'bench-referrer', points: 100, dealId: 'trip', idempotencyKey: 'k1', actor: 'bench' }),
    );
    await applyReferralCode(ctx, { refereeId: 'bench-referee-2', code, dealId: 'bench-deal-2' });
    await convertReferral(ctx, { deal_id: 'bench-deal-2', customer_id: 'bench-referee-2', payment_id: 'p2' });
    const refund = await count(() => reverseReferral(ctx, { deal_id: 'bench-deal-2', payment_id: 'p2' }));
    return [
      { flow: 'first payment: code generated', commands: first, target: null },
      { flow: 'programme terms in force, cold instance', commands: coldTerms, target: null },
      { flow: 'programme terms in force, warm instance', commands: warmTerms, target: 0 },
      { flow: 'validate', commands: validate, target: null },
      { flow: 'apply', commands: apply, target: 6 },
      { flow: 'apply, repeated', commands: repeat, target: null },
      { flow: 'conversion credit', commands: convert, target: 8 },
      { flow: 'conversion, redelivered', commands: redeliver, target: null },
      { flow: 'redemption', commands: redeem, target: 4 },
      { flow: 'redemption, retried', commands: retry, target: null },
      { flow: 'refund with clawback', commands: refund, target: null },
    ];
  } finally {
    await mongo.close();
  }
}
