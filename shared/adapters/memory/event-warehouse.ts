import type { EventWarehouse } from '../../growth/event-warehouse.js';
import {
  bucketOf,
  funnelEvents,
  funnelReport,
  topReferrerCount,
  zeroCounts,
  type FunnelAggregates,
  type FunnelCounts,
  type FunnelQuery,
  type FunnelReport,
} from '../../growth/funnel.js';
import type { EventRow } from '../../notifications/referral-events-table.js';

/** Adds one event to counts; `referrers` collects who was active (clicked or applied). */
function count(c: FunnelCounts, r: EventRow, referrers: Set<string>): void {
  const points = typeof r.points === 'number' ? r.points : 0;
  if (r.type === 'share.clicked') c.clicks += 1;
  if (r.type === 'referral.applied') {
    c.applied += 1;
    if (r.click_id !== null && r.click_id !== undefined) c.applied_from_clicks += 1;
  }
  if (r.type === 'referral.converted') c.converted += 1;
  if (r.type === 'referral.reversed') c.reversed += 1;
  if (r.type === 'points.credited') c.points_credited += points;
  if (r.type === 'points.redeemed') c.points_redeemed += points;
  if ((r.type === 'share.clicked' || r.type === 'referral.applied') && typeof r.referrer_id === 'string') referrers.add(r.referrer_id);
  c.active_referrers = referrers.size;
}

/** The rows in memory, aggregated as the BigQuery query aggregates them (the contract suite holds them to it). */
export class MemoryEventWarehouse implements EventWarehouse {
  readonly #rows: EventRow[] = [];

  async record(rows: readonly EventRow[]): Promise<void> {
    this.#rows.push(...rows.map((r) => ({ ...r })));
  }

  async funnel(q: FunnelQuery): Promise<FunnelReport> {
    const events = funnelEvents(this.#rows, q);
    const buckets = new Map<string, FunnelCounts>();
    const active = new Map<string, Set<string>>();
    const total = zeroCounts();
    const allActive = new Set<string>();
    const referrers = new Map<string, FunnelAggregates['top'][number]>();
    for (const r of events) {
      const start = bucketOf(new Date(String(r.occurred_at)).toISOString(), q.bucket);
      if (!buckets.has(start)) {
        buckets.set(start, zeroCounts());
        active.set(start, new Set());
      }
      count(buckets.get(start)!, r, active.get(start)!);
      count(total, r, allActive);
      if (typeof r.referrer_id !== 'string') continue;
      const t = referrers.get(r.referrer_id) ?? {
        referrer_id: r.referrer_id,
        referral_code: null,
        clicks: 0,
        applied: 0,
        converted: 0,
        points_credited: 0,
      };
      // The greatest code seen, as the query's MAX(referral_code): one referrer has one code.
      if (typeof r.referral_code === 'string' && (t.referral_code === null || r.referral_code > t.referral_code))
        t.referral_code = r.referral_code;
      const c = zeroCounts();
      count(c, r, new Set());
      t.clicks += c.clicks;
      t.applied += c.applied;
      t.converted += c.converted;
      t.points_credited += c.points_credited;
      referrers.set(r.referrer_id, t);
    }
    const top = [...referrers.values()]
      .sort(
        (a, b) =>
          b.converted - a.converted ||
          b.applied - a.applied ||
          b.clicks - a.clicks ||
          (a.referrer_id < b.referrer_id ? -1 : a.referrer_id > b.referrer_id ? 1 : 0),
      )
      .slice(0, topReferrerCount);
    return funnelReport(q, { buckets, total, top }, 'memory');
  }
}
