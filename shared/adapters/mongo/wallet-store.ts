import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection, type Db, type Document } from 'mongodb';
import { applyEntry, headOf, isOpen, reminderAt, type Wallet, type WalletHead } from '../../points/wallet.js';
import { entryKey } from '../../ledger/ledger-store.js';
import type { LotCursor, LotSums, LotWrite, PointsTotals, StoredLot, WalletStore, WalletWrite } from '../../points/wallet-store.js';
import type { Lot } from '../../points/lot.js';
import { ledgerEntryDocument, lotStateDocument, walletHeadDocument } from './documents.js';
import { formerHeadFields, fromFormerSnapshot, holdsLots, isPreLedgerWallet } from './former-wallets.js';
import { ensureIndexes } from './indexes.js';
import type { ServerCapabilities } from './update-isolation.js';

type Doc = Document & { _id: string };

/** A lot's `_id` in `referral_points`: `<customer>#<lot id>`, so a wallet's head and lots are one range of `_id`. */
export function lotKey(customerId: string, lotId: string): string {
  return `${customerId}#${lotId}`;
}

/** A lot's place in spend order as one string (ISO instants sort as they fall), so a page of lots is one index range. */
function orderOf(lot: Pick<Lot, 'expires_at' | 'lot_id'>): string {
  return `${lot.expires_at}\u0000${lot.lot_id}`;
}

/** Past every order key of lots expiring at or before `at`. */
const orderThrough = (at: Date) => `${at.toISOString()}\u0001`;

/** How many times a writer on a server without isolated updates follows a later state of the lots it wrote. */
const rollForwardRounds = 10;

/**
 * Wallets in MongoDB `referral_points`: a head per customer (`_id` = customer id) and beside it a
 * document per lot (`_id` = `<customer>#<lot id>`), so a wallet is one range of `_id` (the shard
 * key, ranged: a wallet never spans shards). Each is stamped with the ledger seq of its state and
 * written with a guard on it, so an older state never replaces a newer one where the server
 * isolates updates. A change's lots and head go in one ordered bulk command, lots first, so no
 * death of the writer can fall between them. A lot document also carries `open` (active with points left),
 * `order` (its place in spend order) and `remind_at` (its reminder instant until the reminder went
 * out), so that a spend, the expiry sweep and the reminder sweep each read an index range of the
 * lots they act on, whatever else the wallet holds; heads have none of these fields, so the lot
 * indexes never find them.
 *
 * On a server without isolated updates (FerretDB v1) a guarded write is a read and a separate
 * write-back, so an older lot state can land over a newer one. There, the lot states this store
 * hands out are checked against the ledger (one query for the lots read: a later entry that
 * touched a lot has its state), and a writer looks once more after its writes for later entries
 * of the lots it wrote, writing their states. A head that goes back is harmless: readers find
 * the entries after it.
 *
 * A head of the shape before lots had documents (the snapshot holding its lots) is split into
 * head and lots when it is read; one of the shape before the ledger was the wallets' commit log
 * needs `npm run migrate` first, which also recovers entries that shape could hold.
 */
export class MongoWalletStore implements WalletStore {
  readonly #points: Collection<Doc>;
  readonly #ledger: Collection<Doc>;
  readonly #can: Pick<ServerCapabilities, 'isolatedUpdates' | 'conditionalGroups' | 'updateBatch'>;
  readonly #reminderDays: number;

  constructor(
    db: Db,
    can: Pick<ServerCapabilities, 'isolatedUpdates' | 'conditionalGroups' | 'updateBatch'>,
    options: { reminderDays?: number } = {},
  ) {
    this.#points = db.collection<Doc>('referral_points', { ignoreUndefined: true });
    this.#ledger = db.collection<Doc>('points_ledger');
    this.#can = can;
    this.#reminderDays = options.reminderDays ?? 7;
  }

  /** Creates the lots' indexes; idempotent. Heads are read by `_id` only. */
  static async createIndexes(db: Db): Promise<void> {
    await ensureIndexes(db.collection('referral_points'), [
      { key: { customer_id: 1, status: 1, open: 1, order: 1 }, name: 'customer_lots' },
      { key: { status: 1, expires_at: 1, _id: 1 }, name: 'expiry' },
      { key: { open: 1, remind_at: 1 }, name: 'reminders' },
    ]);
  }

  async getHead(customerId: string): Promise<WalletHead | null> {
    const doc = await this.#points.findOne({ _id: customerId });
    return doc ? this.#headOf(doc) : null;
  }

  async getHeads(customerIds: readonly string[]): Promise<WalletHead[]> {
    if (customerIds.length === 0) return [];
    // One batch for the whole answer: a sweep's batch of wallets is one round trip, not a find and its getMores.
    const docs = await this.#points
      .find({ _id: { $in: [...customerIds] } })
      .batchSize(customerIds.length)
      .toArray();
    return Promise.all(docs.map((d) => this.#headOf(d)));
  }

  async listHeads(afterId: string | null, limit: number): Promise<WalletHead[]> {
    if (limit <= 0) return [];
    // Heads have no `status` nor `expires_at`: in the expiry index they are the null keys, in `_id` order.
    const docs = await this.#points
      .find({ status: null, expires_at: null, ...(afterId === null ? {} : { _id: { $gt: afterId } }) })
      .sort({ status: 1, expires_at: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return Promise.all(docs.map((d) => this.#headOf(d)));
  }

  async getLots(customerId: string, lotIds: readonly string[]): Promise<StoredLot[]> {
    if (lotIds.length === 0) return [];
    const docs = await this.#points.find({ _id: { $in: lotIds.map((id) => lotKey(customerId, id)) } }).toArray();
    return this.#checked(docs.map((d) => lotStateDocument.parse(d)));
  }

  async listLots(
    customerId: string,
    options: { which: 'open' | 'active'; dueBy?: Date; after?: LotCursor; limit?: number },
  ): Promise<StoredLot[]> {
    if (options.limit !== undefined && options.limit <= 0) return [];
    const order: Document = {};
    if (options.after) order['$gt'] = orderOf(options.after);
    if (options.dueBy) order['$lt'] = orderThrough(options.dueBy);
    const cursor = this.#points
      .find({
        customer_id: customerId,
        status: 'active',
        ...(options.which === 'open' ? { open: true } : {}),
        ...(Object.keys(order).length > 0 ? { order } : {}),
      })
      .sort({ order: 1 });
    if (options.limit !== undefined) cursor.limit(options.limit);
    return this.#checked((await cursor.toArray()).map((d) => lotStateDocument.parse(d)));
  }

  async saveChange(write: WalletWrite): Promise<void> {
    await this.#ordered([...write.lots.map(lotUpsert), headUpsert(write.head)]);
    if (this.#can.isolatedUpdates) return;
    await this.#rollForward(write.lots);
    await this.#rollHeadsForward([write.head]);
  }

  async saveChanges(writes: readonly WalletWrite[]): Promise<void> {
    // No upsert: the sweeps move the lots and heads they found. A wallet's statements stay in one command.
    const wallets = writes.map((w) => [...w.lots.map((l) => ({ updateOne: lotMove(l) })), { updateOne: headMove(w.head) }]);
    let chunk: Array<AnyBulkWriteOperation<Doc>> = [];
    for (const ops of wallets) {
      if (chunk.length > 0 && chunk.length + ops.length > this.#can.updateBatch) {
        await this.#ordered(chunk);
        chunk = [];
      }
      chunk.push(...ops);
    }
    await this.#ordered(chunk);
    if (this.#can.isolatedUpdates) return;
    await this.#rollForward(writes.flatMap((w) => w.lots));
    await this.#rollHeadsForward(writes.map((w) => w.head));
  }

  async findLotsDueForExpiry(now: Date, limit: number): Promise<StoredLot[]> {
    if (limit <= 0) return [];
    const docs = await this.#points
      .find({ status: 'active', expires_at: { $lte: now.toISOString() } })
      .sort({ status: 1, expires_at: 1, _id: 1 })
      .limit(limit)
      .batchSize(limit)
      .toArray();
    return this.#checked(docs.map((d) => lotStateDocument.parse(d)));
  }

  async findLotsDueForReminder(now: Date, limit: number): Promise<StoredLot[]> {
    if (limit <= 0) return [];
    const docs = await this.#points
      .find({ open: true, remind_at: { $lte: now.toISOString() } })
      .sort({ open: 1, remind_at: 1 })
      .limit(limit)
      .batchSize(limit)
      .toArray();
    return docs.map((d) => lotStateDocument.parse(d));
  }

  async markReminded(lots: ReadonlyArray<Pick<StoredLot, 'customer_id'> & { lot_id: string }>): Promise<void> {
    const ops = lots.map((l) => ({
      updateOne: { filter: { _id: lotKey(l.customer_id, l.lot_id) }, update: { $set: { remind_at: null } } },
    }));
    // FerretDB v1 never answers an update command of 100 statements or more.
    for (let i = 0; i < ops.length; i += this.#can.updateBatch) {
      await this.#points.bulkWrite(ops.slice(i, i + this.#can.updateBatch), { ordered: false });
    }
  }

  async lotSums(customerIds: readonly string[]): Promise<LotSums[]> {
    if (customerIds.length === 0) return [];
    const sums = new Map<string, LotSums>(customerIds.map((id) => [id, { customer_id: id, remaining: 0, out_of_range: [] }]));
    // Streamed: memory holds the batch's sums, not its lots.
    const cursor = this.#points.find(
      { customer_id: { $in: [...customerIds] }, status: 'active' },
      { projection: { customer_id: 1, lot_id: 1, remaining: 1, points: 1 } },
    );
    for await (const d of cursor) {
      const s = sums.get(String(d['customer_id']));
      if (!s) continue;
      const remaining = Number(d['remaining']);
      const points = Number(d['points']);
      s.remaining += remaining;
      if (remaining < 0 || remaining > points) s.out_of_range.push({ lot_id: String(d['lot_id']), remaining, points });
    }
    return [...sums.values()];
  }

  /** One aggregation where the server has `$cond` and several accumulators per `$group`, otherwise four. */
  async totals(now: Date, horizon: Date): Promise<PointsTotals> {
    return this.#can.conditionalGroups ? this.#totalsAtOnce(now, horizon) : this.#totalsOneByOne(now, horizon);
  }

  /** One aggregation: every open lot split into spendable, expiring and unswept, per customer, then in total. */
  async #totalsAtOnce(now: Date, horizon: Date): Promise<PointsTotals> {
    const at = now.toISOString();
    const spendable = { $gt: ['$expires_at', at] };
    const [row] = await this.#points
      .aggregate<PointsTotals>([
        { $match: { open: true } },
        {
          $group: {
            _id: '$customer_id',
            spendable: { $sum: { $cond: [spendable, '$remaining', 0] } },
            expiring: { $sum: { $cond: [{ $and: [spendable, { $lte: ['$expires_at', horizon.toISOString()] }] }, '$remaining', 0] } },
            unswept: { $sum: { $cond: [spendable, 0, '$remaining'] } },
          },
        },
        {
          $group: {
            _id: null,
            outstanding: { $sum: '$spendable' },
            expiring: { $sum: '$expiring' },
            awaiting_sweep: { $sum: '$unswept' },
            customers_with_balance: { $sum: { $cond: [{ $gt: ['$spendable', 0] }, 1, 0] } },
          },
        },
      ])
      .toArray();
    return {
      outstanding: row?.outstanding ?? 0,
      expiring: row?.expiring ?? 0,
      awaiting_sweep: row?.awaiting_sweep ?? 0,
      customers_with_balance: row?.customers_with_balance ?? 0,
    };
  }

  /** Four aggregations with one accumulator each, for servers without $cond. */
  async #totalsOneByOne(now: Date, horizon: Date): Promise<PointsTotals> {
    const at = now.toISOString();
    const sum = async (expires: Document, count: 'points' | 'customers'): Promise<number> => {
      const stages: Document[] = [{ $match: { open: true, expires_at: expires } }];
      if (count === 'customers')
        stages.push({ $group: { _id: '$customer_id', n: { $sum: 1 } } }, { $group: { _id: null, n: { $sum: 1 } } });
      else stages.push({ $group: { _id: null, n: { $sum: '$remaining' } } });
      const [row] = await this.#points.aggregate<{ n: number }>(stages).toArray();
      return row?.n ?? 0;
    };
    const [outstanding, expiring, awaitingSweep, customers] = await Promise.all([
      sum({ $gt: at }, 'points'),
      sum({ $gt: at, $lte: horizon.toISOString() }, 'points'),
      sum({ $lte: at }, 'points'),
      sum({ $gt: at }, 'customers'),
    ]);
    return { outstanding, expiring, awaiting_sweep: awaitingSweep, customers_with_balance: customers };
  }

  /** A stored head; one of the snapshot shape is split into head and lots first. */
  async #headOf(doc: Doc): Promise<WalletHead> {
    if (isPreLedgerWallet(doc)) {
      throw new Error(`Wallet ${doc._id} has the shape from before the ledger was the wallets' commit log: run npm run migrate`);
    }
    if (!holdsLots(doc)) return walletHeadDocument.parse(doc);
    return this.splitFormerSnapshot(doc);
  }

  /**
   * Writes a snapshot's lots as documents at its seq, then drops them from the head (guarded by
   * that seq, so a newer head is never touched), in one ordered command. Idempotent: any number of
   * readers may do it at once.
   */
  async splitFormerSnapshot(doc: Document): Promise<WalletHead> {
    const { head, lots } = fromFormerSnapshot(doc, this.#reminderDays);
    const writes = lots.map(({ lot, remind_at }) => ({ customer_id: head.customer_id, seq: head.seq, lot, remind_at }));
    const split = {
      updateOne: {
        filter: { _id: head.customer_id, seq: head.seq, lots: { $exists: true } },
        update: { $set: head, $unset: formerHeadFields },
      },
    };
    await this.#ordered([...writes.map(lotUpsert), split]);
    if (!this.#can.isolatedUpdates) await this.#rollForward(writes);
    return head;
  }

  /** Writes the states of later ledger entries over lots just written, until none is found (an older write may have landed over them). */
  async #rollForward(written: readonly LotWrite[]): Promise<void> {
    let pending = await this.#laterStates(written);
    for (let round = 0; round < rollForwardRounds && pending.length > 0; round += 1) {
      await this.#ordered(pending.map(lotUpsert));
      pending = await this.#laterStates(pending);
    }
  }

  /**
   * On a server without isolated updates, after heads were written: a head this writer wrote may
   * have landed over a newer one, so where the ledger holds an entry after a head, the head those
   * entries make is written (guarded), until none follows. One key lookup for the batch, normally
   * missing.
   */
  async #rollHeadsForward(written: readonly WalletHead[]): Promise<void> {
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
        const start: Wallet = { ...h, lots: [] };
        moved.push(headOf(entries.map((d) => ledgerEntryDocument.parse(d)).reduce((w, e) => applyEntry(w, e, () => false), start)));
      }
      await this.#ordered(moved.map(headUpsert));
      heads = moved;
    }
  }

  /**
   * Ordered bulk writes of at most `updateBatch` statements each (FerretDB v1 never answers an
   * update command of 100 or more), in turn, so every statement lands after the ones before it. A
   * guarded upsert refused because a newer state is stored is what the guard meant, not a
   * failure: the statements after it are sent again, without it.
   */
  async #ordered(ops: Array<AnyBulkWriteOperation<Doc>>): Promise<void> {
    let rest = ops;
    while (rest.length > 0) {
      const batch = rest.slice(0, this.#can.updateBatch);
      try {
        await this.#points.bulkWrite(batch, { ordered: true });
        rest = rest.slice(batch.length);
      } catch (err) {
        const refused = err instanceof MongoBulkWriteError ? refusedAsNewer(err) : null;
        if (refused === null) throw err;
        rest = rest.slice(refused + 1);
      }
    }
  }

  /**
   * On a server without isolated updates: the given lot states, each replaced by the state a
   * later ledger entry gave it, if any (one query), which is also written back over the stale
   * one. Elsewhere the states as they are.
   */
  async #checked(lots: StoredLot[]): Promise<StoredLot[]> {
    if (this.#can.isolatedUpdates || lots.length === 0) return lots;
    const newer = await this.#laterStates(lots);
    if (newer.length > 0) await this.#ordered(newer.map(lotUpsert));
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
function lotMove(w: LotWrite): { filter: Document; update: Document } {
  return { filter: { _id: lotKey(w.customer_id, w.lot.lot_id), seq: { $lt: w.seq } }, update: { $set: lotFields(w) } };
}

/** {@link lotMove}, or the lot made when none is stored; the reminder instant is set when the lot is made. */
function lotUpsert(w: LotWrite): AnyBulkWriteOperation<Doc> {
  const { filter, update } = lotMove(w);
  return { updateOne: { filter, update: { ...update, $setOnInsert: { remind_at: w.remind_at } }, upsert: true } };
}

/** The guarded write of a head over an older one (never over a head still holding its lots: its next reader splits it). */
function headMove(head: WalletHead): { filter: Document; update: Document } {
  return { filter: { _id: head.customer_id, seq: { $lt: head.seq }, lots: { $exists: false } }, update: { $set: head } };
}

/** {@link headMove}, or the head made when none is stored. */
function headUpsert(head: WalletHead): AnyBulkWriteOperation<Doc> {
  return { updateOne: { ...headMove(head), upsert: true } };
}
