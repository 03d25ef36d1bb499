import { z } from 'zod';

/** The longest span a funnel or liability series covers, in days. */
export const maxReportDays = 400;

const day = 86_400_000;
/** A UTC day `YYYY-MM-DD` that exists (leap days included). */
const isoDay = z.iso.date({ message: 'must be a real date YYYY-MM-DD' });

/** `GET /v1/admin/reports/funnel` query: UTC days `from` to `to`, both included. */
export const funnelQuerySchema = z
  .object({
    from: isoDay,
    to: isoDay,
    bucket: z.enum(['day', 'week']).default('day'),
  })
  .superRefine((q, ctx) => {
    const span = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / day + 1;
    if (span < 1) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
    else if (span > maxReportDays)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `must be at most ${maxReportDays} days from from, both included` });
  });

/** `GET /v1/admin/reports/points-liability` query: the series of the last `days` days, when given. */
export const liabilityQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(maxReportDays).optional(),
});

const int = z.number().int();
const rate = z.number().min(0).nullable();
const counts = {
  clicks: int,
  applied: int,
  applied_from_clicks: int,
  converted: int,
  reversed: int,
  points_credited: int,
  points_redeemed: int,
  active_referrers: int,
  click_to_apply: rate,
  apply_to_conversion: rate,
};

/** The funnel report. */
export const funnelReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  bucket: z.enum(['day', 'week']),
  source: z.enum(['bigquery', 'memory']),
  buckets: z.array(z.object({ start: z.string(), ...counts })),
  totals: z.object(counts),
  top_referrers: z.array(
    z.object({
      referrer_id: z.string(),
      referral_code: z.string().nullable(),
      clicks: int,
      applied: int,
      converted: int,
      points_credited: int,
    }),
  ),
});

const money = z.object({ amount: int, currency: z.string() });

/** `GET /v1/admin/reports/points-liability`: today's figure; with `days`, also the stored daily series. */
export const liabilityReportSchema = z.object({
  as_of: z.string(),
  outstanding_points: int,
  outstanding_value: money,
  expiring_within_30_days: z.object({ points: int, value: money, before: z.string() }),
  expired_awaiting_sweep_points: int,
  customers_with_balance: int,
  days: int.optional(),
  series: z
    .array(
      z.object({
        day: z.string(),
        as_of: z.string(),
        outstanding_points: int,
        outstanding_value: money,
        expiring_within_30_days_points: int,
        expired_awaiting_sweep_points: int,
        customers_with_balance: int,
      }),
    )
    .optional(),
});
