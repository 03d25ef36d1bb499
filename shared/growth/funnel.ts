import type { EventRow } from '../notifications/referral-events-table.js';

/** A funnel request: UTC days `from` to `to`, both included, in buckets of a day or an ISO week. */
export interface FunnelQuery {
  from: string;
  to: string;
  bucket: 'day' | 'week';
}

/** Counts of one bucket, of the whole period, or of one referrer, as a warehouse aggregates them. */
export interface FunnelCounts {
  clicks: number;
  applied: number;
  /** Applies that named a click (`click_id`): the numerator of click_to_apply. */
  applied_from_clicks: number;
  converted: number;
  reversed: number;
  points_credited: number;
  points_redeemed: number;
  active_referrers: number;
}

/** What a warehouse answers: counts per bucket start, of the period, and the top referrers. */
export interface FunnelAggregates {
  buckets: Map<string, FunnelCounts>;
  total: FunnelCounts;
  top: Array<{
    referrer_id: string;
    referral_code: string | null;
    clicks: number;
    applied: number;
    converted: number;
    points_credited: number;
  }>;
}

/** The event types a funnel reads. */
export const funnelEventTypes = [
  'share.clicked',
  'referral.applied',
  'referral.converted',
  'referral.reversed',
  'points.credited',
  'points.redeemed',
] as const;

/** How many referrers the report ranks. */
export const topReferrerCount = 10;

const day = 86_400_000;
const dateOf = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00.000Z`);
const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** The Monday of the ISO week of a day. */
export function weekStart(iso: string): string {
  const d = dateOf(iso);
  return ymd(new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * day));
}

/** The bucket an instant falls in. */
export function bucketOf(instant: string, bucket: FunnelQuery['bucket']): string {
  return bucket === 'week' ? weekStart(instant) : instant.slice(0, 10);
}

/** The half-open instant range of a query: `[from 00:00, to + 1 day 00:00)`. */
export function instantRange(q: FunnelQuery): { from: string; until: string } {
  return { from: dateOf(q.from).toISOString(), until: new Date(dateOf(q.to).getTime() + day).toISOString() };
}

/** Every bucket start of a query, in order (a week bucket may start before `from`). */
export function bucketStarts(q: FunnelQuery): string[] {
  const starts: string[] = [];
  const step = q.bucket === 'week' ? 7 * day : day;
  for (let t = dateOf(bucketOf(q.from, q.bucket)).getTime(); t <= dateOf(q.to).getTime(); t += step) starts.push(ymd(new Date(t)));
  return starts;
}

/** No events. */
export const zeroCounts = (): FunnelCounts => ({
  clicks: 0,
  applied: 0,
  applied_from_clicks: 0,
  converted: 0,
  reversed: 0,
  points_credited: 0,
  points_redeemed: 0,
  active_referrers: 0,
});

const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);
const withRates = (c: FunnelCounts) => ({
  ...c,
  click_to_apply: rate(c.applied_from_clicks, c.clicks),
  apply_to_conversion: rate(c.converted, c.applied),
});

/**
 * `GET /v1/admin/reports/funnel` from a warehouse's aggregates: every bucket of the span (empty ones
 * with zeros, so a chart has no gaps), the period's totals, and the top referrers. The rates are
 * computed here, from the counts, so every warehouse answers them alike: click_to_apply = applies
 * that named a click ÷ clicks, apply_to_conversion = conversions ÷ applies (both of the bucket,
 * null when the divisor is 0).
 */
export function funnelReport(q: FunnelQuery, a: FunnelAggregates, source: 'bigquery' | 'memory') {
  return {
    from: q.from,
    to: q.to,
    bucket: q.bucket,
    source,
    buckets: bucketStarts(q).map((start) => ({ start, ...withRates(a.buckets.get(start) ?? zeroCounts()) })),
    totals: withRates(a.total),
    top_referrers: a.top,
  };
}

/** A funnel report. */
export type FunnelReport = ReturnType<typeof funnelReport>;

/** The events of a query's span a funnel reads, each once (a redelivered message repeats its event_id). */
export function funnelEvents(rows: Iterable<EventRow>, q: FunnelQuery): EventRow[] {
  const { from, until } = instantRange(q);
  const types: readonly string[] = funnelEventTypes;
  const byId = new Map<string, EventRow>();
  for (const r of rows) {
    const at = new Date(String(r.occurred_at)).toISOString();
    if (at < from || at >= until || !types.includes(String(r.type))) continue;
    if (!byId.has(String(r.event_id))) byId.set(String(r.event_id), r);
  }
  return [...byId.values()];
}
