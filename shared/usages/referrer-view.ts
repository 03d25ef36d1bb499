import type { Result } from '../core/result.js';
import type { Context } from '../core/context.js';
import type { Customer } from '../customers/customer.js';
import { usagePage } from './page-cursor.js';
import type { Usage } from './usage.js';

/** How a credit status reads to the referrer: a held credit is "under review", never which signal held it. */
const creditLabels: Record<Usage['credit_status'], string> = {
  none: 'not yet earned',
  credited: 'credited',
  withheld: 'withheld',
  pending: 'pending',
  cancelled: 'cancelled',
  review: 'under review',
  rejected: 'rejected',
};

/** One of the referrer's referrals, as the referrer may see it: never the referee's e-mail, phone or id. */
export interface ReferralView {
  usage_id: string;
  referee_name: string | null;
  state: Usage['state'];
  credit_status: Usage['credit_status'];
  credit_status_label: string;
  /** For a `pending` credit (a hold): when it is released. */
  available_at?: string;
  points: number;
  applied_at: string;
  converted_at: string | null;
}

/** A name shown to someone else: the first name and the initial of the last ("Sam Noor" → "Sam N."). */
export function maskName(name: string | null | undefined): string | null {
  const parts = name?.trim().split(/\s+/).filter(Boolean) ?? [];
  const [first, ...rest] = parts;
  if (first === undefined) return null;
  const initial = rest.at(-1)?.[0];
  return initial === undefined ? first : `${first} ${initial.toUpperCase()}.`;
}

/**
 * The caller's referrals as referrer (`GET /v1/referrals`, docs/rules.md §7), newest first, a
 * page at a time: one indexed range of the usages and one read by key per referee on the page,
 * whatever the history.
 */
export async function listReferrals(
  ctx: Context,
  referrerId: string,
  limit: number,
  cursor: string | null,
): Promise<Result<{ referrals: ReferralView[]; next_cursor: string | null }>> {
  const read = await usagePage(
    cursor,
    limit,
    (before, n) => ctx.stores.usages.pageUsagesByReferrer(referrerId, before && { applied_at: before.at, usage_id: before.usage_id }, n),
    (u) => [u.applied_at, u.usage_id],
  );
  if (!read.ok) return read;
  const page = read.value.items;
  const referees = new Map<string, Customer | null>();
  await Promise.all(
    [...new Set(page.map((u) => u.referee_id))].map(async (id) => referees.set(id, await ctx.stores.customers.getCustomer(id))),
  );
  const referrals = page.map((u) => ({
    usage_id: u.usage_id,
    referee_name: maskName(referees.get(u.referee_id)?.name),
    state: u.state,
    credit_status: u.credit_status,
    credit_status_label: creditLabels[u.credit_status],
    ...(u.credit_status === 'pending' && u.credit_available_at ? { available_at: u.credit_available_at } : {}),
    points: u.reward_points,
    applied_at: u.applied_at,
    converted_at: u.converted_at,
  }));
  return { ok: true, value: { referrals, next_cursor: read.value.next_cursor } };
}
