import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection, type Document } from 'mongodb';
import { isOpen, type WalletHead } from '../../points/wallet.js';
import type { LotWrite, StoredLot } from '../../points/wallet-store.js';
import type { Lot } from '../../points/lot.js';

/** A document of `referral_points`: a wallet's head or one of its lots. */
export type Doc = Document & { _id: string };

/** A lot's `_id` in `referral_points`: `<customer>#<lot id>`, so a wallet's head and lots are one range of `_id`. */
export function lotKey(customerId: string, lotId: string): string {
  return `${customerId}#${lotId}`;
}

/** A lot's place in spend order as one string (ISO instants sort as they fall), so a page of lots is one index range. */
export function orderOf(lot: Pick<Lot, 'expires_at' | 'lot_id'>): string {
  return `${lot.expires_at}\u0000${lot.lot_id}`;
}

/** Past every order key of lots expiring at or before `at`. */
export const orderThrough = (at: Date) => `${at.toISOString()}\u0001`;

/**
 * Ordered bulk writes of at most `updateBatch` statements each (FerretDB v1 never answers an
 * update command of 100 or more), in turn, so every statement lands after the ones before it. A
 * guarded upsert refused because a newer state is stored is what the guard meant, not a
 * failure: the statements after it are sent again, without it.
 */
export async function orderedWrite(
  collection: Collection<Doc>,
  ops: Array<AnyBulkWriteOperation<Doc>>,
  updateBatch: number,
): Promise<void> {
  let rest = ops;
  while (rest.length > 0) {
    const batch = rest.slice(0, updateBatch);
    try {
      await collection.bulkWrite(batch, { ordered: true });
      rest = rest.slice(batch.length);
    } catch (err) {
      const refused = err instanceof MongoBulkWriteError ? refusedAsNewer(err) : null;
      if (refused === null) throw err;
      rest = rest.slice(refused + 1);
    }
  }
}

/** Where an ordered bulk write stopped, when what stopped it was a duplicate key (a guarded upsert that met a newer state); otherwise null. */
function refusedAsNewer(err: MongoBulkWriteError): number | null {
  const written = err.writeErrors as unknown as { code: number; index: number } | Array<{ code: number; index: number }>;
  const [first, ...more] = Array.isArray(written) ? written : [written];
  return first && more.length === 0 && first.code === 11000 ? first.index : null;
}

/** The fields of a lot document that a state sets: the lot, whose it is, its seq, and the query fields. */
function lotFields(w: StoredLot): Document {
  return { ...w.lot, customer_id: w.customer_id, seq: w.seq, open: isOpen(w.lot), order: orderOf(w.lot) };
}

/** A new lot document for a lot state, as this store makes one (for bulk loads that bypass it). */
export function lotDocumentOf(w: LotWrite): Doc {
  return { _id: lotKey(w.customer_id, w.lot.lot_id), ...lotFields(w), remind_at: w.remind_at };
}

/** The guarded write of a lot state over an older one. */
export function lotMove(w: LotWrite): { filter: Document; update: Document } {
  return { filter: { _id: lotKey(w.customer_id, w.lot.lot_id), seq: { $lt: w.seq } }, update: { $set: lotFields(w) } };
}

/** {@link lotMove}, or the lot made when none is stored; the reminder instant is set when the lot is made. */
export function lotUpsert(w: LotWrite): AnyBulkWriteOperation<Doc> {
  const { filter, update } = lotMove(w);
  return { updateOne: { filter, update: { ...update, $setOnInsert: { remind_at: w.remind_at } }, upsert: true } };
}

/** The guarded write of a head over an older one (never over a head still holding its lots: its next reader splits it). */
export function headMove(head: WalletHead): { filter: Document; update: Document } {
  return { filter: { _id: head.customer_id, seq: { $lt: head.seq }, lots: { $exists: false } }, update: { $set: head } };
}

/** {@link headMove}, or the head made when none is stored. */
export function headUpsert(head: WalletHead): AnyBulkWriteOperation<Doc> {
  return { updateOne: { ...headMove(head), upsert: true } };
}
