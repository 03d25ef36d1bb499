import { createHash } from 'node:crypto';
import { fail, type Result } from '../core/result.js';
import type { LedgerEntry } from '../ledger/ledger-entry.js';
import type { Context } from '../core/context.js';
import { changeWallet, walletDeps } from './wallet-engine.js';
import { creditLot, spendPoints, type WalletOperation } from './wallet-operations.js';

/** An admin's manual movement of a customer's points. */
export interface AdjustRequest {
  customerId: string;
  /** Signed, never zero. */
  points: number;
  reason: string;
  idempotencyKey: string;
  actor: string;
}

/**
 * Adds or removes points through the same ledger (`ADJUST`). Added points form a new lot with the
 * usual validity; removed points come from the earliest-expiring lots and never go below zero.
 */
export async function adjustPoints(ctx: Context, req: AdjustRequest): Promise<Result<LedgerEntry>> {
  if (!(await ctx.stores.customers.getCustomer(req.customerId))) {
    return fail('CUSTOMER_NOT_FOUND', `No customer ${req.customerId}`);
  }
  const entryId = `ADJUST:${req.customerId}:${req.idempotencyKey}`;
  const requestHash = createHash('sha256')
    .update(JSON.stringify({ points: req.points, reason: req.reason }))
    .digest('hex');
  const cause = { type: 'admin' as const, reason: req.reason };
  // Added points take the validity of the programme terms in force.
  const validityMonths = req.points > 0 ? (await ctx.terms.inForce(ctx.clock)).points_validity_months : 0;
  const operation: WalletOperation<unknown> =
    req.points > 0
      ? creditLot({
          lotId: `lot:${entryId}`,
          entryId,
          points: req.points,
          validityMonths,
          source: { type: 'adjustment', entry_id: entryId },
          cause,
          type: 'ADJUST',
          events: [],
        })
      : spendPoints({ entryId, points: -req.points, type: 'ADJUST', cause });
  const done = await changeWallet(walletDeps(ctx), {
    customerId: req.customerId,
    opId: entryId,
    requestHash,
    actor: req.actor,
    operation,
    replay: () => ({ ok: true, value: null }),
  });
  if (!done.ok) return done;
  const entry = await ctx.stores.ledger.getEntry(req.customerId, entryId);
  if (!entry) throw new Error(`Adjustment ${entryId} was applied but its ledger entry is missing`);
  return { ok: true, value: entry };
}
