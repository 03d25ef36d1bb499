import type { Collection, Document } from 'mongodb';
import type { PointsTotals } from '../../points/wallet-store.js';
import type { Doc } from './wallet-documents.js';

/**
 * Outstanding points over every open lot, computed by the server: one aggregation where it has
 * `$cond` and several accumulators per `$group`, otherwise four.
 */
export function lotTotals(points: Collection<Doc>, conditionalGroups: boolean, now: Date, horizon: Date): Promise<PointsTotals> {
  return conditionalGroups ? totalsAtOnce(points, now, horizon) : totalsOneByOne(points, now, horizon);
}

/** One aggregation: every open lot split into spendable, expiring and unswept, per customer, then in total. */
async function totalsAtOnce(points: Collection<Doc>, now: Date, horizon: Date): Promise<PointsTotals> {
  const at = now.toISOString();
  const spendable = { $gt: ['$expires_at', at] };
  const [row] = await points
    .aggregate<PointsTotals>([
      { $match: { open: true } },
      {
        $group: {
          _id: '$customer_id',
          spendable: { $sum: { $cond: [spendable, '$remaining', 0] } },
          expiring: { $sum: { $cond: [{ $and: [spendable, { $lte: ['$expires_at', horizon.toISOString()] }] }, '$remaining', 0] } },
          unswept: { $sum: { $cond: [spendable, 0, '$remaining'] } },
        },
      },
      {
        $group: {
          _id: null,
          outstanding: { $sum: '$spendable' },
          expiring: { $sum: '$expiring' },
          awaiting_sweep: { $sum: '$unswept' },
          customers_with_balance: { $sum: { $cond: [{ $gt: ['$spendable', 0] }, 1, 0] } },
        },
      },
    ])
    .toArray();
  return {
    outstanding: row?.outstanding ?? 0,
    expiring: row?.expiring ?? 0,
    awaiting_sweep: row?.awaiting_sweep ?? 0,
    customers_with_balance: row?.customers_with_balance ?? 0,
  };
}

/** Four aggregations with one accumulator each, for servers without $cond. */
async function totalsOneByOne(points: Collection<Doc>, now: Date, horizon: Date): Promise<PointsTotals> {
  const at = now.toISOString();
  const sum = async (expires: Document, count: 'points' | 'customers'): Promise<number> => {
    const stages: Document[] = [{ $match: { open: true, expires_at: expires } }];
    if (count === 'customers') stages.push({ $group: { _id: '$customer_id', n: { $sum: 1 } } }, { $group: { _id: null, n: { $sum: 1 } } });
    else stages.push({ $group: { _id: null, n: { $sum: '$remaining' } } });
    const [row] = await points.aggregate<{ n: number }>(stages).toArray();
    return row?.n ?? 0;
  };
  const [outstanding, expiring, awaitingSweep, customers] = await Promise.all([
    sum({ $gt: at }, 'points'),
    sum({ $gt: at, $lte: horizon.toISOString() }, 'points'),
    sum({ $lte: at }, 'points'),
    sum({ $gt: at }, 'customers'),
  ]);
  return { outstanding, expiring, awaiting_sweep: awaitingSweep, customers_with_balance: customers };
}
