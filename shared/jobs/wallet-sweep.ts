import type { Result } from '../core/result.js';
import { changeWallet, walletDeps } from '../points/wallet-engine.js';
import { expireLots, remindLots, type WalletOperation } from '../points/wallet-operations.js';
import type { Wallet } from '../points/wallet.js';
import type { Context } from '../core/context.js';

/** What a sweep did; `done` is false when it stopped at its time budget and will resume. */
export interface SweepReport {
  wallets: number;
  lots: number;
  points: number;
  done: boolean;
  elapsed_ms: number;
}

/**
 * Visits, in bounded batches within the time budget, the wallets an index says are due, and
 * applies `operation` to each with the wallet's version check, so two sweeps at once touch
 * each lot once. Its cost follows the due wallets, not all wallets.
 */
async function sweep(
  ctx: Context,
  findDue: (now: Date, limit: number) => Promise<Wallet[]>,
  operation: WalletOperation<{ lots: number; points: number }>,
): Promise<SweepReport> {
  const started = performance.now();
  const now = ctx.clock.now();
  const report: SweepReport = { wallets: 0, lots: 0, points: 0, done: false, elapsed_ms: 0 };
  const visited = new Set<string>();
  while (performance.now() - started < ctx.rules.sweepTimeBudgetMs) {
    const due = (await findDue(now, ctx.rules.sweepBatchSize)).filter((w) => !visited.has(w.customer_id));
    if (due.length === 0) {
      report.done = true;
      break;
    }
    for (const w of due) {
      visited.add(w.customer_id);
      const r: Result<{ lots: number; points: number }> = await changeWallet(walletDeps(ctx), {
        customerId: w.customer_id,
        opId: null,
        requestHash: '',
        actor: 'scheduler',
        operation,
        replay: () => ({ ok: true, value: { lots: 0, points: 0 } }),
      });
      if (r.ok && r.value.lots > 0) {
        report.wallets += 1;
        report.lots += r.value.lots;
        report.points += r.value.points;
      }
    }
  }
  report.elapsed_ms = Math.round(performance.now() - started);
  return report;
}

/** The expiry sweep (SPEC 2.7): `EXPIRE` for what is left of every lot past `expires_at`. */
export function expireReferralPoints(ctx: Context): Promise<SweepReport> {
  const expire = expireLots();
  return sweep(
    ctx,
    (now, limit) => ctx.stores.wallets.findWalletsDueForExpiry(now, limit),
    (w, now) => {
      const r = expire(w, now);
      return r?.ok
        ? { ok: true, value: { ...r.value, result: { lots: r.value.result.lots_expired, points: r.value.result.points_expired } } }
        : r;
    },
  );
}

/** The reminder sweep: one `points.expiring_soon` per lot expiring within the reminder window. */
export function remindExpiringPoints(ctx: Context): Promise<SweepReport> {
  const remind = remindLots(ctx.rules.expiryReminderDays);
  return sweep(
    ctx,
    (now, limit) => ctx.stores.wallets.findWalletsDueForReminder(now, limit),
    (w, now) => {
      const r = remind(w, now);
      if (!r?.ok) return r;
      const points = r.value.events.reduce((s, e) => s + Number(e.data.points ?? 0), 0);
      return { ok: true, value: { ...r.value, result: { lots: r.value.result.reminded, points } } };
    },
  );
}
