import type { Context } from '../core/context.js';
import type { Usage } from '../usages/usage.js';

/** A violation of invariant 4 found here, of the shape of `Violation` (check-invariants.ts, which calls this). */
export interface HeldCreditViolation {
  invariant: 4;
  subject: string;
  message: string;
  repair: null;
}

/** Credit statuses whose usage has no `CREDIT` entry and no lot (docs/rules.md §3, invariant 4). */
const heldStatuses: ReadonlySet<Usage['credit_status']> = new Set(['withheld', 'pending', 'review', 'rejected']);

/**
 * Invariant 4 for credits that are held (pending in a hold, withheld, under review) or rejected: such a usage has no
 * `CREDIT` entry. One bulk lookup for the batch; a held credit without an entry is no violation.
 */
export async function checkHeldCredits(ctx: Context, usages: readonly Usage[]): Promise<HeldCreditViolation[]> {
  const held = usages.filter((u) => u.state === 'converted' && heldStatuses.has(u.credit_status));
  if (held.length === 0) return [];
  const entries = await ctx.stores.ledger.existingEntryIds(
    held.map((u) => ({ customer_id: u.referrer_id, entry_id: `CREDIT:${u.usage_id}` })),
  );
  return held
    .filter((u) => entries.has(`${u.referrer_id}\u0000CREDIT:${u.usage_id}`))
    .map((u) => ({
      invariant: 4,
      subject: u.usage_id,
      message: `usage whose credit is ${u.credit_status} has a CREDIT entry`,
      repair: null,
    }));
}
