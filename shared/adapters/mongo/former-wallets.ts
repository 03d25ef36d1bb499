import type { Document } from 'mongodb';
import { reminderAt, type Lot, type WalletHead } from '../../points/wallet.js';
import { formerSnapshotDocument } from './documents.js';

/** A wallet of a former shape, as the head and lot documents it becomes. */
export interface FormerWallet {
  head: WalletHead;
  /** Its live lots, each as of the head's seq, with its reminder instant (null: reminded already). */
  lots: Array<{ lot: Lot; remind_at: string | null }>;
}

/** Whether a `referral_points` document has the shape before the ledger became the wallets' commit log. */
export function isPreLedgerWallet(doc: Document): boolean {
  return doc['seq'] === undefined && typeof doc['ledger_seq'] === 'number';
}

/** Whether a `referral_points` document still holds its lots (the snapshot shape before lots had documents). */
export function holdsLots(doc: Document): boolean {
  return Array.isArray(doc['lots']);
}

/** Fields a head of a former shape carries that the head drops. */
export const formerHeadFields = {
  lots: '',
  next_expiry_at: '',
  next_reminder_at: '',
  reminded_through: '',
  version: '',
  ledger_seq: '',
  redemptions: '',
  ops: '',
  outbox: '',
  pending_events: '',
  redemption_ids: '',
};

/**
 * A snapshot of the shape before lots had documents: its head, and its live lots with their
 * reminder instants; a lot whose reminder instant is at or before the snapshot's
 * `reminded_through` was reminded (the sweep reminded every lot due by then).
 */
export function fromFormerSnapshot(doc: Document, reminderDays: number): FormerWallet {
  const s = formerSnapshotDocument.parse(doc);
  const through = s.reminded_through;
  return {
    head: { customer_id: s.customer_id, seq: s.seq, balance: s.balance, tombstones: s.tombstones },
    lots: s.lots
      .filter((l): l is Lot => l !== null)
      .map((lot) => {
        const at = reminderAt(lot, reminderDays);
        return { lot, remind_at: through !== null && at <= through ? null : at };
      }),
  };
}

/**
 * A wallet document of the pre-ledger shape as the snapshot it stands for: its live lots at its
 * ledger seq (closed lots and redemptions are in the ledger). Its reminder marks become
 * `reminded_through`: the last time a reminder went out.
 */
export function fromLegacyWallet(doc: Document): Document {
  const lots = (doc['lots'] ?? []) as Array<Document & { reminded_at?: string | null; status: string; expires_at: string }>;
  const live = lots.filter((l) => l.status === 'active');
  const reminded = lots.flatMap((l) => (typeof l.reminded_at === 'string' ? [l.reminded_at] : []));
  return {
    customer_id: doc['customer_id'] as unknown,
    seq: doc['ledger_seq'] as unknown,
    lots: live.map(({ reminded_at: _r, ...l }) => l),
    tombstones: lots
      .filter((l) => l.status === 'clawed_back' && l['credited_at'] === l.expires_at && l['remaining'] === 0)
      .map((l) => String(l['lot_id'])),
    reminded_through: reminded.length > 0 ? reminded.sort().at(-1)! : null,
    balance: live.reduce((s, l) => s + Number(l['remaining']), 0),
  };
}
