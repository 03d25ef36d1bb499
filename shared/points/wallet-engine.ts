import type { Clock } from '../core/clock.js';
import { step, type Context, type StepObserver } from '../core/context.js';
import { ContentionError, fail, type Result } from '../core/result.js';
import type { LedgerEntry } from '../ledger/ledger-entry.js';
import type { LedgerStore } from '../ledger/ledger-store.js';
import { publishEvents } from '../notifications/publish-events.js';
import type { Publisher } from '../notifications/publisher.js';
import { loadLots, lotWritesOf } from './wallet-reads.js';
import type { EntryDraft, WalletOperation } from './wallet-operations.js';
import { applyEntry, emptyWallet, headAfter, headOf, type LotQuery, type Wallet, type WalletHead } from './wallet.js';
import type { WalletStore } from './wallet-store.js';

/** What a wallet change needs. */
export interface WalletDeps {
  wallets: WalletStore;
  ledger: LedgerStore;
  publisher: Publisher;
  clock: Clock;
  reminderDays: number;
  /** Test seam: told of each step, so crash tests can stop a change between two writes. */
  steps?: StepObserver;
}

/** The wallet engine's dependencies, taken from a context. */
export function walletDeps(ctx: Context): WalletDeps {
  return {
    wallets: ctx.stores.wallets,
    ledger: ctx.stores.ledger,
    publisher: ctx.publisher,
    clock: ctx.clock,
    reminderDays: ctx.rules.expiryReminderDays,
    ...(ctx.steps ? { steps: ctx.steps } : {}),
  };
}

/** One request to change a wallet. */
export interface WalletRequest<R> {
  customerId: string;
  /** Idempotency key of the change (its first entry's id); null for changes idempotent by their nature (sweeps). */
  opId: string | null;
  requestHash: string;
  actor: string;
  operation: WalletOperation<R>;
  /** The answer for a change made before (`prior` is its entry: a retry), or for nothing to do (`prior` null). */
  replay: (wallet: Wallet, prior: LedgerEntry | null) => Result<R> | Promise<Result<R>>;
}

/** A wallet as read: the stored head (if any), the entries committed after it, and the state they make. */
export interface ReadWallet {
  wallet: Wallet;
  head: WalletHead | null;
  /** Entries after the head: committed, but the head does not show them yet. */
  lagging: LedgerEntry[];
}

const maxAttempts = 40;

/**
 * An entry whose writer may still publish its messages and write the lots and head is left to it
 * for this long (wall clock); after that, whoever finds it lagging finishes its work.
 */
const writerGraceMs = 5_000;

/**
 * A customer's wallet with the lots `query` asks for: the head, every entry after it (each found
 * by its key, so the cost follows the lag, normally one lookup that misses), and the lots, read
 * from an index beside that lookup. What it reads follows the query, never the history or the
 * number of lots the wallet holds. A reader never sees less than is committed.
 */
export async function readWallet(
  deps: Pick<WalletDeps, 'wallets' | 'ledger'>,
  customerId: string,
  query: LotQuery,
  now: Date,
): Promise<ReadWallet> {
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const head = await deps.wallets.getHead(customerId);
    const base: Wallet = { ...(head ?? emptyWallet(customerId)), lots: [] };
    const loaded = await loadLots(deps, base, query, now);
    if (loaded === 'moved') continue;
    return { wallet: loaded.wallet, head, lagging: loaded.lagging };
  }
  throw new ContentionError(`Wallet ${customerId} kept changing while it was read, ${maxAttempts} times`);
}

/** Numbers a change's drafts as the next entries of the wallet, with the book balance after each. */
export function numberEntries(
  wallet: Wallet,
  drafts: readonly EntryDraft[],
  meta: { actor: string; requestHash: string; now: Date },
): LedgerEntry[] {
  let state = wallet;
  return drafts.map((d) => {
    const seq = state.seq + 1;
    state = applyEntry(state, { seq, points: d.points, lot_changes: d.lot_changes, ...(d.tombstones ? { tombstones: d.tombstones } : {}) });
    return {
      ...d,
      customer_id: wallet.customer_id,
      seq,
      balance_after: state.balance,
      actor: meta.actor,
      created_at: meta.now.toISOString(),
      request_hash: meta.requestHash,
      written_at: Date.now(),
    };
  });
}

/**
 * Applies one change to a customer's wallet. The change is committed by inserting its entries at
 * the next seqs of the ledger: of racing changes exactly one inserts, the others read again and
 * decide again. Then its messages are published, the lots it touched are written, and the head
 * moves forward. A crash after the insert leaves a committed entry that the retry (it finds its
 * entry by id), the next change of the wallet, a sweep or reconcile finishes.
 */
export async function changeWallet<R>(deps: WalletDeps, req: WalletRequest<R>): Promise<Result<R>> {
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const now = deps.clock.now();
    const read = await readWallet(deps, req.customerId, req.operation.lots, now);
    const change = await req.operation.run(read.wallet, now);
    if (change === null) {
      const prior = req.opId ? await deps.ledger.getEntry(req.customerId, req.opId) : null;
      return answerPrior(deps, req, read, prior);
    }
    if (!change.ok) {
      // A retry may find the state moved on since its first attempt: answer what that attempt did.
      const prior = req.opId ? await deps.ledger.getEntry(req.customerId, req.opId) : null;
      return prior ? answerPrior(deps, req, read, prior) : change;
    }
    const entries = numberEntries(read.wallet, change.value.entries, { actor: req.actor, requestHash: req.requestHash, now });
    const appended = await deps.ledger.append(entries);
    if (appended.status === 'seq_taken') {
      await backoff(attempt);
      continue;
    }
    if (appended.status === 'duplicate') return answerPrior(deps, req, read, appended.existing);
    step(deps, 'ledger-written');
    await publishEvents(deps.publisher, [...eventsToFinish(read.lagging), ...entries.flatMap((e) => e.events)]);
    step(deps, 'events-published');
    await writeState(deps, [...read.lagging, ...entries], headAfter(read.wallet, entries));
    return { ok: true, value: change.value.result };
  }
  throw new ContentionError(`Wallet ${req.customerId} stayed contended for ${maxAttempts} attempts`);
}

/** Writes the lots the entries touched (their latest states), then the head: a head never shows a seq its lots do not. */
async function writeState(deps: WalletDeps, entries: readonly LedgerEntry[], head: WalletHead): Promise<void> {
  await deps.wallets.saveChange({ head, lots: lotWritesOf(entries, deps.reminderDays) });
}

/**
 * The answer to a change made before: its messages again (its writer may have died before
 * sending them), the head brought up to the ledger (the same death may have left it behind),
 * then the replay.
 */
async function answerPrior<R>(deps: WalletDeps, req: WalletRequest<R>, read: ReadWallet, prior: LedgerEntry | null): Promise<Result<R>> {
  if (prior && prior.request_hash !== undefined && prior.request_hash !== req.requestHash) {
    return fail('IDEMPOTENCY_CONFLICT', `Idempotency key ${req.opId ?? prior.entry_id} was used before with a different request`);
  }
  if (prior && !read.lagging.some((e) => e.seq === prior.seq)) {
    // The whole change: its first entry and the (at most two) that followed it in the same insert.
    const next = await deps.ledger.entriesAfter(read.wallet.customer_id, prior.seq, 2);
    const sameChange = next.filter((e) => e.entry_id.startsWith(`${prior.entry_id}:`));
    await publishEvents(
      deps.publisher,
      [prior, ...sameChange].flatMap((e) => e.events),
    );
  }
  await catchUpWallet(deps, read);
  return req.replay(read.wallet, prior);
}

/** Messages of lagging entries whose writer had its time to publish them and did not move the head. */
function eventsToFinish(lagging: readonly LedgerEntry[]) {
  const cutoff = Date.now() - writerGraceMs;
  return lagging.filter((e) => e.written_at <= cutoff).flatMap((e) => e.events);
}

/**
 * Brings a wallet's lots and head up to its ledger: publishes the lagging entries' messages (their
 * ids let consumers drop repeats), writes the lots they touched, then the head. Reconcile and the
 * sweeps call it; it is what finishes a change whose writer died after its insert.
 */
export async function catchUpWallet(deps: WalletDeps, read: ReadWallet): Promise<boolean> {
  if (read.lagging.length === 0) return false;
  await publishEvents(
    deps.publisher,
    read.lagging.flatMap((e) => e.events),
  );
  await writeState(deps, read.lagging, headOf(read.wallet));
  return true;
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.min(50, 2 ** Math.min(attempt, 5)) * Math.random();
  return new Promise((resolve) => setTimeout(resolve, ms));
}
