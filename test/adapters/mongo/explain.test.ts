import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Document } from 'mongodb';
import { mongoStores } from '#shared/adapters/mongo/mongo-stores.js';
import { lotDocumentOf, lotKey } from '#shared/adapters/mongo/wallet-documents.js';
import { entryKey } from '#shared/ledger/ledger-store.js';
import { analyze } from '../../../tools/documentdb/server.js';
import { connectTestDb, type TestDb } from '../../support/mongo.js';

/**
 * Every query shape the request path and the sweeps send, as the Mongo adapters write it, planned
 * by DocumentDB over seeded collections with fresh statistics: none may be a collection scan.
 * (On FerretDB v1 every one of them is: tools/ferretdb/CAPABILITIES.md.)
 */
const customers = 400;
const perCustomer = 10;
const at = (i: number): string => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();

let t: TestDb;

beforeAll(async () => {
  t = await connectTestDb('explain');
  await mongoStores(t.db);
  const usages: Document[] = [];
  const entries: Document[] = [];
  const wallets: Document[] = [];
  const conversions: Document[] = [];
  const heads: Document[] = [];
  for (let c = 0; c < customers; c += 1) {
    const id = `cust-${c}`;
    heads.push({ _id: id, customer_id: id, version: 1, referral_code: { referral_code: `CODE-${c}` } });
    wallets.push({ _id: id, customer_id: id, seq: perCustomer, balance: 0, tombstones: [] });
    for (let k = 0; k < perCustomer; k += 1) {
      const n = c * perCustomer + k;
      usages.push({
        _id: `usage-${n}`,
        referrer_id: id,
        referee_id: `referee-${n}`,
        deal_id: `deal-${n}`,
        live_deal_key: `deal-${n}`,
        live_referee_key: `referee-${n}`,
        state: k % 3 === 0 ? 'applied' : 'converted',
        credit_status: k % 2 === 0 ? 'credited' : 'pending',
        credit_available_at: at(n),
        hold_due_at: k === 0 ? at(n) : null,
        applied_at: at(n),
        review: { status: k === 1 ? 'open' : 'none', opened_at: at(n) },
        discount: { amount: 2000 },
        reward_points: 2000,
      });
      entries.push({
        _id: entryKey(id, k + 1),
        customer_id: id,
        seq: k + 1,
        entry_id: `entry-${n}`,
        points: 100,
        lot_changes: [{ lot_id: `lot-${n}` }],
        written_at: n,
      });
      conversions.push({ _id: `conv-${n}`, referrer_id: id, at: at(n) });
      // One lot per entry: a few spent out, a few closed, the rest open, expiring over the seeded span.
      const status = k === 9 ? 'expired' : 'active';
      const remaining = status === 'expired' || k === 8 ? 0 : 100;
      wallets.push(
        lotDocumentOf({
          customer_id: id,
          seq: k + 1,
          lot: {
            lot_id: `lot-${n}`,
            points: 100,
            remaining,
            expired_points: status === 'expired' ? 100 : 0,
            credited_at: at(n - 100),
            expires_at: at(n),
            status,
            source: { type: 'referral', entry_id: `entry-${n}` },
          },
          remind_at: k % 2 === 0 ? at(n - 7) : null,
        }),
      );
    }
  }
  await t.db.collection('customers').insertMany(heads);
  await t.db
    .collection('referral_codes')
    .insertMany(heads.map((h) => ({ _id: `CODE-${String(h['customer_id']).slice(5)}`, customer_id: h['customer_id'] })) as never[]);
  await t.db.collection('referral_points').insertMany(wallets);
  await t.db.collection('referral_usages').insertMany(usages);
  await t.db.collection('points_ledger').insertMany(entries);
  await t.db.collection('referral_conversions').insertMany(conversions);
  await t.db
    .collection('referral_usages_versions')
    .insertMany(usages.map((u) => ({ ...u, _id: `${String(u['_id'])}#000000000002` })) as never[]);
  await t.db
    .collection('code_attempts')
    .insertMany(
      heads.map((h, i) => ({ key: `ip:${i}`, window_start: new Date(Date.UTC(2026, 0, 1)), expires_at: new Date(Date.UTC(2026, 0, 2)) })),
    );
  await t.db.collection('payment_methods').insertMany(heads.map((h) => ({ _id: `${String(h['_id'])}:fp` })) as never[]);
  const postgres = inject('documentdbPostgres');
  // Statistics as PostgreSQL keeps them after a bulk load, not none (on MONGODB_URI: the server's own).
  if (postgres) analyze(postgres);
}, 120_000);
afterAll(() => t.drop());

/** Every value of `field` anywhere in an explain answer. */
function values(plan: unknown, field: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(plan)) for (const p of plan) values(p, field, out);
  else if (plan && typeof plan === 'object') {
    for (const [k, v] of Object.entries(plan)) {
      if (k === field) out.push(v);
      else values(v, field, out);
    }
  }
  return out;
}

/**
 * The most documents or index keys any stage examined. A scan of the whole collection examines
 * every document (at least 400 in each seeded collection), and DocumentDB names it `COLLSCAN` only
 * when it plans a sequential scan: a walk of the whole `_id_` index under a filter shows as
 * `IXSCAN` of `_id_`. So the plan must name no `COLLSCAN` and examine no more than a page, or
 * than the documents the filter's fields select (DocumentDB 0.108 sorts a page of them in memory
 * rather than reading them in index order, and checks a next page's cursor on each).
 */
function examined(plan: unknown): number {
  const counts = [...values(plan, 'totalDocsExamined'), ...values(plan, 'totalKeysExamined')].filter((v) => typeof v === 'number');
  return Math.max(0, ...counts);
}

/** A page, the largest any of these queries reads (limits of 20 to 200 over rows spread across the collection). */
const pageLimit = 100;

const c = 'cust-123';
const since = at(1230);
const find = (collection: string, filter: Document, sort?: Document, limit?: number): Document => ({
  find: collection,
  filter,
  ...(sort ? { sort } : {}),
  ...(limit ? { limit } : {}),
});
const count = (collection: string, query: Document, limit?: number): Document => ({
  count: collection,
  query,
  ...(limit ? { limit } : {}),
});

const shapes: Array<[string, Document]> = [
  ['usage by _id', find('referral_usages', { _id: 'usage-1234' })],
  ['usage by live deal key', find('referral_usages', { live_deal_key: 'deal-1234' })],
  ['usage by live referee key', find('referral_usages', { live_referee_key: 'referee-1234' })],
  [
    'usage holders of an insert ($or of _id and the live keys)',
    find('referral_usages', { $or: [{ _id: 'usage-x' }, { live_referee_key: 'referee-1234' }, { live_deal_key: 'deal-1234' }] }),
  ],
  ['usages by deal', find('referral_usages', { deal_id: 'deal-1234' }, { applied_at: -1, _id: -1 })],
  ['usages by referee', find('referral_usages', { referee_id: 'referee-1234' }, { applied_at: -1, _id: -1 }, 20)],
  ["the referrer's list, first page", find('referral_usages', { referrer_id: c }, { applied_at: -1, _id: -1 }, 20)],
  [
    "the referrer's list, next page",
    find(
      'referral_usages',
      { referrer_id: c, $or: [{ applied_at: { $lt: at(1235) } }, { applied_at: at(1235), _id: { $lt: 'usage-1235' } }] },
      { applied_at: -1, _id: -1 },
      20,
    ),
  ],
  ["the referrer's live count", count('referral_usages', { referrer_id: c, state: { $in: ['applied', 'converted'] } })],
  ["the referrer's credited count", count('referral_usages', { referrer_id: c, state: 'converted', credit_status: 'credited' })],
  [
    "the referrer's pending credits",
    find('referral_usages', { referrer_id: c, state: 'converted', credit_status: 'pending' }, { credit_available_at: 1, _id: 1 }, 50),
  ],
  [
    "the referrer's figures (one aggregation)",
    { aggregate: 'referral_usages', pipeline: [{ $match: { referrer_id: c } }, { $group: { _id: null, n: { $sum: 1 } } }], cursor: {} },
  ],
  [
    'the review queue, first page',
    find('referral_usages', { 'review.status': 'open', state: 'converted' }, { 'review.opened_at': 1, _id: 1 }, 50),
  ],
  [
    'the review queue, next page',
    find(
      'referral_usages',
      {
        'review.status': 'open',
        state: 'converted',
        $or: [{ 'review.opened_at': { $gt: at(500) } }, { 'review.opened_at': at(500), _id: { $gt: 'usage-500' } }],
      },
      { 'review.opened_at': 1, _id: 1 },
      50,
    ),
  ],
  ['the hold sweep due range', find('referral_usages', { hold_due_at: { $ne: null, $lte: at(100) } }, { hold_due_at: 1, _id: 1 }, 200)],
  ['usage version by _id', find('referral_usages_versions', { _id: 'usage-1234#000000000002' })],
  ['ledger entry by key (customer, seq)', find('points_ledger', { _id: entryKey(c, 3) })],
  ['ledger keys in bulk', find('points_ledger', { _id: { $in: [entryKey(c, 3), entryKey('cust-7', 11)] } })],
  ['ledger entry by (customer, entry id)', find('points_ledger', { customer_id: c, entry_id: 'entry-1234' })],
  [
    'ledger entries by (customer, entry id) in bulk',
    find('points_ledger', { customer_id: { $in: [c, 'cust-7'] }, entry_id: { $in: ['entry-1234', 'entry-71'] } }),
  ],
  ["a customer's ledger, newest first", find('points_ledger', { customer_id: c, seq: { $lt: 8 } }, { seq: -1 }, 20)],
  ["a lot's last entry", find('points_ledger', { customer_id: c, 'lot_changes.lot_id': 'lot-1234' }, { seq: -1 }, 1)],
  [
    "the customers' ledger totals",
    {
      aggregate: 'points_ledger',
      pipeline: [{ $match: { customer_id: { $in: [c, 'cust-7'] } } }, { $group: { _id: '$customer_id', points: { $sum: '$points' } } }],
      cursor: {},
    },
  ],
  ['ledger written since (reconcile, incremental)', find('points_ledger', { written_at: { $gte: 3990 } }, { _id: 1 }, 100)],
  ['wallet head by _id', find('referral_points', { _id: c })],
  ['wallet heads in bulk', find('referral_points', { _id: { $in: [c, 'cust-7'] } })],
  ["a wallet's lots by id", find('referral_points', { _id: { $in: [lotKey(c, 'lot-1234'), lotKey(c, 'lot-1235')] } })],
  [
    'a spend: the open lots in spend order, first page',
    find('referral_points', { customer_id: c, status: 'active', open: true }, { order: 1 }, 8),
  ],
  [
    'a spend: the open lots in spend order, next page',
    find(
      'referral_points',
      { customer_id: c, status: 'active', open: true, order: { $gt: `${at(1232)}\u0000lot-1232` } },
      { order: 1 },
      32,
    ),
  ],
  ["a wallet's active lots (what the customer sees)", find('referral_points', { customer_id: c, status: 'active' }, { order: 1 })],
  [
    "a wallet's due lots (its expiry alone)",
    find('referral_points', { customer_id: c, status: 'active', order: { $lt: `${at(1234)}\u0001` } }, { order: 1 }),
  ],
  [
    'the expiry sweep due range',
    find('referral_points', { status: 'active', expires_at: { $lte: at(500) } }, { status: 1, expires_at: 1, _id: 1 }, 1000),
  ],
  ['the reminder sweep due range', find('referral_points', { open: true, remind_at: { $lte: at(500) } }, { open: 1, remind_at: 1 }, 1000)],
  ["reconcile: a batch's active lots", find('referral_points', { customer_id: { $in: [c, 'cust-7'] }, status: 'active' })],
  [
    'reconcile: the heads after a cursor',
    find('referral_points', { status: null, expires_at: null, _id: { $gt: 'cust-200' } }, { status: 1, expires_at: 1, _id: 1 }, 100),
  ],
  [
    'the liability report: the open lots',
    {
      aggregate: 'referral_points',
      pipeline: [{ $match: { open: true } }, { $group: { _id: '$customer_id', n: { $sum: '$remaining' } } }],
      cursor: {},
    },
  ],
  ['the velocity range', count('referral_conversions', { referrer_id: c, at: { $gt: since, $lte: at(1238) } }, 5)],
  ['customer by _id', find('customers', { _id: c })],
  ['customer by referral code', find('customers', { 'referral_code.referral_code': 'CODE-123' })],
  ['referral code by _id', find('referral_codes', { _id: 'CODE-123' })],
  ["a customer's referral code", find('referral_codes', { customer_id: c })],
  ['code attempts in a window', count('code_attempts', { key: 'ip:1', window_start: new Date('2026-01-01T00:00:00Z') })],
  ['payment method seen', count('payment_methods', { _id: 'cust-123:fp' }, 1)],
];

describe('DocumentDB plans every request-path and sweep query from an index', () => {
  it.each(shapes)('%s', async (_name, command) => {
    const plan = await t.db.command({ explain: command, verbosity: 'executionStats' });
    const stages = values(plan, 'stage');
    expect(stages.length, JSON.stringify(plan)).toBeGreaterThan(0);
    expect(stages, JSON.stringify(plan)).not.toContain('COLLSCAN');
    const filter = (command['filter'] ?? command['query'] ?? (command['pipeline'] as Document[] | undefined)?.[0]?.['$match']) as Document;
    // A next page's cursor (`$or` beside other fields) is checked on the rows the rest selects.
    const { $or: cursor, ...rest } = filter;
    const selected = cursor !== undefined && Object.keys(rest).length > 0 ? rest : filter;
    const matching = await t.db.collection(String(command['find'] ?? command['count'] ?? command['aggregate'])).countDocuments(selected);
    expect(examined(plan), JSON.stringify(plan)).toBeLessThanOrEqual(Math.max(pageLimit, matching));
  });

  it('would see a collection scan: a filter on a field no index holds', async () => {
    const plan = await t.db.command({ explain: find('referral_usages', { reward_points: 1 }), verbosity: 'executionStats' });
    expect(examined(plan)).toBeGreaterThanOrEqual(customers * perCustomer);
  });
});
