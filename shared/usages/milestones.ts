import { createHash } from 'node:crypto';
import type { Context } from '../core/context.js';
import { changeWallet, walletDeps } from '../points/wallet-engine.js';
import { creditLot } from '../points/wallet-operations.js';

/** The ledger entry (and once-only key) of a referrer's bonus for reaching `n` successful referrals. */
export function milestoneEntryId(n: number): string {
  return `CREDIT:milestone:${n}`;
}

/**
 * Pays the milestone bonuses of the terms in force that the referrer's converted, credited
 * usages have reached (§6): each at most once per referrer, because its ledger entry id is its
 * once-only key, so redeliveries, racing conversions and retries after a crash pay it once. The
 * count is read after the credit that may reach a milestone, so of racing credits the last to
 * count sees them all. A milestone added to the terms later is paid at the referrer's next credit
 * if they are past it already; a refund later does not take a bonus back. No milestones in
 * force: nothing is read. Returns the milestones this call paid.
 */
export async function payMilestones(ctx: Context, referrerId: string): Promise<number[]> {
  const terms = await ctx.terms.inForce(ctx.clock);
  if (terms.milestones.length === 0) return [];
  const count = await ctx.stores.usages.countCreditedByReferrer(referrerId);
  const reached = terms.milestones.filter((m) => m.successful_referrals <= count);
  if (reached.length === 0) return [];
  // One lookup for the bonuses paid already, so a referrer past many milestones costs no more per credit.
  const paid = await ctx.stores.ledger.existingEntryIds(
    reached.map((m) => ({ customer_id: referrerId, entry_id: milestoneEntryId(m.successful_referrals) })),
  );
  const due = reached.filter((m) => !paid.has(`${referrerId}\u0000${milestoneEntryId(m.successful_referrals)}`));
  for (const m of due) {
    const n = m.successful_referrals;
    const entryId = milestoneEntryId(n);
    const result = await changeWallet(walletDeps(ctx), {
      customerId: referrerId,
      opId: entryId,
      requestHash: createHash('sha256').update(entryId).digest('hex'),
      actor: `milestone:${n}`,
      operation: creditLot({
        lotId: `lot:milestone:${n}`,
        entryId,
        points: m.bonus_points,
        validityMonths: terms.points_validity_months,
        source: { type: 'milestone', entry_id: entryId },
        cause: { type: 'milestone', milestone: n, reason: `milestone:${n}` },
        type: 'CREDIT',
        events: [
          {
            topic: 'referral-notifications',
            type: 'referral.milestone_reached',
            id: `referral.milestone_reached:${referrerId}:${n}`,
            customer_id: referrerId,
            data: { successful_referrals: n, bonus_points: m.bonus_points, terms_id: terms.terms_id },
          },
        ],
      }),
      replay: () => ({ ok: true, value: null }),
    });
    if (!result.ok) throw new Error(`Paying milestone ${n} to ${referrerId} failed: ${result.code}`);
  }
  return due.map((m) => m.successful_referrals);
}
