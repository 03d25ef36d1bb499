import { step, type Context } from '../core/context.js';
import type { LedgerEntry } from '../ledger/ledger-entry.js';
import type { OutboundEvent } from '../notifications/notification.js';
import { publishEvents } from '../notifications/publish-events.js';
import { entryKey } from '../ledger/ledger-store.js';
import { changeWallet, numberEntries, walletDeps } from '../points/wallet-engine.js';
import { expireLots } from '../points/wallet-operations.js';
import { lotWritesOf } from '../points/wallet-reads.js';
import { emptyWallet, headAfter, isOpen, type Wallet } from '../points/wallet.js';
import type { StoredLot } from '../points/wallet-store.js';

/** What a sweep did; `done` is false when it stopped at its time budget and will resume. */
export interface SweepReport {
  wallets: number;
  lots: number;
  points: number;
  done: boolean;
  elapsed_ms: number;
}

/** Lots of one batch, by customer, in the order they came. */
function byCustomer(lots: readonly StoredLot[]): Map<string, StoredLot[]> {
  const groups = new Map<string, StoredLot[]>();
  for (const s of lots) groups.set(s.customer_id, [...(groups.get(s.customer_id) ?? []), s]);
  return groups;
}

/**
 * The expiry sweep (docs/rules.md §2.7): `EXPIRE` for what is left of every lot past
 * `expires_at`. It takes due lots a batch at a time from the lots' expiry index, and handles a
 * batch with a fixed number of bulk commands: one read of the heads of their wallets, one lookup
 * of the next ledger key of each (a wallet whose head lags goes the single-wallet way), one
 * unordered insert of one `EXPIRE` entry per wallet (each commits or conflicts on its own, so two
 * sweeps at once expire each lot once), and one bulk write of each wallet's lots and head. Its
 * cost follows the lots that expire, never the lots in total.
 */
export async function expireReferralPoints(ctx: Context): Promise<SweepReport> {
  const deps = walletDeps(ctx);
  const now = ctx.clock.now();
  const expire = expireLots();
  const counted = new Set<string>();
  return sweepDue(
    ctx,
    (limit) => ctx.stores.wallets.findLotsDueForExpiry(now, limit),
    async (due, report, retried) => {
      // Every wallet found stays in play, even one whose lots a later entry already closed: it lags, or is done.
      const groups = byCustomer(due);
      const ids = [...groups.keys()];
      const heads = new Map((await ctx.stores.wallets.getHeads(ids)).map((h) => [h.customer_id, h]));
      const walletOf = (id: string): Wallet => ({
        ...(heads.get(id) ?? emptyWallet(id)),
        lots: groups
          .get(id)!
          .map((s) => s.lot)
          .filter((l) => l.status === 'active'),
      });
      const lagging = await ctx.stores.ledger.existingKeys(ids.map((id) => ({ customer_id: id, seq: walletOf(id).seq + 1 })));
      const direct: Array<{ wallet: Wallet; entry: LedgerEntry }> = [];
      const oneByOne: string[] = [];
      for (const id of ids) {
        const wallet = walletOf(id);
        if (lagging.has(entryKey(id, wallet.seq + 1))) {
          oneByOne.push(id);
          continue;
        }
        const change = await expire.run(wallet, now);
        if (!change?.ok) {
          retried.add(id);
          continue;
        }
        const [entry] = numberEntries(wallet, change.value.entries, { actor: 'scheduler', requestHash: '', now });
        direct.push({ wallet, entry: entry! });
      }
      const outcomes = await ctx.stores.ledger.appendEach(direct.map((d) => d.entry));
      const committed = direct.filter((_, i) => outcomes[i] === 'appended');
      for (const [i, d] of direct.entries()) if (outcomes[i] !== 'appended') oneByOne.push(d.wallet.customer_id);
      if (committed.length > 0) {
        step(ctx, 'ledger-written');
        await publishEvents(
          ctx.publisher,
          committed.flatMap((d) => d.entry.events),
        );
        step(ctx, 'events-published');
        await ctx.stores.wallets.saveChanges(
          committed.map((d) => ({
            head: headAfter(d.wallet, [d.entry]),
            lots: lotWritesOf([d.entry], ctx.rules.expiryReminderDays),
          })),
        );
      }
      for (const d of committed) count(report, counted, d.wallet.customer_id, -d.entry.points, d.entry.lots.length);
      // A wallet that lags or lost the race to another writer: read its due lots and expire them alone.
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
        if (r.ok) count(report, counted, customerId, r.value.points_expired, r.value.lots_expired);
      }
    },
  );
}

/**
 * Runs `batch` on the lots `findDue` returns, a batch of `SWEEP_LOT_BATCH_SIZE` at a time, until
 * none is due or the time budget is spent. `batch` adds to the report and to `skip`, the wallets
 * this run takes no more.
 */
async function sweepDue(
  ctx: Context,
  findDue: (limit: number) => Promise<StoredLot[]>,
  batch: (due: StoredLot[], report: SweepReport, skip: Set<string>) => Promise<void>,
): Promise<SweepReport> {
  const started = performance.now();
  const report: SweepReport = { wallets: 0, lots: 0, points: 0, done: false, elapsed_ms: 0 };
  const skip = new Set<string>();
  while (performance.now() - started < ctx.rules.sweepTimeBudgetMs) {
    const due = (await findDue(ctx.rules.sweepLotBatchSize)).filter((s) => !skip.has(s.customer_id));
    if (due.length === 0) {
      report.done = true;
      break;
    }
    await batch(due, report, skip);
  }
  report.elapsed_ms = Math.round(performance.now() - started);
  return report;
}

/** Adds lots and points to the report; a wallet counts once per run, whatever the batches it spans. */
function count(report: SweepReport, counted: Set<string>, customerId: string, points: number, lots: number): void {
  if (lots === 0) return;
  if (!counted.has(customerId)) report.wallets += 1;
  counted.add(customerId);
  report.lots += lots;
  report.points += points;
}

/**
 * The reminder sweep: one `points.expiring_soon` per open lot whose reminder instant (the reminder
 * window before its expiry) has come, once per lot. It takes those lots a batch at a time from
 * the lots' reminder index; a batch costs one read and one bulk write that clears their reminder
 * instants, with the messages published before (a crash between the two sends a reminder again,
 * with the same id, which consumers drop).
 */
export async function remindExpiringPoints(ctx: Context): Promise<SweepReport> {
  const now = ctx.clock.now();
  const counted = new Set<string>();
  return sweepDue(
    ctx,
    (limit) => ctx.stores.wallets.findLotsDueForReminder(now, limit),
    async (due, report) => {
      const events: OutboundEvent[] = [];
      for (const { customer_id, lot } of due) {
        // A lot that expired before its reminder went out is the expiry sweep's.
        if (!isOpen(lot) || new Date(lot.expires_at) <= now) continue;
        events.push({
          topic: 'referral-notifications',
          type: 'points.expiring_soon',
          id: `points.expiring_soon:${lot.lot_id}`,
          customer_id,
          data: { lot_id: lot.lot_id, points: lot.remaining, expires_at: lot.expires_at },
        });
        count(report, counted, customer_id, lot.remaining, 1);
      }
      await publishEvents(ctx.publisher, events);
      await ctx.stores.wallets.markReminded(due.map((s) => ({ customer_id: s.customer_id, lot_id: s.lot.lot_id })));
    },
  );
}
