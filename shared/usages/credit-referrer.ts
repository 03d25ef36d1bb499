import { createHash } from 'node:crypto';
import { creditLot, clawBackLot } from '../points/wallet-operations.js';
import { changeWallet, walletDeps } from '../points/wallet-engine.js';
import type { Context } from '../core/context.js';
import type { Usage } from './usage.js';

/** The lot a usage's reward goes into. */
export function rewardLotId(usageId: string): string {
  return `lot:${usageId}`;
}

const hashOf = (s: string) => createHash('sha256').update(s).digest('hex');

/** Credits the usage's reward to its referrer once (ledger `CREDIT`, id `CREDIT:<usage_id>`). */
export async function creditReferrer(ctx: Context, usage: Usage, actor: string): Promise<void> {
  const entryId = `CREDIT:${usage.usage_id}`;
  const result = await changeWallet(walletDeps(ctx), {
    customerId: usage.referrer_id,
    opId: entryId,
    requestHash: hashOf(entryId),
    actor,
    operation: creditLot({
      lotId: rewardLotId(usage.usage_id),
      entryId,
      points: usage.reward_points,
      validityMonths: ctx.rules.pointsValidityMonths,
      source: { type: 'referral', usage_id: usage.usage_id, entry_id: entryId },
      cause: { type: 'usage', usage_id: usage.usage_id, deal_id: usage.deal_id },
      type: 'CREDIT',
      events: [
        {
          topic: 'referral-notifications',
          type: 'referral.points_credited',
          id: `referral.points_credited:${usage.usage_id}`,
          customer_id: usage.referrer_id,
          data: { usage_id: usage.usage_id, points: usage.reward_points, referral_code: usage.referral_code },
        },
      ],
    }),
    replay: () => ({ ok: true, value: { lot_id: rewardLotId(usage.usage_id), expires_at: '', points: 0 } }),
  });
  if (!result.ok) throw new Error(`Crediting usage ${usage.usage_id} failed: ${result.code}`);
}

/** Takes back what is left of a usage's reward (ledger `CLAWBACK`), recording any shortfall. */
export async function clawBackReward(ctx: Context, usage: Usage, actor: string): Promise<void> {
  const entryId = `CLAWBACK:${usage.usage_id}`;
  const result = await changeWallet(walletDeps(ctx), {
    customerId: usage.referrer_id,
    opId: entryId,
    requestHash: hashOf(entryId),
    actor,
    operation: clawBackLot({
      lotId: rewardLotId(usage.usage_id),
      entryId,
      points: usage.reward_points,
      usageId: usage.usage_id,
      dealId: usage.deal_id,
      // A lot leaves the wallet when it expires: its last entry holds its final state.
      closedLot: async (lotId) =>
        (await ctx.stores.ledger.lastEntryForLot(usage.referrer_id, lotId))?.lot_changes.find((l) => l.lot_id === lotId) ?? null,
    }),
    replay: () => ({ ok: true, value: { clawed_back: 0, shortfall: 0 } }),
  });
  if (!result.ok) throw new Error(`Clawing back usage ${usage.usage_id} failed: ${result.code}`);
}
