import { afterAll, describe, expect, inject, it } from 'vitest';
import { openMongoStores } from '#shared/adapters/mongo/mongo-stores.js';
import { applyReferralCode } from '#shared/usages/apply-referral-code.js';
import { domainContext } from '../../support/domain-context.js';
import { referrerWithCode } from '../../support/journeys.js';
import { termsInForce } from '../../support/programme.js';
import { putOpenDeal } from '../../../tools/referral-journeys.js';

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers) await close();
});

/** A context on the test server that records the collection of every command it sends. */
async function countedContext() {
  const seen: string[] = [];
  const mongo = await openMongoStores(
    { uri: inject('mongodbUri'), database: `terms_reads_${process.pid}_${Date.now()}` },
    { onCommand: (name, command) => seen.push(`${name}:${String(command[name])}`) },
  );
  closers.push(() => mongo.close());
  return { ctx: domainContext({}, mongo.stores), seen };
}

describe('the apply path on a warm instance', () => {
  it('never reads programme_terms, and sends as many commands with stored terms as without', async () => {
    const counts: number[] = [];
    for (const stored of [false, true]) {
      const { ctx, seen } = await countedContext();
      if (stored) await termsInForce(ctx, { referrer_reward_points: 3000 });
      const code = await referrerWithCode(ctx, 'warm-referrer');
      await putOpenDeal(ctx, 'warm-deal-1', 'warm-referee-1');
      await putOpenDeal(ctx, 'warm-deal-2', 'warm-referee-2');
      await applyReferralCode(ctx, { refereeId: 'warm-referee-1', code, dealId: 'warm-deal-1' });
      seen.length = 0;
      const r = await applyReferralCode(ctx, { refereeId: 'warm-referee-2', code, dealId: 'warm-deal-2' });
      expect(r.ok && r.value.usage.reward_points).toBe(stored ? 3000 : 2000);
      const commands = seen.filter((c) => !/^(hello|ismaster|isMaster|ping|endSessions|buildInfo|getMore):/.test(c));
      expect(commands.filter((c) => c.endsWith(':programme_terms'))).toEqual([]);
      counts.push(commands.length);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
