import { describe, expect, it, vi } from 'vitest';
import type { LedgerCause, LedgerEntry, RedemptionRecord } from '#shared/ledger/ledger-entry.js';
import type { OutboundEvent } from '#shared/notifications/notification.js';
import {
  clawBackLot,
  creditLot,
  expireLots,
  reverseRedemption,
  spendPoints,
  type EntryDraft,
  type WalletChange,
  type WalletOperation,
} from '#shared/points/wallet-operations.js';
import {
  applyEntries,
  applyEntry,
  bookBalance,
  emptyWallet,
  reminderAt,
  spendableBalance,
  type Lot,
  type Wallet,
} from '#shared/points/wallet.js';
import type { Result } from '#shared/core/result.js';

const NOW = new Date('2026-03-15T12:00:00.000Z');
const DAY = 86_400_000;
/** The instant `days` days from NOW (negative: before it). */
const at = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

/** An active referral lot of `points`, all remaining unless `over` says otherwise. */
function lot(id: string, points: number, expiresInDays: number, over: Partial<Lot> = {}): Lot {
  return {
    lot_id: id,
    points,
    remaining: points,
    expired_points: 0,
    credited_at: at(expiresInDays - 180),
    expires_at: at(expiresInDays),
    status: 'active',
    source: { type: 'referral', usage_id: `u-${id}`, entry_id: `CREDIT:u-${id}` },
    ...over,
  };
}

/** A wallet at seq 7 holding `lots`, its book balance theirs. */
function walletOf(lots: Lot[], tombstones: string[] = []): Wallet {
  return { ...emptyWallet('alice'), seq: 7, balance: bookBalance({ lots }), lots, tombstones };
}

async function run<R>(op: WalletOperation<R>, w: Wallet, now = NOW): Promise<Result<WalletChange<R>> | null> {
  return op.run(w, now);
}

/** The change of an operation that must succeed. */
async function change<R>(op: WalletOperation<R>, w: Wallet, now = NOW): Promise<WalletChange<R>> {
  const r = await run(op, w, now);
  if (r === null) throw new Error('expected a change, got null');
  if (!r.ok) throw new Error(`expected a change, got ${r.code}`);
  return r.value;
}

/** `n + 0` turns -0 into 0: a zero take is written as -0 by some operations (see clawBackLot). */
const num = (n: number) => n + 0;

/** What the tables compare: the movement of an entry and the after-state of each lot it touched. */
function movement(e: EntryDraft) {
  return {
    entry_id: e.entry_id,
    type: e.type,
    points: num(e.points),
    lots: e.lots.map((l) => [l.lot_id, num(l.points)]),
    lot_changes: e.lot_changes.map((l) => ({
      lot_id: l.lot_id,
      remaining: l.remaining,
      status: l.status,
      expired_points: l.expired_points,
    })),
  };
}

const byId = (lots: Lot[]) => new Map(lots.map((l) => [l.lot_id, l]));

describe('spendPoints', () => {
  const cause: LedgerCause = { type: 'redemption', redemption_id: 'r-1', deal_id: 'trip-1' };
  const spend = (points: number, extra: Partial<Parameters<typeof spendPoints>[0]> = {}) =>
    spendPoints({ entryId: 'REDEEM:r-1', points, type: 'REDEEM', cause, ...extra });

  // Three lots that expire in another order than their ids and their insertion.
  const three = [lot('c', 500, 90), lot('a', 300, 10), lot('b', 400, 30)];

  it.each<{
    name: string;
    lots: Lot[];
    points: number;
    allocations: Array<[string, number]>;
    remaining: Array<[string, number]>;
    balanceAfter: number;
  }>([
    {
      name: 'earliest expiry first, whole lots',
      lots: three,
      points: 700,
      allocations: [
        ['a', 300],
        ['b', 400],
      ],
      remaining: [
        ['a', 0],
        ['b', 0],
      ],
      balanceAfter: 500,
    },
    {
      name: 'the last lot touched keeps a remainder',
      lots: three,
      points: 900,
      allocations: [
        ['a', 300],
        ['b', 400],
        ['c', 200],
      ],
      remaining: [
        ['a', 0],
        ['b', 0],
        ['c', 300],
      ],
      balanceAfter: 300,
    },
    {
      name: 'a spend inside the first lot touches only it',
      lots: three,
      points: 120,
      allocations: [['a', 120]],
      remaining: [['a', 180]],
      balanceAfter: 1080,
    },
    {
      name: 'exactly the spendable balance empties every lot',
      lots: three,
      points: 1200,
      allocations: [
        ['a', 300],
        ['b', 400],
        ['c', 500],
      ],
      remaining: [
        ['a', 0],
        ['b', 0],
        ['c', 0],
      ],
      balanceAfter: 0,
    },
    {
      name: 'lots past expires_at are never spent, swept or not (and a lot expiring right now counts as past)',
      lots: [lot('old', 1000, -1), lot('now', 50, 0), lot('a', 300, 10), lot('b', 400, 30)],
      points: 500,
      allocations: [
        ['a', 300],
        ['b', 200],
      ],
      remaining: [
        ['a', 0],
        ['b', 200],
      ],
      balanceAfter: 200,
    },
    {
      name: 'an empty lot expiring first is skipped',
      lots: [lot('empty', 100, 1, { remaining: 0 }), lot('a', 300, 10)],
      points: 100,
      allocations: [['a', 100]],
      remaining: [['a', 200]],
      balanceAfter: 200,
    },
    {
      name: 'ties in expiry are taken in lot_id order',
      lots: [lot('lot-b', 100, 10), lot('lot-c', 100, 10), lot('lot-a', 100, 10)],
      points: 150,
      allocations: [
        ['lot-a', 100],
        ['lot-b', 50],
      ],
      remaining: [
        ['lot-a', 0],
        ['lot-b', 50],
      ],
      balanceAfter: 150,
    },
  ])('$name', async ({ lots, points, allocations, remaining, balanceAfter }) => {
    const { entries, result } = await change(spend(points), walletOf(lots));
    const before = byId(lots);
    const allocs = allocations.map(([lot_id, p]) => ({ lot_id, points: p }));
    expect(entries).toEqual([
      {
        entry_id: 'REDEEM:r-1',
        type: 'REDEEM',
        points: -points,
        lots: allocations.map(([lot_id, p]) => ({ lot_id, points: -p })),
        cause,
        lot_changes: remaining.map(([id, rem]) => ({ ...before.get(id)!, remaining: rem })),
        events: [],
        redemption: undefined,
      },
    ]);
    expect(result).toEqual({ allocations: allocs, balance_after: balanceAfter });
  });

  it.each<{ name: string; lots: Lot[]; points: number; balance: number }>([
    { name: 'an empty wallet', lots: [], points: 1, balance: 0 },
    { name: 'one point more than every lot holds', lots: three, points: 1201, balance: 1200 },
    {
      name: 'a request only an expired, unswept lot could cover',
      lots: [lot('old', 1000, -1), lot('a', 300, 10)],
      points: 301,
      balance: 300,
    },
    {
      name: 'a request only a closed lot could cover',
      lots: [lot('gone', 1000, 10, { status: 'clawed_back' }), lot('a', 300, 10)],
      points: 400,
      balance: 300,
    },
  ])('refuses $name with INSUFFICIENT_POINTS {balance, requested}', async ({ lots, points, balance }) => {
    expect(await run(spend(points), walletOf(lots))).toEqual({
      ok: false,
      code: 'INSUFFICIENT_POINTS',
      message: expect.any(String),
      details: { balance, requested: points },
    });
  });

  it.each<{
    name: string;
    redemption: Pick<RedemptionRecord, 'redemption_id' | 'deal_id'> | undefined;
    type: 'REDEEM' | 'ADJUST';
    record: RedemptionRecord | null;
  }>([
    {
      name: 'a redemption keeps its record, with the allocations and the balance after, on its entry',
      redemption: { redemption_id: 'r-1', deal_id: 'trip-1' },
      type: 'REDEEM',
      record: {
        redemption_id: 'r-1',
        deal_id: 'trip-1',
        points: 900,
        balance_after: 300,
        allocations: [
          { lot_id: 'a', points: 300 },
          { lot_id: 'b', points: 400 },
          { lot_id: 'c', points: 200 },
        ],
      },
    },
    { name: 'a spend that is no redemption (a negative adjustment) keeps none', redemption: undefined, type: 'ADJUST', record: null },
  ])('$name', async ({ redemption, type, record }) => {
    const { entries } = await change(spend(900, { type, ...(redemption ? { redemption } : {}) }), walletOf(three));
    expect(entries).toHaveLength(1);
    expect(entries[0]!.type).toBe(type);
    if (record) expect(entries[0]!.redemption).toEqual(record);
    else expect(entries[0]).not.toHaveProperty('redemption');
  });
});

const record = (allocations: Array<[string, number]>): RedemptionRecord => ({
  redemption_id: 'r-1',
  deal_id: 'trip-1',
  points: allocations.reduce((s, [, p]) => s + p, 0),
  balance_after: 0,
  allocations: allocations.map(([lot_id, points]) => ({ lot_id, points })),
});

/** The REDEEM entry of a redemption, with the after-state of the lots it spent (none on a migrated ledger). */
function redeemEntry(allocations: Array<[string, number]>, lotChanges: Lot[]): LedgerEntry {
  const r = record(allocations);
  return {
    entry_id: 'REDEEM:r-1',
    customer_id: 'alice',
    type: 'REDEEM',
    points: -r.points,
    balance_after: 0,
    seq: 3,
    lots: r.allocations.map((a) => ({ lot_id: a.lot_id, points: -a.points })),
    cause: { type: 'redemption', redemption_id: 'r-1', deal_id: 'trip-1' },
    actor: 'alice',
    created_at: at(-60),
    lot_changes: lotChanges,
    events: [],
    redemption: r,
    written_at: 0,
  };
}

describe('reverseRedemption', () => {
  const ST = (lot_id: string, remaining: number, status: Lot['status'], expired_points = 0) => ({
    lot_id,
    remaining,
    status,
    expired_points,
  });

  it.each<{
    name: string;
    wallet: Lot[];
    allocations: Array<[string, number]>;
    redeemed: Lot[];
    expected: Array<ReturnType<typeof movement>>;
  }>([
    {
      name: 'points return to a live unexpired lot in one REDEEM_REVERSAL',
      wallet: [lot('a', 1000, 30, { remaining: 700 })],
      allocations: [['a', 300]],
      redeemed: [lot('a', 1000, 30, { remaining: 700 })],
      expected: [{ entry_id: 'REV:r-1', type: 'REDEEM_REVERSAL', points: 300, lots: [['a', 300]], lot_changes: [ST('a', 1000, 'active')] }],
    },
    {
      name: 'the live lot is the base, not the state the redemption left (it was spent again since)',
      wallet: [lot('a', 1000, 30, { remaining: 100 })],
      allocations: [['a', 300]],
      redeemed: [lot('a', 1000, 30, { remaining: 700 })],
      expected: [{ entry_id: 'REV:r-1', type: 'REDEEM_REVERSAL', points: 300, lots: [['a', 300]], lot_changes: [ST('a', 400, 'active')] }],
    },
    {
      name: 'into a live lot past expiry: only the returned points expire, the lot keeps its remainder for the sweep',
      wallet: [lot('b', 1000, -5, { remaining: 400 })],
      allocations: [['b', 600]],
      redeemed: [lot('b', 1000, -5, { remaining: 400 })],
      expected: [
        { entry_id: 'REV:r-1', type: 'REDEEM_REVERSAL', points: 600, lots: [['b', 600]], lot_changes: [ST('b', 1000, 'active')] },
        { entry_id: 'REV:r-1:EXPIRE', type: 'EXPIRE', points: -600, lots: [['b', -600]], lot_changes: [ST('b', 400, 'active', 600)] },
      ],
    },
    {
      name: 'into a lot no longer in the wallet and past expiry: EXPIRE closes it',
      wallet: [],
      allocations: [['c', 1000]],
      redeemed: [lot('c', 1000, -5, { remaining: 0 })],
      expected: [
        { entry_id: 'REV:r-1', type: 'REDEEM_REVERSAL', points: 1000, lots: [['c', 1000]], lot_changes: [ST('c', 1000, 'active')] },
        { entry_id: 'REV:r-1:EXPIRE', type: 'EXPIRE', points: -1000, lots: [['c', -1000]], lot_changes: [ST('c', 0, 'expired', 1000)] },
      ],
    },
    {
      name: 'into a lot a migrated REDEEM entry kept no state of: treated as expired at once',
      wallet: [],
      allocations: [['legacy', 250]],
      redeemed: [],
      expected: [
        { entry_id: 'REV:r-1', type: 'REDEEM_REVERSAL', points: 250, lots: [['legacy', 250]], lot_changes: [ST('legacy', 250, 'active')] },
        {
          entry_id: 'REV:r-1:EXPIRE',
          type: 'EXPIRE',
          points: -250,
          lots: [['legacy', -250]],
          lot_changes: [ST('legacy', 0, 'expired', 250)],
        },
      ],
    },
    {
      name: 'into a lot no longer in the wallet but not expired (clawed back since): CLAWBACK takes them',
      wallet: [],
      allocations: [['d', 300]],
      redeemed: [lot('d', 1000, 30, { remaining: 700 })],
      expected: [
        { entry_id: 'REV:r-1', type: 'REDEEM_REVERSAL', points: 300, lots: [['d', 300]], lot_changes: [ST('d', 300, 'active')] },
        { entry_id: 'REV:r-1:CLAWBACK', type: 'CLAWBACK', points: -300, lots: [['d', -300]], lot_changes: [ST('d', 0, 'clawed_back')] },
      ],
    },
    {
      name: 'all four at once: one reversal, then one EXPIRE and one CLAWBACK, each naming only its lots',
      wallet: [lot('a', 1000, 30, { remaining: 0 }), lot('b', 1000, -5, { remaining: 0 })],
      allocations: [
        ['a', 100],
        ['b', 200],
        ['c', 300],
        ['d', 400],
      ],
      redeemed: [
        lot('a', 1000, 30, { remaining: 0 }),
        lot('b', 1000, -5, { remaining: 0 }),
        lot('c', 300, -2, { remaining: 0 }),
        lot('d', 1000, 60, { remaining: 0 }),
      ],
      expected: [
        {
          entry_id: 'REV:r-1',
          type: 'REDEEM_REVERSAL',
          points: 1000,
          lots: [
            ['a', 100],
            ['b', 200],
            ['c', 300],
            ['d', 400],
          ],
          lot_changes: [ST('a', 100, 'active'), ST('b', 200, 'active'), ST('c', 300, 'active'), ST('d', 400, 'active')],
        },
        {
          entry_id: 'REV:r-1:EXPIRE',
          type: 'EXPIRE',
          points: -500,
          lots: [
            ['b', -200],
            ['c', -300],
          ],
          lot_changes: [ST('b', 0, 'active', 200), ST('c', 0, 'expired', 300)],
        },
        { entry_id: 'REV:r-1:CLAWBACK', type: 'CLAWBACK', points: -400, lots: [['d', -400]], lot_changes: [ST('d', 0, 'clawed_back')] },
      ],
    },
  ])('$name', async ({ wallet, allocations, redeemed, expected }) => {
    const redeem = redeemEntry(allocations, redeemed);
    const { entries, result } = await change(reverseRedemption({ redeem, entryId: 'REV:r-1' }), walletOf(wallet));
    expect(entries.map(movement)).toEqual(expected);
    expect(result).toEqual(redeem.redemption);
    // Every entry is caused by the redemption; only the first reverses the REDEEM; none sends a message.
    for (const e of entries) expect(e.cause).toEqual({ type: 'redemption', redemption_id: 'r-1', deal_id: 'trip-1' });
    expect(entries.map((e) => e.reverses)).toEqual(entries.map((_, i) => (i === 0 ? 'REDEEM:r-1' : undefined)));
    expect(entries.flatMap((e) => e.events)).toEqual([]);
    // Returned points keep their lot's original expiry (a migrated lot's is the epoch).
    const expiry = new Map([...wallet, ...redeemed].map((l) => [l.lot_id, l.expires_at]));
    for (const l of entries.flatMap((e) => e.lot_changes)) expect(l.expires_at).toBe(expiry.get(l.lot_id) ?? new Date(0).toISOString());
    // Applied in order, the entries leave a wallet where no returned point is spendable past expiry or clawed back.
    const after = applyEntries(
      walletOf(wallet),
      entries.map((e, i) => ({ ...e, seq: 8 + i }) as LedgerEntry),
    );
    expect(after.lots.map((l) => l.lot_id).sort()).toEqual(wallet.map((l) => l.lot_id).sort());
  });

  it('refuses an entry that is not a redemption', async () => {
    const { redemption: _, ...credit } = redeemEntry([['a', 1]], []);
    await expect(
      (async () => reverseRedemption({ redeem: { ...credit, type: 'CREDIT' }, entryId: 'REV:x' }).run(walletOf([]), NOW))(),
    ).rejects.toThrow('is not a redemption');
  });
});

describe('clawBackLot', () => {
  const cause: LedgerCause = { type: 'usage', usage_id: 'u-1', deal_id: 'deal-1' };

  it.each<{
    name: string;
    wallet: Lot[];
    tombstones?: string[];
    closed: Lot | null;
    expected: {
      points: number;
      lots: Array<[string, number]>;
      shortfall: number;
      lot_changes: Array<{ remaining: number; status: Lot['status']; expired_points: number }>;
      tombstones?: { add: string[] };
    } | null;
    result?: { clawed_back: number; shortfall: number };
    looksUp: boolean;
  }>([
    {
      name: 'a live lot with nothing spent: all of it, no shortfall',
      wallet: [lot('L', 2000, 30)],
      closed: null,
      expected: {
        points: -2000,
        lots: [['L', -2000]],
        shortfall: 0,
        lot_changes: [{ remaining: 0, status: 'clawed_back', expired_points: 0 }],
      },
      result: { clawed_back: 2000, shortfall: 0 },
      looksUp: false,
    },
    {
      name: 'a live lot partly spent: the remainder, and the spent points as shortfall',
      wallet: [lot('L', 2000, 30, { remaining: 500 })],
      closed: null,
      expected: {
        points: -500,
        lots: [['L', -500]],
        shortfall: 1500,
        lot_changes: [{ remaining: 0, status: 'clawed_back', expired_points: 0 }],
      },
      result: { clawed_back: 500, shortfall: 1500 },
      looksUp: false,
    },
    {
      name: 'a live lot that lost returned points to expiry: those are no shortfall',
      wallet: [lot('L', 2000, 30, { remaining: 500, expired_points: 300 })],
      closed: null,
      expected: {
        points: -500,
        lots: [['L', -500]],
        shortfall: 1200,
        lot_changes: [{ remaining: 0, status: 'clawed_back', expired_points: 300 }],
      },
      result: { clawed_back: 500, shortfall: 1200 },
      looksUp: false,
    },
    {
      name: 'a lot already expired: nothing to take, shortfall = points − expired_points',
      wallet: [],
      closed: lot('L', 2000, -10, { remaining: 0, expired_points: 800, status: 'expired' }),
      expected: {
        points: 0,
        lots: [['L', 0]],
        shortfall: 1200,
        lot_changes: [{ remaining: 0, status: 'clawed_back', expired_points: 800 }],
      },
      result: { clawed_back: 0, shortfall: 1200 },
      looksUp: true,
    },
    {
      name: 'no lot at all yet: a zero CLAWBACK that leaves a tombstone',
      wallet: [lot('other', 100, 30)],
      closed: null,
      expected: { points: 0, lots: [], shortfall: 0, lot_changes: [], tombstones: { add: ['L'] } },
      result: { clawed_back: 0, shortfall: 0 },
      looksUp: true,
    },
    { name: 'a lot already tombstoned: nothing to do', wallet: [], tombstones: ['L'], closed: null, expected: null, looksUp: false },
    {
      name: 'a lot already clawed back: nothing to do',
      wallet: [],
      closed: lot('L', 2000, 30, { remaining: 0, status: 'clawed_back' }),
      expected: null,
      looksUp: true,
    },
  ])('$name', async ({ wallet, tombstones = [], closed, expected, result, looksUp }) => {
    const closedLot = vi.fn(async (_lotId: string) => closed);
    const op = clawBackLot({ lotId: 'L', entryId: 'CLAWBACK:u-1', points: 2000, usageId: 'u-1', dealId: 'deal-1', closedLot });
    const r = await run(op, walletOf(wallet, tombstones));
    expect(closedLot.mock.calls).toEqual(looksUp ? [['L']] : []);
    if (expected === null) {
      expect(r).toBeNull();
      return;
    }
    if (!r?.ok) throw new Error('expected a change');
    const [entry, ...more] = r.value.entries;
    expect(more).toEqual([]);
    expect({ ...movement(entry!), shortfall: entry!.shortfall, tombstones: entry!.tombstones, cause: entry!.cause }).toEqual({
      entry_id: 'CLAWBACK:u-1',
      type: 'CLAWBACK',
      points: expected.points,
      lots: expected.lots,
      lot_changes: expected.lot_changes.map((s) => ({ lot_id: 'L', ...s })),
      shortfall: expected.shortfall,
      tombstones: expected.tombstones,
      cause,
    });
    expect(r.value.result).toEqual(result);
  });
});

describe('creditLot', () => {
  const cause: LedgerCause = { type: 'usage', usage_id: 'u-1', deal_id: 'deal-1' };
  const events: OutboundEvent[] = [
    {
      topic: 'referral-notifications',
      type: 'referral.points_credited',
      id: 'referral.points_credited:u-1',
      customer_id: 'alice',
      data: { usage_id: 'u-1', points: 2000 },
    },
  ];
  const credit = (validityMonths: number) =>
    creditLot({
      lotId: 'L',
      entryId: 'CREDIT:u-1',
      points: 2000,
      validityMonths,
      source: { type: 'referral', usage_id: 'u-1', entry_id: 'CREDIT:u-1' },
      cause,
      type: 'CREDIT',
      events,
    });

  it.each([
    ['2025-08-31T10:00:00.000Z', 6, '2026-02-28T10:00:00.000Z'],
    ['2027-08-31T10:00:00.000Z', 6, '2028-02-29T10:00:00.000Z'],
    ['2026-01-31T23:59:59.999Z', 1, '2026-02-28T23:59:59.999Z'],
    ['2025-05-31T00:00:00.000Z', 1, '2025-06-30T00:00:00.000Z'],
    ['2025-10-31T08:00:00.000Z', 3, '2026-01-31T08:00:00.000Z'],
    ['2025-03-15T12:00:00.000Z', 12, '2026-03-15T12:00:00.000Z'],
  ])('credits at %s a lot valid %i calendar months, to %s', async (now, months, expiresAt) => {
    const { entries, result } = await change(credit(months), walletOf([lot('other', 10, 30)]), new Date(now));
    const expected: Lot = {
      lot_id: 'L',
      points: 2000,
      remaining: 2000,
      expired_points: 0,
      credited_at: now,
      expires_at: expiresAt,
      status: 'active',
      source: { type: 'referral', usage_id: 'u-1', entry_id: 'CREDIT:u-1' },
    };
    expect(entries).toEqual([
      {
        entry_id: 'CREDIT:u-1',
        type: 'CREDIT',
        points: 2000,
        lots: [{ lot_id: 'L', points: 2000 }],
        cause,
        lot_changes: [expected],
        events: [{ ...events[0], data: { usage_id: 'u-1', points: 2000, expires_at: expiresAt } }],
      },
    ]);
    expect(result).toEqual({ lot_id: 'L', expires_at: expiresAt, points: 2000 });
  });

  it.each<{ name: string; wallet: Wallet; expected: EntryDraft[] }>([
    {
      name: 'a lot already tombstoned: a zero CREDIT that removes the tombstone, makes no lot and sends nothing',
      wallet: walletOf([], ['older', 'L']),
      expected: [
        { entry_id: 'CREDIT:u-1', type: 'CREDIT', points: 0, lots: [], cause, lot_changes: [], tombstones: { remove: ['L'] }, events: [] },
      ],
    },
  ])('$name', async ({ wallet, expected }) => {
    const r = await run(credit(6), wallet);
    if (!r?.ok) throw new Error('expected a change');
    expect(r.value.entries).toEqual(expected);
    expect(r.value.result.points).toBe(0);
    const after = applyEntries(
      wallet,
      r.value.entries.map((e) => ({ ...e, seq: 8 }) as LedgerEntry),
    );
    expect([after.lots, after.tombstones]).toEqual([[], ['older']]);
  });
});

describe('expireLots', () => {
  const expiredEvent = (l: Lot) => ({
    topic: 'referral-notifications',
    type: 'points.expired',
    id: `points.expired:${l.lot_id}`,
    customer_id: 'alice',
    data: { lot_id: l.lot_id, points: l.remaining, expired_at: l.expires_at },
  });

  const m = lot('m', 700, -3);
  const z = lot('z', 400, 0);
  const emptyDue = lot('e', 500, -40, { remaining: 0 });
  const halfGone = lot('h', 1000, -1, { remaining: 300, expired_points: 200 });
  const future = lot('f', 900, 1);

  it.each<{ name: string; lots: Lot[]; due: Lot[]; withPoints: Lot[] }>([
    { name: 'one lot due, one not', lots: [future, m], due: [m], withPoints: [m] },
    { name: 'a lot expiring exactly now is due', lots: [z, future], due: [z], withPoints: [z] },
    {
      name: 'every due lot in one entry, an empty one closing without points or message; id from the smallest due lot_id',
      lots: [z, future, emptyDue, m],
      due: [z, emptyDue, m],
      withPoints: [z, m],
    },
    {
      name: 'a lot that already lost returned points to expiry adds its remainder to them',
      lots: [halfGone],
      due: [halfGone],
      withPoints: [halfGone],
    },
  ])('$name', async ({ lots, due, withPoints }) => {
    const { entries, result } = await change(expireLots(), walletOf(lots));
    const points = withPoints.reduce((s, l) => s + l.remaining, 0);
    const first = [...due].map((l) => l.lot_id).sort()[0];
    expect(entries).toEqual([
      {
        entry_id: `EXPIRE:${first}`,
        type: 'EXPIRE',
        points: -points,
        lots: withPoints.map((l) => ({ lot_id: l.lot_id, points: -l.remaining })),
        cause: { type: 'expiry' },
        lot_changes: due.map((l) => ({ ...l, status: 'expired', remaining: 0, expired_points: l.expired_points + l.remaining })),
        events: withPoints.map(expiredEvent),
      },
    ]);
    expect(result).toEqual({ lots_expired: withPoints.length, points_expired: points });
    // Applied, the entry leaves only the lots not yet due.
    const after = applyEntry(walletOf(lots), { ...entries[0]!, seq: 8 });
    expect(after.lots).toEqual(lots.filter((l) => !due.includes(l)));
  });

  it.each<{ name: string; lots: Lot[] }>([
    { name: 'an empty wallet', lots: [] },
    { name: 'only lots expiring later', lots: [future, lot('g', 5, 200)] },
  ])('has nothing to do for $name', async ({ lots }) => {
    expect(await run(expireLots(), walletOf(lots))).toBeNull();
  });
});

describe('applyEntry / applyEntries', () => {
  const a = lot('a', 100, 10);
  const b = lot('b', 200, 20);
  type Change = Pick<LedgerEntry, 'seq' | 'lot_changes' | 'tombstones'>;

  it.each<{ name: string; lots: Lot[]; tombstones: string[]; entries: Change[]; lotsAfter: Lot[]; tombstonesAfter: string[] }>([
    {
      name: 'a lot change replaces the lot it names',
      lots: [a, b],
      tombstones: [],
      entries: [{ seq: 8, lot_changes: [{ ...a, remaining: 40 }] }],
      lotsAfter: [{ ...a, remaining: 40 }, b],
      tombstonesAfter: [],
    },
    {
      name: 'a new active lot joins',
      lots: [a],
      tombstones: [],
      entries: [{ seq: 8, lot_changes: [b] }],
      lotsAfter: [a, b],
      tombstonesAfter: [],
    },
    {
      name: 'an expired lot leaves',
      lots: [a, b],
      tombstones: [],
      entries: [{ seq: 8, lot_changes: [{ ...a, status: 'expired', remaining: 0, expired_points: 100 }] }],
      lotsAfter: [b],
      tombstonesAfter: [],
    },
    {
      name: 'a clawed-back lot leaves, a spent-out active lot stays',
      lots: [a, b],
      tombstones: [],
      entries: [
        {
          seq: 8,
          lot_changes: [
            { ...a, status: 'clawed_back', remaining: 0 },
            { ...b, remaining: 0 },
          ],
        },
      ],
      lotsAfter: [{ ...b, remaining: 0 }],
      tombstonesAfter: [],
    },
    {
      name: 'tombstones are added once and removed',
      lots: [],
      tombstones: ['t1', 't2'],
      entries: [{ seq: 8, lot_changes: [], tombstones: { add: ['t3', 't1'], remove: ['t2'] } }],
      lotsAfter: [],
      tombstonesAfter: ['t1', 't3'],
    },
    {
      name: 'entries apply in order: a reopened lot closed by the next entry is gone',
      lots: [],
      tombstones: ['x'],
      entries: [
        { seq: 8, lot_changes: [a] },
        { seq: 9, lot_changes: [{ ...a, status: 'expired', remaining: 0 }], tombstones: { remove: ['x'] } },
        { seq: 10, lot_changes: [b], tombstones: { add: ['y'] } },
      ],
      lotsAfter: [b],
      tombstonesAfter: ['y'],
    },
  ])('$name', ({ lots, tombstones, entries, lotsAfter, tombstonesAfter }) => {
    const sorted = (ls: Lot[]) => [...ls].sort((x, y) => (x.lot_id < y.lot_id ? -1 : 1));
    const start = walletOf(lots, tombstones);
    const after =
      entries.length === 1
        ? applyEntry(start, { points: 0, ...entries[0]! })
        : applyEntries(
            start,
            entries.map((e) => ({ points: 0, ...e }) as LedgerEntry),
          );
    expect(sorted(after.lots)).toEqual(sorted(lotsAfter));
    expect(after.tombstones).toEqual(tombstonesAfter);
    expect([after.customer_id, after.seq]).toEqual(['alice', entries.at(-1)!.seq]);
    expect(start.lots).toEqual(lots); // the state before is not touched
  });
});

describe('the balance a wallet spends from', () => {
  const days = 7;

  it.each<{ name: string; lots: Lot[]; balance: number; spendable: number }>([
    { name: 'an empty wallet', lots: [], balance: 0, spendable: 0 },
    {
      name: 'open lots count whole, a spent-out lot adds nothing',
      lots: [lot('a', 50, 5), lot('b', 100, 1, { remaining: 0 })],
      balance: 50,
      spendable: 50,
    },
    {
      name: 'a lot past its expiry is in the book, never spendable',
      lots: [lot('later', 100, 40), lot('overdue', 30, -2)],
      balance: 130,
      spendable: 100,
    },
  ])('$name', ({ lots, balance, spendable }) => {
    const w = walletOf(lots);
    expect([w.balance, spendableBalance(w, NOW)]).toEqual([balance, spendable]);
  });

  it("is the head's book balance less the unswept lots, not a sum of the lots it was given", () => {
    // A spend reads only the lots it needs: the rest of the balance is in lots it did not read.
    expect(spendableBalance({ balance: 5_000, lots: [lot('overdue', 30, -2), lot('a', 100, 40)] }, NOW)).toBe(4_970);
  });

  it('puts the reminder reminderDays before the expiry', () => {
    expect(reminderAt(lot('soon', 50, 5), days)).toBe(at(5 - days));
  });
});

describe('the lots each operation reads', () => {
  const redeem = redeemEntry(
    [
      ['a', 1],
      ['b', 2],
    ],
    [],
  );
  const closedLot = async () => null;
  it.each<{ name: string; op: WalletOperation<unknown>; lots: WalletOperation<unknown>['lots'] }>([
    {
      name: 'a credit: none (its entry id is its once-only key)',
      op: creditLot({
        lotId: 'l',
        entryId: 'CREDIT:u',
        points: 1,
        validityMonths: 6,
        source: { type: 'referral', entry_id: 'CREDIT:u' },
        cause: { type: 'admin' },
        type: 'CREDIT',
        events: [],
      }),
      lots: { by: 'none' },
    },
    {
      name: 'a spend: enough open lots in spend order for its points',
      op: spendPoints({ entryId: 'REDEEM:r', points: 300, type: 'REDEEM', cause: { type: 'redemption' } }),
      lots: { by: 'spend', points: 300 },
    },
    {
      name: 'a clawback: its lot',
      op: clawBackLot({ lotId: 'l', entryId: 'CLAWBACK:u', points: 1, usageId: 'u', dealId: 'd', closedLot }),
      lots: { by: 'ids', ids: ['l'] },
    },
    {
      name: 'a reversal: the lots its redemption spent',
      op: reverseRedemption({ redeem, entryId: 'REV:r' }),
      lots: { by: 'ids', ids: ['a', 'b'] },
    },
    { name: 'the expiry of one wallet: its due lots', op: expireLots(), lots: { by: 'due' } },
  ])('$name', ({ op, lots }) => {
    expect(op.lots).toEqual(lots);
  });
});
