import type { AnyBulkWriteOperation, Collection, Db, Document } from 'mongodb';
import type { WalletHead } from '../../points/wallet.js';
import type { LotCursor, LotSums, PointsTotals, StoredLot, WalletStore, WalletWrite } from '../../points/wallet-store.js';
import { lotStateDocument, walletHeadDocument } from './documents.js';
import { formerHeadFields, fromFormerSnapshot, holdsLots, isPreLedgerWallet } from './former-wallets.js';
import { ensureIndexes } from './indexes.js';
import type { ServerCapabilities } from './update-isolation.js';
import { headMove, headUpsert, lotKey, lotMove, lotUpsert, orderedWrite, orderOf, orderThrough, type Doc } from './wallet-documents.js';
import { WalletLedgerChecks } from './wallet-ledger-checks.js';
import { lotTotals } from './wallet-totals.js';

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
 * On a server without isolated updates (FerretDB v1) an older lot or head state can land over a
 * newer one: there the lot states this store hands out are checked against the ledger, and a
 * writer follows later states of what it wrote ({@link WalletLedgerChecks}).
 *
 * A head of the shape before lots had documents (the snapshot holding its lots) is split into
 * head and lots when it is read; one of the shape before the ledger was the wallets' commit log
 * needs `npm run migrate` first, which also recovers entries that shape could hold.
 */
export class MongoWalletStore implements WalletStore {
  readonly #points: Collection<Doc>;
  readonly #can: Pick<ServerCapabilities, 'isolatedUpdates' | 'conditionalGroups' | 'updateBatch'>;
  readonly #reminderDays: number;
  /** Where updates are not isolated, the checks against the ledger; null where they are. */
  readonly #checks: WalletLedgerChecks | null;

  constructor(
    db: Db,
    can: Pick<ServerCapabilities, 'isolatedUpdates' | 'conditionalGroups' | 'updateBatch'>,
    options: { reminderDays?: number } = {},
  ) {
    this.#points = db.collection<Doc>('referral_points', { ignoreUndefined: true });
    this.#can = can;
    this.#reminderDays = options.reminderDays ?? 7;
    this.#checks = can.isolatedUpdates
      ? null
      : new WalletLedgerChecks(this.#points, db.collection<Doc>('points_ledger'), {
          updateBatch: can.updateBatch,
          reminderDays: this.#reminderDays,
        });
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
    await this.#checks?.rollForward(write.lots);
    await this.#checks?.rollHeadsForward([write.head]);
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
    await this.#checks?.rollForward(writes.flatMap((w) => w.lots));
    await this.#checks?.rollHeadsForward(writes.map((w) => w.head));
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

  async totals(now: Date, horizon: Date): Promise<PointsTotals> {
    return lotTotals(this.#points, this.#can.conditionalGroups, now, horizon);
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
    await this.#checks?.rollForward(writes);
    return head;
  }

  #ordered(ops: Array<AnyBulkWriteOperation<Doc>>): Promise<void> {
    return orderedWrite(this.#points, ops, this.#can.updateBatch);
  }

  /** The lot states as stored, or where updates are not isolated, as the ledger says they are. */
  #checked(lots: StoredLot[]): Promise<StoredLot[]> {
    return this.#checks ? this.#checks.checked(lots) : Promise.resolve(lots);
  }
}
