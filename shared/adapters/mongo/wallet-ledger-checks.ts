import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import { entryKey } from '../../ledger/ledger-store.js';
import { headAfter, reminderAt, type WalletHead } from '../../points/wallet.js';
import type { LotWrite, StoredLot } from '../../points/wallet-store.js';
import { ledgerEntryDocument } from './documents.js';
import { headUpsert, lotKey, lotUpsert, orderedWrite, type Doc } from './wallet-documents.js';

/** How many times a writer follows a later state of what it wrote. */
const rollForwardRounds = 10;

/**
 * What the wallet store does on a server without isolated updates (FerretDB v1), where a guarded
 * write is a read and a separate write-back, so an older lot or head state can land over a newer
 * one: lot states handed out are checked against the ledger and written back, and a writer
 * follows the later states of the lots and heads it wrote. The ledger is the truth the checks read.
 */
export class WalletLedgerChecks {
  readonly #points: Collection<Doc>;
  readonly #ledger: Collection<Doc>;
  readonly #updateBatch: number;
  readonly #reminderDays: number;

  constructor(points: Collection<Doc>, ledger: Collection<Doc>, options: { updateBatch: number; reminderDays: number }) {
    this.#points = points;
    this.#ledger = ledger;
    this.#updateBatch = options.updateBatch;
    this.#reminderDays = options.reminderDays;
  }

  #write(ops: Array<AnyBulkWriteOperation<Doc>>): Promise<void> {
    return orderedWrite(this.#points, ops, this.#updateBatch);
  }

  /**
   * The given lot states, each replaced by the state a
   * later ledger entry gave it, if any (one query), which is also written back over the stale
   * one.
   */
  async checked(lots: StoredLot[]): Promise<StoredLot[]> {
    if (lots.length === 0) return lots;
    const newer = await this.#laterStates(lots);
    if (newer.length > 0) await this.#write(newer.map(lotUpsert));
    const later = new Map(newer.map((w) => [lotKey(w.customer_id, w.lot.lot_id), w]));
    return lots.map((s) => {
      const w = later.get(lotKey(s.customer_id, s.lot.lot_id));
      return w ? { customer_id: w.customer_id, seq: w.seq, lot: w.lot } : s;
    });
  }

  /** For each lot state given, the state of the newest ledger entry after it that touched the lot, if any (one query). */
  async #laterStates(lots: readonly StoredLot[]): Promise<LotWrite[]> {
    if (lots.length === 0) return [];
    const entries = await this.#ledger
      .find({
        customer_id: { $in: [...new Set(lots.map((l) => l.customer_id))] },
        'lot_changes.lot_id': { $in: [...new Set(lots.map((l) => l.lot.lot_id))] },
        seq: { $gt: Math.min(...lots.map((l) => l.seq)) },
      })
      .toArray();
    const newest = new Map<string, LotWrite>();
    for (const doc of entries) {
      const e = ledgerEntryDocument.parse(doc);
      for (const lot of e.lot_changes) {
        const key = lotKey(e.customer_id, lot.lot_id);
        const known = newest.get(key);
        if (!known || known.seq < e.seq) {
          newest.set(key, { customer_id: e.customer_id, seq: e.seq, lot, remind_at: reminderAt(lot, this.#reminderDays) });
        }
      }
    }
    return lots.flatMap((l) => {
      const w = newest.get(lotKey(l.customer_id, l.lot.lot_id));
      return w && w.seq > l.seq ? [w] : [];
    });
  }

  /** Writes the states of later ledger entries over lots just written, until none is found (an older write may have landed over them). */
  async rollForward(written: readonly LotWrite[]): Promise<void> {
    let pending = await this.#laterStates(written);
    for (let round = 0; round < rollForwardRounds && pending.length > 0; round += 1) {
      await this.#write(pending.map(lotUpsert));
      pending = await this.#laterStates(pending);
    }
  }

  /**
   * After heads were written: a head this writer wrote may
   * have landed over a newer one, so where the ledger holds an entry after a head, the head those
   * entries make is written (guarded), until none follows. One key lookup for the batch, normally
   * missing.
   */
  async rollHeadsForward(written: readonly WalletHead[]): Promise<void> {
    let heads = written;
    for (let round = 0; round < rollForwardRounds && heads.length > 0; round += 1) {
      const next = await this.#ledger
        .find({ _id: { $in: heads.map((h) => entryKey(h.customer_id, h.seq + 1)) } }, { projection: { _id: 1 } })
        .toArray();
      const behind = new Set(next.map((d) => d._id));
      const moved: WalletHead[] = [];
      for (const h of heads.filter((x) => behind.has(entryKey(x.customer_id, x.seq + 1)))) {
        const entries = await this.#ledger
          .find({ _id: { $gt: entryKey(h.customer_id, h.seq), $lte: entryKey(h.customer_id, Number.MAX_SAFE_INTEGER) } })
          .sort({ _id: 1 })
          .toArray();
        moved.push(
          headAfter(
            h,
            entries.map((d) => ledgerEntryDocument.parse(d)),
          ),
        );
      }
      await this.#write(moved.map(headUpsert));
      heads = moved;
    }
  }
}
