import { addCalendarMonths } from '../core/clock.js';
import { ContentionError, fail, type Result } from '../core/result.js';
import type { LedgerCause, LedgerEntry, RedemptionRecord } from '../ledger/ledger-entry.js';
import type { OutboundEvent } from '../notifications/notification.js';
import { spendOrder, spendableBalance, type Lot, type LotQuery, type Wallet } from './wallet.js';

/** A ledger entry as an operation drafts it; the engine adds the customer, seq, balance, actor and times. */
export type EntryDraft = Omit<
  LedgerEntry,
  'seq' | 'balance_after' | 'customer_id' | 'created_at' | 'actor' | 'written_at' | 'request_hash'
>;

/** What an operation does to a wallet: the entries it appends (in order) and its answer. */
export interface WalletChange<R> {
  entries: EntryDraft[];
  result: R;
}

/**
 * An operation on a wallet at an instant: the lots it reads, and what it makes of the wallet
 * holding them: a change, an expected failure, or null for nothing to do. It may look things up
 * (a clawback of a lot already closed reads that lot's last entry).
 */
export interface WalletOperation<R> {
  /** The lots `run` is given (the engine reads these and no others). */
  lots: LotQuery;
  run: (wallet: Wallet, now: Date) => Result<WalletChange<R>> | null | Promise<Result<WalletChange<R>> | null>;
}

const ok = <R>(value: WalletChange<R>): Result<WalletChange<R>> => ({ ok: true, value });
const sum = (xs: ReadonlyArray<{ points: number }>) => xs.reduce((s, x) => s + x.points, 0);
const lotOf = (w: Wallet, lotId: string) => w.lots.find((l) => l.lot_id === lotId);

/**
 * Adds a lot of `points` expiring `validityMonths` calendar months after `now`. It reads no lot:
 * each lot is made by one entry id, so a repeat is refused by the ledger's unique entry id and
 * answered from the first entry.
 */
export function creditLot(input: {
  lotId: string;
  entryId: string;
  points: number;
  validityMonths: number;
  source: Lot['source'];
  cause: LedgerCause;
  type: 'CREDIT' | 'ADJUST';
  events: OutboundEvent[];
}): WalletOperation<{ lot_id: string; expires_at: string; points: number }> {
  const run: WalletOperation<{ lot_id: string; expires_at: string; points: number }>['run'] = (w, now) => {
    if (w.tombstones.includes(input.lotId)) {
      // Clawed back before it was credited: the credit lands as nothing, and the tombstone goes.
      return ok({
        entries: [
          {
            entry_id: input.entryId,
            type: input.type,
            points: 0,
            lots: [],
            cause: input.cause,
            lot_changes: [],
            tombstones: { remove: [input.lotId] },
            events: [],
          },
        ],
        result: { lot_id: input.lotId, expires_at: now.toISOString(), points: 0 },
      });
    }
    const lot: Lot = {
      lot_id: input.lotId,
      points: input.points,
      remaining: input.points,
      expired_points: 0,
      credited_at: now.toISOString(),
      expires_at: addCalendarMonths(now, input.validityMonths).toISOString(),
      status: 'active',
      source: input.source,
    };
    return ok({
      entries: [
        {
          entry_id: input.entryId,
          type: input.type,
          points: input.points,
          lots: [{ lot_id: lot.lot_id, points: input.points }],
          cause: input.cause,
          lot_changes: [lot],
          events: input.events.map((e) => ({ ...e, data: { ...e.data, expires_at: lot.expires_at } })),
        },
      ],
      result: { lot_id: lot.lot_id, expires_at: lot.expires_at, points: input.points },
    });
  };
  return { lots: { by: 'none' }, run };
}

/** Spends points, earliest-expiring lots first, partially where needed; never below zero. */
export function spendPoints(input: {
  entryId: string;
  points: number;
  type: 'REDEEM' | 'ADJUST';
  cause: LedgerCause;
  /** For a redemption: its id and deal, kept on the entry with the answer. */
  redemption?: Pick<RedemptionRecord, 'redemption_id' | 'deal_id'>;
}): WalletOperation<{ allocations: Array<{ lot_id: string; points: number }>; balance_after: number }> {
  const run: WalletOperation<{ allocations: Array<{ lot_id: string; points: number }>; balance_after: number }>['run'] = (w, now) => {
    const balance = spendableBalance(w, now);
    if (balance < input.points) {
      return fail('INSUFFICIENT_POINTS', `Only ${balance} points can be spent; ${input.points} were asked for`, {
        details: { balance, requested: input.points },
      });
    }
    const allocations: Array<{ lot_id: string; points: number }> = [];
    const changed: Lot[] = [];
    let left = input.points;
    for (const lot of spendOrder(w.lots, now)) {
      if (left === 0) break;
      const take = Math.min(lot.remaining, left);
      left -= take;
      allocations.push({ lot_id: lot.lot_id, points: take });
      changed.push({ ...lot, remaining: lot.remaining - take });
    }
    // The head's balance says the lots hold enough; lots that do not are a state still being written.
    if (left > 0) throw new ContentionError(`Wallet ${w.customer_id}: its lots hold less than its balance of ${balance}`);
    const balanceAfter = balance - input.points;
    return ok({
      entries: [
        {
          entry_id: input.entryId,
          type: input.type,
          points: -input.points,
          lots: allocations.map((a) => ({ lot_id: a.lot_id, points: -a.points })),
          cause: input.cause,
          lot_changes: changed,
          events: [],
          ...(input.redemption
            ? { redemption: { ...input.redemption, points: input.points, balance_after: balanceAfter, allocations } }
            : {}),
        },
      ],
      result: { allocations, balance_after: balanceAfter },
    });
  };
  return { lots: { by: 'spend', points: input.points }, run };
}

/**
 * Returns a redemption's points to their lots with their original expiry. Points whose lot has
 * expired go straight out again (`EXPIRE`), and so do points of a lot clawed back since
 * (`CLAWBACK`). A closed lot is known from the redemption's own entry, which kept its state.
 */
export function reverseRedemption(input: {
  redeem: LedgerEntry;
  entryId: string;
  /** A lot's last state once it left the wallet (its expired points counted since the redemption). */
  closedLot?: (lotId: string) => Promise<Lot | null>;
}): WalletOperation<RedemptionRecord> {
  const r = input.redeem.redemption;
  if (!r) throw new Error(`Entry ${input.redeem.entry_id} is not a redemption`);
  const run: WalletOperation<RedemptionRecord>['run'] = async (w, now) => {
    const cause: LedgerCause = { type: 'redemption', redemption_id: r.redemption_id, deal_id: r.deal_id };
    const reopened: Lot[] = [];
    /** Points that go straight out again, per lot, with the lot's state after they went. */
    const expire: Array<{ lot: Lot; points: number }> = [];
    const clawBack: Array<{ lot: Lot; points: number }> = [];
    for (const a of r.allocations) {
      const live = lotOf(w, a.lot_id);
      const closed = live ? null : ((await input.closedLot?.(a.lot_id)) ?? null);
      const before = live ?? closed ?? input.redeem.lot_changes.find((l) => l.lot_id === a.lot_id) ?? legacyLot(a);
      const back: Lot = { ...before, status: 'active', remaining: (live ? live.remaining : 0) + a.points };
      reopened.push(back);
      if (new Date(back.expires_at) <= now) {
        // Only the returned points expire here; what else the lot holds waits for the sweep, as before.
        const after: Lot = live
          ? { ...live, expired_points: live.expired_points + a.points }
          : { ...back, status: 'expired', remaining: 0, expired_points: back.expired_points + a.points };
        expire.push({ lot: after, points: a.points });
      } else if (!live) clawBack.push({ lot: { ...back, status: 'clawed_back', remaining: 0 }, points: a.points });
    }
    const entries: EntryDraft[] = [
      {
        entry_id: input.entryId,
        type: 'REDEEM_REVERSAL',
        points: r.points,
        lots: r.allocations,
        cause,
        reverses: input.redeem.entry_id,
        lot_changes: reopened,
        events: [],
      },
    ];
    for (const [type, out] of [
      ['EXPIRE', expire],
      ['CLAWBACK', clawBack],
    ] as const) {
      if (out.length === 0) continue;
      const moved = out.map((o) => ({ lot_id: o.lot.lot_id, points: -o.points }));
      entries.push({
        entry_id: `${input.entryId}:${type}`,
        type,
        points: sum(moved),
        lots: moved,
        cause,
        lot_changes: out.map((o) => o.lot),
        events: [],
      });
    }
    return ok({ entries, result: r });
  };
  return { lots: { by: 'ids', ids: r.allocations.map((a) => a.lot_id) }, run };
}

/**
 * A lot named by a redemption written before entries kept lot states (a migrated ledger), no
 * longer in the wallet: closed, so its returned points go out again at once as expired.
 */
function legacyLot(a: { lot_id: string; points: number }): Lot {
  const epoch = new Date(0).toISOString();
  return {
    lot_id: a.lot_id,
    points: a.points,
    remaining: 0,
    expired_points: 0,
    credited_at: epoch,
    expires_at: epoch,
    status: 'expired',
    source: { type: 'referral', entry_id: a.lot_id },
  };
}

/** Expires every live lot whose `expires_at` has passed, in one `EXPIRE` entry. */
export function expireLots(): WalletOperation<{ lots_expired: number; points_expired: number }> {
  const run: WalletOperation<{ lots_expired: number; points_expired: number }>['run'] = (w, now) => {
    const due = w.lots.filter((l) => l.status === 'active' && new Date(l.expires_at) <= now);
    if (due.length === 0) return null;
    const withPoints = due.filter((l) => l.remaining > 0);
    const moved = withPoints.map((l) => ({ lot_id: l.lot_id, points: -l.remaining }));
    const first = [...due].sort((a, b) => (a.lot_id < b.lot_id ? -1 : 1))[0]!;
    return ok({
      entries: [
        {
          // One sweep step per wallet and seq: two sweeps at once draft the same id for the same seq.
          entry_id: `EXPIRE:${first.lot_id}`,
          type: 'EXPIRE',
          points: sum(moved),
          lots: moved,
          cause: { type: 'expiry' },
          lot_changes: due.map((l) => ({ ...l, status: 'expired', expired_points: l.expired_points + l.remaining, remaining: 0 })),
          events: withPoints.map((l) => ({
            topic: 'referral-notifications',
            type: 'points.expired',
            id: `points.expired:${l.lot_id}`,
            customer_id: w.customer_id,
            data: { lot_id: l.lot_id, points: l.remaining, expired_at: l.expires_at },
          })),
        },
      ],
      result: { lots_expired: withPoints.length, points_expired: -sum(moved) },
    });
  };
  return { lots: { by: 'due' }, run };
}

/**
 * Takes back what is left of a referral's lot. What was already spent is reported as a
 * shortfall, never taken below zero. A lot already closed (expired) is known from its last
 * entry; with no lot at all yet, a tombstone makes the late credit of the same usage credit nothing.
 */
export function clawBackLot(input: {
  lotId: string;
  entryId: string;
  points: number;
  usageId: string;
  dealId: string;
  /** The lot's last state when it is no longer in the wallet, or null when it never was. */
  closedLot: (lotId: string) => Promise<Lot | null>;
}): WalletOperation<{ clawed_back: number; shortfall: number }> {
  const run: WalletOperation<{ clawed_back: number; shortfall: number }>['run'] = async (w) => {
    const cause: LedgerCause = { type: 'usage', usage_id: input.usageId, deal_id: input.dealId };
    if (w.tombstones.includes(input.lotId)) return null;
    const live = lotOf(w, input.lotId);
    const lot = live ?? (await input.closedLot(input.lotId));
    if (!lot) {
      return ok({
        entries: [
          {
            entry_id: input.entryId,
            type: 'CLAWBACK',
            points: 0,
            lots: [],
            cause,
            shortfall: 0,
            lot_changes: [],
            tombstones: { add: [input.lotId] },
            events: [],
          },
        ],
        result: { clawed_back: 0, shortfall: 0 },
      });
    }
    if (lot.status === 'clawed_back') return null;
    const taken = lot.status === 'active' ? lot.remaining : 0;
    const shortfall = lot.points - taken - lot.expired_points;
    return ok({
      entries: [
        {
          entry_id: input.entryId,
          type: 'CLAWBACK',
          points: taken === 0 ? 0 : -taken,
          lots: [{ lot_id: lot.lot_id, points: taken === 0 ? 0 : -taken }],
          cause,
          shortfall,
          lot_changes: [{ ...lot, remaining: 0, status: 'clawed_back' }],
          events: [],
        },
      ],
      result: { clawed_back: taken, shortfall },
    });
  };
  return { lots: { by: 'ids', ids: [input.lotId] }, run };
}
