import { addCalendarMonths } from '../core/clock.js';
import { fail, type Result } from '../core/result.js';
import type { LedgerCause, LedgerEntry } from '../ledger/ledger-entry.js';
import type { OutboundEvent } from '../notifications/notification.js';
import { spendOrder, spendableBalance, type Lot, type Redemption, type Wallet } from './wallet.js';

/** A ledger entry as an operation drafts it; the engine adds sequence, balance and time. */
export type EntryDraft = Omit<LedgerEntry, 'seq' | 'balance_after' | 'customer_id' | 'created_at' | 'actor'>;

/** What an operation does to a wallet. */
export interface WalletChange<R> {
  lots: Lot[];
  redemptions: Redemption[];
  entries: EntryDraft[];
  events: OutboundEvent[];
  result: R;
}

/** An operation on a wallet at an instant: a change, an expected failure, or null for nothing to do. */
export type WalletOperation<R> = (wallet: Wallet, now: Date) => Result<WalletChange<R>> | null;

const ok = <R>(value: WalletChange<R>): Result<WalletChange<R>> => ({ ok: true, value });

function takeFromLots(lots: Lot[], points: number, now: Date): Array<{ lot_id: string; points: number }> {
  const allocations: Array<{ lot_id: string; points: number }> = [];
  let left = points;
  for (const lot of spendOrder(lots, now)) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    lot.remaining -= take;
    left -= take;
    allocations.push({ lot_id: lot.lot_id, points: take });
  }
  return allocations;
}

/** Adds a lot of `points` expiring `validityMonths` calendar months after `now`. */
export function creditLot(input: {
  lotId: string;
  entryId: string;
  points: number;
  validityMonths: number;
  source: Lot['source'];
  cause: LedgerCause;
  type: 'CREDIT' | 'ADJUST';
  events: OutboundEvent[];
}): WalletOperation<{ lot_id: string; expires_at: string }> {
  return (w, now) => {
    if (w.lots.some((l) => l.lot_id === input.lotId)) return null;
    const lot: Lot = {
      lot_id: input.lotId,
      points: input.points,
      remaining: input.points,
      expired_points: 0,
      credited_at: now.toISOString(),
      expires_at: addCalendarMonths(now, input.validityMonths).toISOString(),
      status: 'active',
      source: input.source,
      reminded_at: null,
    };
    return ok({
      lots: [...w.lots, lot],
      redemptions: w.redemptions,
      entries: [
        {
          entry_id: input.entryId,
          type: input.type,
          points: input.points,
          lots: [{ lot_id: lot.lot_id, points: input.points }],
          cause: input.cause,
        },
      ],
      events: input.events.map((e) => ({ ...e, data: { ...e.data, expires_at: lot.expires_at } })),
      result: { lot_id: lot.lot_id, expires_at: lot.expires_at },
    });
  };
}

/** Spends points, earliest-expiring lots first; never below zero. */
export function spendPoints(input: {
  entryId: string;
  points: number;
  type: 'REDEEM' | 'ADJUST';
  cause: LedgerCause;
  redemption?: Omit<Redemption, 'allocations' | 'status' | 'created_at' | 'reversed_at' | 'balance_after'>;
}): WalletOperation<{ allocations: Array<{ lot_id: string; points: number }>; balance_after: number }> {
  return (w, now) => {
    const balance = spendableBalance(w, now);
    if (balance < input.points) {
      return fail('INSUFFICIENT_POINTS', `Only ${balance} points can be spent; ${input.points} were asked for`, {
        details: { balance, requested: input.points },
      });
    }
    const lots = structuredClone(w.lots);
    const allocations = takeFromLots(lots, input.points, now);
    const redemptions = input.redemption
      ? [
          ...w.redemptions,
          {
            ...input.redemption,
            allocations,
            balance_after: balance - input.points,
            status: 'active' as const,
            created_at: now.toISOString(),
            reversed_at: null,
          },
        ]
      : w.redemptions;
    return ok({
      lots,
      redemptions,
      entries: [
        {
          entry_id: input.entryId,
          type: input.type,
          points: -input.points,
          lots: allocations.map((a) => ({ lot_id: a.lot_id, points: -a.points })),
          cause: input.cause,
        },
      ],
      events: [],
      result: { allocations, balance_after: balance - input.points },
    });
  };
}

/**
 * Returns a redemption's points to their lots with their original expiry. Points whose lot has
 * expired go straight out again (EXPIRE), and so do points of a clawed-back lot (CLAWBACK).
 */
export function reverseRedemption(input: { redemptionId: string; entryId: string }): WalletOperation<Redemption> {
  return (w, now) => {
    const r = w.redemptions.find((x) => x.redemption_id === input.redemptionId);
    if (!r) return fail('REDEMPTION_NOT_FOUND', `No redemption ${input.redemptionId}`);
    // A second reversal never reaches here: the engine finds the first by its id and answers it again.
    if (r.status === 'reversed') return null;
    const lots = structuredClone(w.lots);
    const expired: Array<{ lot_id: string; points: number }> = [];
    const clawed: Array<{ lot_id: string; points: number }> = [];
    for (const a of r.allocations) {
      const lot = lots.find((l) => l.lot_id === a.lot_id);
      if (!lot) throw new Error(`Redemption ${r.redemption_id} names lot ${a.lot_id}, which the wallet lacks`);
      if (lot.status === 'clawed_back') clawed.push({ lot_id: lot.lot_id, points: -a.points });
      else if (lot.status === 'expired' || new Date(lot.expires_at) <= now) {
        lot.expired_points += a.points;
        expired.push({ lot_id: lot.lot_id, points: -a.points });
      } else lot.remaining += a.points;
    }
    const reversed: Redemption = { ...r, status: 'reversed', reversed_at: now.toISOString() };
    const cause: LedgerCause = { type: 'redemption', redemption_id: r.redemption_id, deal_id: r.deal_id };
    const entries: EntryDraft[] = [
      {
        entry_id: input.entryId,
        type: 'REDEEM_REVERSAL',
        points: r.points,
        lots: r.allocations,
        cause,
        reverses: `REDEEM:${r.redemption_id}`,
      },
    ];
    const sum = (xs: Array<{ points: number }>) => xs.reduce((s, x) => s + x.points, 0);
    if (expired.length) entries.push({ entry_id: `${input.entryId}:EXPIRE`, type: 'EXPIRE', points: sum(expired), lots: expired, cause });
    if (clawed.length) entries.push({ entry_id: `${input.entryId}:CLAWBACK`, type: 'CLAWBACK', points: sum(clawed), lots: clawed, cause });
    return ok({
      lots,
      redemptions: w.redemptions.map((x) => (x.redemption_id === r.redemption_id ? reversed : x)),
      entries,
      events: [],
      result: reversed,
    });
  };
}

/** Expires every active lot whose `expires_at` has passed. */
export function expireLots(): WalletOperation<{ lots_expired: number; points_expired: number }> {
  return (w, now) => {
    const lots = structuredClone(w.lots);
    const entries: EntryDraft[] = [];
    const events: OutboundEvent[] = [];
    let lotsExpired = 0;
    let pointsExpired = 0;
    for (const lot of lots) {
      if (lot.status !== 'active' || new Date(lot.expires_at) > now) continue;
      lot.status = 'expired';
      if (lot.remaining === 0) continue;
      const points = lot.remaining;
      lot.expired_points += points;
      lot.remaining = 0;
      lotsExpired += 1;
      pointsExpired += points;
      entries.push({
        entry_id: `EXPIRE:${lot.lot_id}`,
        type: 'EXPIRE',
        points: -points,
        lots: [{ lot_id: lot.lot_id, points: -points }],
        cause: { type: 'expiry' },
      });
      events.push({
        topic: 'referral-notifications',
        type: 'points.expired',
        id: `points.expired:${lot.lot_id}`,
        customer_id: w.customer_id,
        data: { lot_id: lot.lot_id, points, expired_at: lot.expires_at },
      });
    }
    if (lots.every((l, i) => l.status === w.lots[i]!.status)) return null;
    return ok({ lots, redemptions: w.redemptions, entries, events, result: { lots_expired: lotsExpired, points_expired: pointsExpired } });
  };
}

/**
 * Takes back what is left of a referral's lot. What was already spent is reported as a
 * shortfall, never taken below zero. With no lot yet, leaves a clawed-back lot so that a late
 * credit of the same usage finds it and does nothing.
 */
export function clawBackLot(input: {
  lotId: string;
  entryId: string;
  points: number;
  usageId: string;
  dealId: string;
}): WalletOperation<{ clawed_back: number; shortfall: number }> {
  return (w, now) => {
    const lots = structuredClone(w.lots);
    const lot = lots.find((l) => l.lot_id === input.lotId);
    if (lot?.status === 'clawed_back') return null;
    const cause: LedgerCause = { type: 'usage', usage_id: input.usageId, deal_id: input.dealId };
    if (!lot) {
      const at = now.toISOString();
      lots.push({
        lot_id: input.lotId,
        points: input.points,
        remaining: 0,
        expired_points: 0,
        credited_at: at,
        expires_at: at,
        status: 'clawed_back',
        source: { type: 'referral', usage_id: input.usageId, entry_id: input.entryId },
        reminded_at: null,
      });
      return ok({ lots, redemptions: w.redemptions, entries: [], events: [], result: { clawed_back: 0, shortfall: 0 } });
    }
    const taken = lot.status === 'active' ? lot.remaining : 0;
    const shortfall = lot.points - taken - lot.expired_points;
    lot.remaining = 0;
    lot.status = 'clawed_back';
    return ok({
      lots,
      redemptions: w.redemptions,
      entries: [
        { entry_id: input.entryId, type: 'CLAWBACK', points: -taken, lots: [{ lot_id: lot.lot_id, points: -taken }], cause, shortfall },
      ],
      events: [],
      result: { clawed_back: taken, shortfall },
    });
  };
}

/** Marks lots whose reminder is due, with an `expiring_soon` message for each that still has points. */
export function remindLots(reminderDays: number): WalletOperation<{ reminded: number }> {
  return (w, now) => {
    const lots = structuredClone(w.lots);
    const events: OutboundEvent[] = [];
    let touched = false;
    for (const lot of lots) {
      if (lot.status !== 'active' || lot.remaining <= 0 || lot.reminded_at !== null) continue;
      const expiresAt = new Date(lot.expires_at);
      if (expiresAt.getTime() - reminderDays * 86_400_000 > now.getTime()) continue;
      lot.reminded_at = now.toISOString();
      touched = true;
      if (expiresAt > now) {
        events.push({
          topic: 'referral-notifications',
          type: 'points.expiring_soon',
          id: `points.expiring_soon:${lot.lot_id}`,
          customer_id: w.customer_id,
          data: { lot_id: lot.lot_id, points: lot.remaining, expires_at: lot.expires_at },
        });
      }
    }
    if (!touched) return null;
    return ok({ lots, redemptions: w.redemptions, entries: [], events, result: { reminded: events.length } });
  };
}
