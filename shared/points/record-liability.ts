import type { Context } from '../core/context.js';
import { pointsLiability } from './points-views.js';
import type { LiabilityDay } from './liability-history.js';

const day = 86_400_000;
const ymd = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Job `recordLiability` (daily): stores today's liability report once, `_id` = the UTC day. A second
 * run the same day keeps the first figure, so a retry or an admin's run now changes nothing.
 */
export async function recordLiability(ctx: Context): Promise<{ day: string; recorded: boolean; outstanding_points: number }> {
  const r = await pointsLiability(ctx);
  const figure: LiabilityDay = {
    day: ymd(new Date(r.as_of)),
    as_of: r.as_of,
    outstanding_points: r.outstanding_points,
    outstanding_value: r.outstanding_value,
    expiring_within_30_days_points: r.expiring_within_30_days.points,
    expired_awaiting_sweep_points: r.expired_awaiting_sweep_points,
    customers_with_balance: r.customers_with_balance,
  };
  const outcome = await ctx.stores.liabilityHistory.insertDay(figure);
  return { day: figure.day, recorded: outcome === 'inserted', outstanding_points: figure.outstanding_points };
}

/**
 * `GET /v1/admin/reports/points-liability`: today's figure, and with `days` the stored figures of
 * the last `days` UTC days up to today (oldest first; a day the job did not run is missing).
 */
export async function liabilityReport(ctx: Context, days: number | undefined) {
  const today = await pointsLiability(ctx);
  if (days === undefined) return today;
  const to = new Date(today.as_of);
  const series = await ctx.stores.liabilityHistory.listDays(ymd(new Date(to.getTime() - (days - 1) * day)), ymd(to));
  return { ...today, days, series };
}
