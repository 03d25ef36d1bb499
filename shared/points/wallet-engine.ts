import { step, type Context, type StepObserver } from '../core/context.js';
import type { Clock } from '../core/clock.js';
import { ContentionError, fail, type Result } from '../core/result.js';
import type { LedgerEntry } from '../ledger/ledger-entry.js';
import type { LedgerStore } from '../ledger/ledger-store.js';
import { publishEvents } from '../notifications/publish-events.js';
import type { Publisher } from '../notifications/publisher.js';
import type { WalletChange, WalletOperation } from './wallet-operations.js';
import { bookBalance, emptyWallet, operationWindow, withSweepIndexes, type Wallet } from './wallet.js';
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
  /** Idempotency key of the change; null for changes that are idempotent by their nature (sweeps). */
  opId: string | null;
  requestHash: string;
  actor: string;
  operation: WalletOperation<R>;
  /** The answer for a change already made (a retry), or for nothing to do. */
  replay: (wallet: Wallet) => Result<R>;
}

const maxAttempts = 40;

/**
 * Applies one change to a customer's wallet: the next version is committed by one insert that
 * only one concurrent change can win, then the ledger entries and messages it caused are written
 * from its outbox and the version is published. A crash after the commit is finished by the next
 * change of the wallet (roll forward) or by reconcile.
 */
export async function changeWallet<R>(deps: WalletDeps, req: WalletRequest<R>): Promise<Result<R>> {
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const wallet = (await deps.wallets.getWallet(req.customerId)) ?? emptyWallet(req.customerId);
    if (req.opId) {
      const seen = wallet.ops.find((o) => o.op_id === req.opId);
      if (seen) return seen.request_hash === req.requestHash ? req.replay(wallet) : idempotencyConflict(req.opId);
      if (wallet.ops.length >= operationWindow) {
        const old = await deps.ledger.getEntry(req.opId);
        if (old) return old.request_hash === req.requestHash ? req.replay(wallet) : idempotencyConflict(req.opId);
      }
    }
    const now = deps.clock.now();
    const change = req.operation(wallet, now);
    if (change === null) return req.replay(wallet);
    if (!change.ok) return change;
    const next = nextWallet(wallet, req, change.value, now, deps.reminderDays);
    const saved = await deps.wallets.saveWallet(next, wallet.version);
    if (saved.status === 'conflict') {
      // Another change committed first. If its version stays unpublished across retries, its
      // writer died after committing: finish its work (roll forward) instead of waiting for it.
      if (saved.unpublished && attempt >= 2) await flushOutbox(deps, saved.unpublished);
      else await backoff(attempt);
      continue;
    }
    step(deps, 'wallet-saved');
    await flushOutbox(deps, next);
    return { ok: true, value: change.value.result };
  }
  throw new ContentionError(`Wallet ${req.customerId} stayed contended for ${maxAttempts} attempts`);
}

function nextWallet<R>(w: Wallet, req: WalletRequest<R>, change: WalletChange<R>, now: Date, reminderDays: number): Wallet {
  let balance = bookBalance(w);
  let seq = w.ledger_seq;
  const entries: LedgerEntry[] = change.entries.map((d) => {
    balance += d.points;
    seq += 1;
    return {
      ...d,
      customer_id: w.customer_id,
      balance_after: balance,
      seq,
      actor: req.actor,
      created_at: now.toISOString(),
      request_hash: req.requestHash,
    };
  });
  const ops = req.opId ? [...w.ops, { op_id: req.opId, request_hash: req.requestHash }].slice(-operationWindow) : w.ops;
  return withSweepIndexes(
    {
      ...w,
      version: w.version + 1,
      ledger_seq: seq,
      lots: change.lots,
      redemptions: change.redemptions,
      ops,
      outbox: entries,
      pending_events: change.events,
    },
    reminderDays,
  );
}

/** Writes a committed version's outbox to the ledger, publishes its messages, then publishes the version. */
export async function flushOutbox(deps: WalletDeps, w: Wallet): Promise<void> {
  if (w.outbox.length > 0) await deps.ledger.appendEntries(w.outbox);
  step(deps, 'ledger-written');
  await publishEvents(deps.publisher, w.pending_events);
  step(deps, 'events-published');
  await deps.wallets.publishWallet(w);
}

function idempotencyConflict(opId: string) {
  return fail('IDEMPOTENCY_CONFLICT', `Idempotency key ${opId} was used before with a different request`);
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.min(50, 2 ** Math.min(attempt, 5)) * Math.random();
  return new Promise((resolve) => setTimeout(resolve, ms));
}
