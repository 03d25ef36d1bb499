import { createHash } from 'node:crypto';
import { fail, type Result } from '../core/result.js';
import type { Context } from '../core/context.js';
import { changeWallet, walletDeps } from './wallet-engine.js';
import { reverseRedemption, spendPoints } from './wallet-operations.js';
import type { Redemption } from './wallet.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A customer's request to spend points on a deal. */
export interface RedeemRequest {
  customerId: string;
  points: number;
  dealId: string;
  idempotencyKey: string;
  actor: string;
}

/** What a redemption answers, the first time and on every retry. */
export interface RedemptionView {
  redemption_id: string;
  points: number;
  deal_id: string;
  balance_after: number;
  allocations: Redemption['allocations'];
  status: Redemption['status'];
}

/** The redemption id an idempotency key of a customer stands for. */
export function redemptionIdFor(customerId: string, idempotencyKey: string): string {
  return `rdm_${sha256(`${customerId}\u0000${idempotencyKey}`).slice(0, 24)}`;
}

function view(r: Redemption): RedemptionView {
  const { redemption_id, points, deal_id, balance_after, allocations, status } = r;
  return { redemption_id, points, deal_id, balance_after, allocations, status };
}

/**
 * Spends points on a deal, earliest-expiring lots first, partially where needed, never below zero
 * (SPEC 2.5). The wallet's version check serialises concurrent redemptions of one customer; the
 * idempotency key makes a retry return the first answer, and refuses other input under it.
 */
export async function redeemPoints(ctx: Context, req: RedeemRequest): Promise<Result<RedemptionView>> {
  const redemptionId = redemptionIdFor(req.customerId, req.idempotencyKey);
  const requestHash = sha256(JSON.stringify({ points: req.points, deal_id: req.dealId }));
  const entryId = `REDEEM:${redemptionId}`;
  return changeWallet(walletDeps(ctx), {
    customerId: req.customerId,
    opId: entryId,
    requestHash,
    actor: req.actor,
    operation: (w, now) => {
      const spent = spendPoints({
        entryId,
        points: req.points,
        type: 'REDEEM',
        cause: { type: 'redemption', redemption_id: redemptionId, deal_id: req.dealId },
        redemption: {
          redemption_id: redemptionId,
          idempotency_key: req.idempotencyKey,
          request_hash: requestHash,
          points: req.points,
          deal_id: req.dealId,
        },
      })(w, now);
      if (!spent?.ok) return spent;
      const created = spent.value.redemptions.find((r) => r.redemption_id === redemptionId)!;
      return { ok: true, value: { ...spent.value, result: view(created) } };
    },
    replay: (w) => {
      const r = w.redemptions.find((x) => x.redemption_id === redemptionId);
      return r ? { ok: true, value: view(r) } : fail('REDEMPTION_NOT_FOUND', `No redemption ${redemptionId}`);
    },
  });
}

/**
 * Reverses a redemption before the deal is paid: points go back to their lots with their
 * original expiry (or expire at once if that has passed). The owner or an admin may do it.
 */
export async function reverseRedemptionOf(
  ctx: Context,
  req: { redemptionId: string; callerId: string; isAdmin: boolean },
): Promise<Result<RedemptionView>> {
  const wallet = await ctx.stores.wallets.findWalletByRedemption(req.redemptionId);
  const redemption = wallet?.redemptions.find((r) => r.redemption_id === req.redemptionId);
  if (!wallet || !redemption || (!req.isAdmin && wallet.customer_id !== req.callerId)) {
    return fail('REDEMPTION_NOT_FOUND', `No redemption ${req.redemptionId}`);
  }
  const entryId = `REDEEM_REVERSAL:${req.redemptionId}`;
  if (redemption.status === 'active') {
    const owner = await ctx.stores.customers.getCustomer(wallet.customer_id);
    const deal = await ctx.stores.deals.getDeal(redemption.deal_id);
    if (owner?.paid_deal_ids.includes(redemption.deal_id) || deal?.is_converted) {
      return fail('DEAL_ALREADY_CONVERTED', `Deal ${redemption.deal_id} is paid; its redemption stands`);
    }
  }
  return changeWallet(walletDeps(ctx), {
    customerId: wallet.customer_id,
    opId: entryId,
    requestHash: sha256(entryId),
    actor: req.callerId,
    operation: (w, now) => {
      const reversed = reverseRedemption({ redemptionId: req.redemptionId, entryId })(w, now);
      return reversed?.ok ? { ok: true, value: { ...reversed.value, result: view(reversed.value.result) } } : reversed;
    },
    replay: (w) => {
      const r = w.redemptions.find((x) => x.redemption_id === req.redemptionId);
      return r ? { ok: true, value: view(r) } : fail('REDEMPTION_NOT_FOUND', `No redemption ${req.redemptionId}`);
    },
  });
}
