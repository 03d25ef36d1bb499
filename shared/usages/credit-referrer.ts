import { createHash } from 'node:crypto';
import { creditLot, clawBackLot } from '../points/wallet-operations.js';
import { changeWallet, walletDeps, type WalletRequest } from '../points/wallet-engine.js';
import type { Context } from '../core/context.js';
import type { Usage } from './usage.js';
import { referrerNotification } from './usage-effects.js';

/** The lot a usage's reward goes into. */
export function rewardLotId(usageId: string): string {
  return `lot:${usageId}`;
}

const hashOf = (s: string) => createHash('sha256').update(s).digest('hex');

/** What each once-only wallet change of a usage is called in a failure message. */
const changeNames = { CREDIT: 'Crediting', CLAWBACK: 'Clawing back' } as const;

/**
 * Makes the usage's once-only change `<kind>:<usage_id>` (also its ledger entry id) on its referrer's wallet;
 * `change` says what it does. A refused change is a bug here, so it throws.
 */
async function changeReferrerWallet<R>(
  ctx: Context,
  usage: Usage,
  kind: keyof typeof changeNames,
  actor: string,
  change: (entryId: string) => Pick<WalletRequest<R>, 'operation' | 'replay'>,
): Promise<void> {
  const entryId = `${kind}:${usage.usage_id}`;
  const result = await changeWallet(walletDeps(ctx), {
    customerId: usage.referrer_id,
    opId: entryId,
    requestHash: hashOf(entryId),
    actor,
    ...change(entryId),
  });
  if (!result.ok) throw new Error(`${changeNames[kind]} usage ${usage.usage_id} failed: ${result.code}`);
}

/** Credits the usage's reward to its referrer once (ledger `CREDIT`, id `CREDIT:<usage_id>`). */
export async function creditReferrer(ctx: Context, usage: Usage, actor: string): Promise<void> {
  await changeReferrerWallet(ctx, usage, 'CREDIT', actor, (entryId) => ({
    operation: creditLot({
      lotId: rewardLotId(usage.usage_id),
      entryId,
      points: usage.reward_points,
      // The usage's own terms; validity counts from the credit (after a hold, from its release).
      validityMonths: usage.points_validity_months ?? ctx.terms.environment.points_validity_months,
      source: { type: 'referral', usage_id: usage.usage_id, entry_id: entryId },
      cause: { type: 'usage', usage_id: usage.usage_id, deal_id: usage.deal_id },
      type: 'CREDIT',
      events: [
        referrerNotification('referral.points_credited', usage, {
          usage_id: usage.usage_id,
          points: usage.reward_points,
          referral_code: usage.referral_code,
        }),
        // The funnel's points credited (docs/rules.md §9): on referral-events, which reach BigQuery.
        {
          topic: 'referral-events',
          type: 'points.credited',
          id: `points.credited:${usage.usage_id}`,
          customer_id: usage.referrer_id,
          data: {
            usage_id: usage.usage_id,
            referral_code: usage.referral_code,
            referrer_id: usage.referrer_id,
            points: usage.reward_points,
            occurred_at: ctx.clock.now().toISOString(),
          },
        },
      ],
    }),
    replay: () => ({ ok: true, value: { lot_id: rewardLotId(usage.usage_id), expires_at: '', points: 0 } }),
  }));
}

/** Takes back what is left of a usage's reward (ledger `CLAWBACK`), recording any shortfall. */
export async function clawBackReward(ctx: Context, usage: Usage, actor: string): Promise<void> {
  await changeReferrerWallet(ctx, usage, 'CLAWBACK', actor, (entryId) => ({
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
  }));
}
