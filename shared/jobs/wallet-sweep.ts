import { step, type Context } from '../core/context.js';
import type { OutboundEvent } from '../notifications/notification.js';
import { publishEvents } from '../notifications/publish-events.js';
import { entryKey } from '../ledger/ledger-store.js';
import { changeWallet, numberEntries, walletDeps } from '../points/wallet-engine.js';
import { expireLots } from '../points/wallet-operations.js';
import { applyEntries, reminderAt, snapshotOf, type WalletSnapshot } from '../points/wallet.js';

/** What a sweep did; `done` is false when it stopped at its time budget and will resume. */
export interface SweepReport {
  wallets: number;
  lots: number;
  points: number;
  done: boolean;
  elapsed_ms: number;
}

/**
 * The expiry sweep (docs/rules.md §2.7): `EXPIRE` for what is left of every lot past
 * `expires_at`. It takes the due wallets a batch at a time from the `next_expiry_at` index and
 * handles a batch with a fixed number of bulk commands: one lookup of the next ledger key of
 * every wallet in it (a wallet whose snapshot lags goes the single-wallet way), one unordered
 * insert of one `EXPIRE` entry per wallet (each commits or conflicts on its own, so two sweeps at
 * once expire each lot once), and one bulk write of the snapshots. Its cost follows the lots
 * that expire, never the lots in total.
 */
export async function expireReferralPoints(ctx: Context): Promise<SweepReport> {
  const deps = walletDeps(ctx);
  const now = ctx.clock.now();
  const expire = expireLots();
  return sweepDue(
    ctx,
    (limit) => ctx.stores.wallets.findDueForExpiry(now, limit),
    async (due, report, retried) => {
      const lagging = await ctx.stores.ledger.existingKeys(due.map((s) => ({ customer_id: s.customer_id, seq: s.seq + 1 })));
      const direct: Array<{ snapshot: WalletSnapshot; entry: ReturnType<typeof numberEntries>[number] }> = [];
      const oneByOne: string[] = [];
      for (const snapshot of due) {
        if (lagging.has(entryKey(snapshot.customer_id, snapshot.seq + 1))) {
          oneByOne.push(snapshot.customer_id);
          continue;
        }
        const change = await expire(snapshot, now);
        if (!change?.ok) {
          retried.add(snapshot.customer_id);
          continue;
        }
        const [entry] = numberEntries(snapshot, change.value.entries, { actor: 'scheduler', requestHash: '', now });
        direct.push({ snapshot, entry: entry! });
      }
      const outcomes = await ctx.stores.ledger.appendEach(direct.map((d) => d.entry));
      const committed = direct.filter((_, i) => outcomes[i] === 'appended');
      if (committed.length > 0) step(ctx, 'ledger-written');
      for (const [i, d] of direct.entries()) if (outcomes[i] !== 'appended') oneByOne.push(d.snapshot.customer_id);
      await publishEvents(
        ctx.publisher,
        committed.flatMap((d) => d.entry.events),
      );
      if (committed.length > 0) step(ctx, 'events-published');
      await ctx.stores.wallets.saveSnapshots(
        committed.map((d) => snapshotOf(applyEntries(d.snapshot, [d.entry]), ctx.rules.expiryReminderDays, d.snapshot.reminded_through)),
      );
      for (const d of committed) count(report, -d.entry.points, d.entry.lots.length);
      // A wallet that lags or lost the race to another writer: read it whole and expire it alone.
      for (const customerId of oneByOne) {
        retried.add(customerId);
        const r = await changeWallet(deps, {
          customerId,
          opId: null,
          requestHash: '',
          actor: 'scheduler',
          operation: expire,
          replay: () => ({ ok: true, value: { lots_expired: 0, points_expired: 0 } }),
        });
        if (r.ok && r.value.lots_expired > 0) count(report, r.value.points_expired, r.value.lots_expired);
      }
    },
  );
}

/**
 * Runs `batch` on the wallets `findDue` returns, a batch at a time, until none is due or the time
 * budget is spent. `batch` adds to the report and to `skip`, the wallets this run takes no more.
 */
async function sweepDue(
  ctx: Context,
  findDue: (limit: number) => Promise<WalletSnapshot[]>,
  batch: (due: WalletSnapshot[], report: SweepReport, skip: Set<string>) => Promise<void>,
): Promise<SweepReport> {
  const started = performance.now();
  const report: SweepReport = { wallets: 0, lots: 0, points: 0, done: false, elapsed_ms: 0 };
  const skip = new Set<string>();
  while (performance.now() - started < ctx.rules.sweepTimeBudgetMs) {
    const due = (await findDue(ctx.rules.sweepBatchSize)).filter((s) => !skip.has(s.customer_id));
    if (due.length === 0) {
      report.done = true;
      break;
    }
    await batch(due, report, skip);
  }
  report.elapsed_ms = Math.round(performance.now() - started);
  return report;
}

function count(report: SweepReport, points: number, lots: number): void {
  if (lots === 0) return;
  report.wallets += 1;
  report.lots += lots;
  report.points += points;
}

/**
 * The reminder sweep: one `points.expiring_soon` per lot whose reminder instant (the reminder
 * window before its expiry) has come, once per lot. A wallet's `reminded_through` mark says up
 * to which instant reminders went out; a batch costs one read and one bulk write, with the
 * messages published before the mark moves (a crash between the two sends a reminder again, with
 * the same id, which consumers drop).
 */
export async function remindExpiringPoints(ctx: Context): Promise<SweepReport> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const days = ctx.rules.expiryReminderDays;
  return sweepDue(
    ctx,
    (limit) => ctx.stores.wallets.findDueForReminder(now, limit),
    async (due, report, seen) => {
      const events: OutboundEvent[] = [];
      const marks = due.map((s) => {
        seen.add(s.customer_id);
        const remind = s.lots.filter((l) => {
          const at = reminderAt(l, days);
          const unsent = s.reminded_through === null || at > s.reminded_through;
          return l.status === 'active' && l.remaining > 0 && at <= nowIso && unsent && new Date(l.expires_at) > now;
        });
        for (const l of remind) {
          events.push({
            topic: 'referral-notifications',
            type: 'points.expiring_soon',
            id: `points.expiring_soon:${l.lot_id}`,
            customer_id: s.customer_id,
            data: { lot_id: l.lot_id, points: l.remaining, expires_at: l.expires_at },
          });
        }
        count(
          report,
          remind.reduce((sum, l) => sum + l.remaining, 0),
          remind.length,
        );
        return { customer_id: s.customer_id, through: nowIso, next_reminder_at: snapshotOf(s, days, nowIso).next_reminder_at };
      });
      await publishEvents(ctx.publisher, events);
      await ctx.stores.wallets.markReminded(marks);
    },
  );
}
