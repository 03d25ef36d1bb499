import { createHash } from 'node:crypto';
import { fail, type Result } from '../core/result.js';
import type { Context } from '../core/context.js';
import { changeWallet, walletDeps } from './wallet-engine.js';
import { reverseRedemption, spendPoints, type WalletChange } from './wallet-operations.js';
import type { LedgerEntry, RedemptionRecord } from '../ledger/ledger-entry.js';
import { recordAdminAction } from '../audit/admin-audit.js';

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
export interface RedemptionView extends RedemptionRecord {
  status: 'active' | 'reversed';
}

/** The redemption id an idempotency key of a customer stands for. */
export function redemptionIdFor(customerId: string, idempotencyKey: string): string {
  return `rdm_${sha256(`${customerId}\u0000${idempotencyKey}`).slice(0, 24)}`;
}

const redeemEntryId = (redemptionId: string) => `REDEEM:${redemptionId}`;
const reversalEntryId = (redemptionId: string) => `REDEEM_REVERSAL:${redemptionId}`;

function view(r: RedemptionRecord, status: RedemptionView['status']): RedemptionView {
  const { redemption_id, points, deal_id, balance_after, allocations } = r;
  return { redemption_id, points, deal_id, balance_after, allocations, status };
}

/** A redemption's answer from its entry; reversed when its reversal entry exists (one lookup by key). */
async function viewOf(ctx: Context, entry: LedgerEntry): Promise<Result<RedemptionView>> {
  if (!entry.redemption) return fail('REDEMPTION_NOT_FOUND', `No redemption for ${entry.entry_id}`);
  const reversal = await ctx.stores.ledger.getEntry(entry.customer_id, reversalEntryId(entry.redemption.redemption_id));
  return { ok: true, value: view(entry.redemption, reversal ? 'reversed' : 'active') };
}

/**
 * Spends points on a deal, earliest-expiring lots first, partially where needed, never below zero
 * (docs/rules.md §2.5). The ledger's next seq serialises concurrent redemptions of one customer;
 * the idempotency key is the entry's id, so a retry returns the first answer, and other input
 * under the same key is refused.
 */
export async function redeemPoints(ctx: Context, req: RedeemRequest): Promise<Result<RedemptionView>> {
  const redemptionId = redemptionIdFor(req.customerId, req.idempotencyKey);
  const requestHash = sha256(JSON.stringify({ points: req.points, deal_id: req.dealId }));
  const entryId = redeemEntryId(redemptionId);
  const spend = spendPoints({
    entryId,
    points: req.points,
    type: 'REDEEM',
    cause: { type: 'redemption', redemption_id: redemptionId, deal_id: req.dealId },
    redemption: { redemption_id: redemptionId, deal_id: req.dealId },
  });
  return changeWallet(walletDeps(ctx), {
    customerId: req.customerId,
    opId: entryId,
    requestHash,
    actor: req.actor,
    operation: {
      lots: spend.lots,
      run: async (w, now): Promise<Result<WalletChange<RedemptionView>> | null> => {
        const spent = await spend.run(w, now);
        if (!spent?.ok) return spent;
        const [first, ...rest] = spent.value.entries;
        const record = first!.redemption!;
        // The funnel's points redeemed (docs/rules.md §9): kept in the entry, so a republish says the same.
        const redeemed = {
          topic: 'referral-events' as const,
          type: 'points.redeemed' as const,
          id: `points.redeemed:${redemptionId}`,
          customer_id: req.customerId,
          data: { redemption_id: redemptionId, deal_id: req.dealId, points: req.points, occurred_at: now.toISOString() },
        };
        const entries = [{ ...first!, events: [...first!.events, redeemed] }, ...rest];
        return { ok: true, value: { entries, result: view(record, 'active') } };
      },
    },
    replay: async (_w, prior) => (prior ? await viewOf(ctx, prior) : fail('REDEMPTION_NOT_FOUND', `No redemption ${redemptionId}`)),
  });
}

/**
 * Reverses a redemption before the deal is paid: points go back to their lots with their
 * original expiry (or expire at once if that has passed). The owner or an admin may do it; the
 * owner's lookup names the customer, an admin's scatters over the ledger (an admin route). An
 * admin's reversal is recorded in the owner's audit trail (once per redemption), a repeat included.
 */
export async function reverseRedemptionOf(
  ctx: Context,
  req: { redemptionId: string; callerId: string; isAdmin: boolean; reason?: string | null },
): Promise<Result<RedemptionView>> {
  const r = await reverse(ctx, req);
  if (r.ok && req.isAdmin) {
    await recordAdminAction(ctx, {
      customer_id: r.value.customer_id,
      action: 'redemption.reversed',
      actor: req.callerId,
      reason: req.reason ?? null,
      target: req.redemptionId,
      key: req.redemptionId,
      outcome: `${r.value.view.points} points back`,
    });
  }
  return r.ok ? { ok: true, value: r.value.view } : r;
}

async function reverse(
  ctx: Context,
  req: { redemptionId: string; callerId: string; isAdmin: boolean },
): Promise<Result<{ view: RedemptionView; customer_id: string }>> {
  const redeem = await ctx.stores.ledger.getEntry(req.isAdmin ? null : req.callerId, redeemEntryId(req.redemptionId));
  const redemption = redeem?.redemption;
  if (!redeem || !redemption || (!req.isAdmin && redeem.customer_id !== req.callerId)) {
    return fail('REDEMPTION_NOT_FOUND', `No redemption ${req.redemptionId}`);
  }
  const entryId = reversalEntryId(req.redemptionId);
  const done = await ctx.stores.ledger.getEntry(redeem.customer_id, entryId);
  if (done) return { ok: true, value: { view: view(redemption, 'reversed'), customer_id: redeem.customer_id } };
  const owner = await ctx.stores.customers.getCustomer(redeem.customer_id);
  const deal = await ctx.stores.deals.getDeal(redemption.deal_id);
  if (owner?.paid_deal_ids.includes(redemption.deal_id) || deal?.is_converted) {
    return fail('DEAL_ALREADY_CONVERTED', `Deal ${redemption.deal_id} is paid; its redemption stands`);
  }
  const reversed = await changeWallet(walletDeps(ctx), {
    customerId: redeem.customer_id,
    opId: entryId,
    requestHash: sha256(entryId),
    actor: req.callerId,
    operation: reverseRedemption({
      redeem,
      entryId,
      // A lot expired since the redemption left the wallet: its last entry holds its final state.
      closedLot: async (lotId) =>
        (await ctx.stores.ledger.lastEntryForLot(redeem.customer_id, lotId))?.lot_changes.find((l) => l.lot_id === lotId) ?? null,
    }),
    replay: () => ({ ok: true, value: redemption }),
  });
  return reversed.ok ? { ok: true, value: { view: view(reversed.value, 'reversed'), customer_id: redeem.customer_id } } : reversed;
}
