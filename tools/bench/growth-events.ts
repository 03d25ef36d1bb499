import { subscriptionRow, type EventRow } from '#shared/notifications/referral-events-table.js';

/**
 * `days` days of referral events ending on `last`, `perDay` a day: clicks, and for every fourth
 * click an apply, every second apply a conversion and its credit, as the subscription writes them.
 */
export function eventRowsFor(days: number, perDay: number, last: Date): EventRow[] {
  const rows: EventRow[] = [];
  const row = (type: string, id: string, at: Date, data: Record<string, unknown>) =>
    subscriptionRow(
      {
        data: { event_id: `${type}:${id}`, type, occurred_at: at.toISOString(), ...data },
        attributes: { type, event_id: `${type}:${id}` },
        messageId: id,
        publishTime: at.toISOString(),
      },
      'projects/bench/subscriptions/referral-events-to-bigquery',
    );
  for (let d = 0; d < days; d += 1) {
    const day = new Date(last.getTime() - d * 86_400_000);
    for (let i = 0; i < perDay; i += 1) {
      const at = new Date(day.getTime() + i * 60_000);
      const referrer = `r${(d * 7 + i) % 50}`;
      const who = { referrer_id: referrer, referral_code: `C${referrer}`, customer_id: referrer };
      const click = `clk_${d}_${i}`;
      rows.push(row('share.clicked', `${d}-${i}`, at, { ...who, click_id: click }));
      if (i % 4 === 0) rows.push(row('referral.applied', `u${d}-${i}`, at, { ...who, usage_id: `u${d}-${i}`, click_id: click }));
      if (i % 8 === 0) {
        rows.push(row('referral.converted', `u${d}-${i}`, at, { ...who, usage_id: `u${d}-${i}`, points: 2000 }));
        rows.push(row('points.credited', `u${d}-${i}`, at, { ...who, usage_id: `u${d}-${i}`, points: 2000 }));
      }
    }
  }
  return rows;
}
