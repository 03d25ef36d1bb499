import type { AnyBulkWriteOperation, Collection, Db, Document, Filter, Sort } from 'mongodb';
import { isDeepStrictEqual } from 'node:util';
import type { PointsTotals, WalletStore } from '../../points/wallet-store.js';
import type { Lot, WalletSnapshot } from '../../points/wallet.js';
import { isDuplicateKey, walletSnapshotDocument } from './documents.js';
import { ensureIndexes } from './indexes.js';
import type { ServerCapabilities } from './update-isolation.js';

type SnapshotDoc = Document & { _id: string };

/** How many slots, over all wallets, the remembered layouts may hold (see `#layouts`): a few MB of lots. */
const slotsKept = 20_000;

/** Which lot is in which slot of a stored snapshot, as of `seq`. */
interface Layout {
  seq: number;
  slots: Array<Lot | null>;
}

/**
 * Wallet snapshots in MongoDB `referral_points` (`_id` = customer id; shard key `_id`): the live
 * lots at some seq of the ledger, the book balance, and the sweeps' indexes. A snapshot is
 * written with a guard on `seq`, so an older one does not replace a newer one where the server
 * isolates updates; where it does not (FerretDB v1), an older one can land, and readers then find
 * the missing entries in the ledger. A document that still has the shape from before the ledger
 * became the commit log (`version`, `ledger_seq`, every lot ever) is read as the snapshot it
 * stands for until `npm run migrate` rewrites it.
 *
 * The lots are stored in slots: a lot keeps its slot while it lives, a closed lot's slot holds
 * null until a new lot takes it. So a change writes only the slots it touched (a conversion one
 * lot, a redemption the lots it spent), never the whole list: the bytes written follow the work,
 * not the number of live lots.
 */
export class MongoWalletStore implements WalletStore {
  readonly #snapshots: Collection<SnapshotDoc>;

  /**
   * The slot layouts of the wallets this process read or wrote last, the oldest forgotten once
   * they hold more than {@link slotsKept} slots in all (a wallet larger than that is not kept).
   * A write from a seq whose layout is known sends only the changed slots, guarded by that seq
   * and by what each touched slot holds; when a guard fails (another writer moved the snapshot on
   * or laid it out otherwise) the whole snapshot is written instead, guarded as before.
   */
  readonly #layouts = new Map<string, Layout>();
  #slotsHeld = 0;

  readonly #can: Pick<ServerCapabilities, 'conditionalGroups' | 'updateBatch'>;

  constructor(db: Db, can: Pick<ServerCapabilities, 'conditionalGroups' | 'updateBatch'>) {
    this.#snapshots = db.collection<SnapshotDoc>('referral_points', { ignoreUndefined: true });
    this.#can = can;
  }

  /** Creates the sweep indexes; idempotent. */
  static async createIndexes(db: Db): Promise<void> {
    await ensureIndexes(db.collection('referral_points'), [{ key: { next_expiry_at: 1 } }, { key: { next_reminder_at: 1 } }]);
  }

  async getSnapshot(customerId: string): Promise<WalletSnapshot | null> {
    const doc = await this.#snapshots.findOne({ _id: customerId });
    return doc ? this.#read(doc) : null;
  }

  async getSnapshots(customerIds: readonly string[]): Promise<WalletSnapshot[]> {
    if (customerIds.length === 0) return [];
    const docs = await this.#snapshots.find({ _id: { $in: [...customerIds] } }).toArray();
    return docs.map((d) => this.#read(d));
  }

  async saveSnapshot(snapshot: WalletSnapshot): Promise<void> {
    const id = snapshot.customer_id;
    const layout = this.#layouts.get(id);
    if (layout && layout.seq < snapshot.seq) {
      const delta = slotDelta(layout.slots, snapshot.lots);
      const { reminded_through: _kept, lots: _lots, ...fields } = snapshot;
      const r = await this.#snapshots.updateOne({ _id: id, seq: layout.seq, ...delta.guards }, { $set: { ...fields, ...delta.sets } });
      if (r.matchedCount === 1) return this.#remember(id, snapshot.seq, delta.slots);
    }
    this.#forget(id);
    const op = writeOf(snapshot);
    try {
      const r = await this.#snapshots.updateOne(op.filter, op.update, { upsert: true });
      if (r.matchedCount + r.upsertedCount === 1) this.#remember(id, snapshot.seq, [...snapshot.lots]);
    } catch (err) {
      // The guard did not match and the upsert met the stored document: a newer snapshot is there.
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async saveSnapshots(snapshots: readonly WalletSnapshot[]): Promise<void> {
    if (snapshots.length === 0) return;
    for (const s of snapshots) this.#forget(s.customer_id);
    // No upsert: the sweeps move snapshots they found, and an upsert refused by a newer snapshot
    // would stop an unordered bulk write on FerretDB v1 at that document.
    const ops: Array<AnyBulkWriteOperation<SnapshotDoc>> = snapshots.map((s) => ({ updateOne: writeOf(s) }));
    await this.#bulk(ops);
  }

  /** A stored document as a snapshot, its slot layout remembered for the next write. */
  #read(doc: Document): WalletSnapshot {
    const stored = parseStored(doc);
    if (stored.slots === null) this.#forget(stored.snapshot.customer_id);
    else this.#remember(stored.snapshot.customer_id, stored.snapshot.seq, stored.slots);
    return stored.snapshot;
  }

  #remember(customerId: string, seq: number, slots: Array<Lot | null>): void {
    this.#forget(customerId);
    this.#layouts.set(customerId, { seq, slots });
    this.#slotsHeld += slots.length;
    for (const oldest of this.#layouts.keys()) {
      if (this.#slotsHeld <= slotsKept) break;
      this.#forget(oldest);
    }
  }

  #forget(customerId: string): void {
    const layout = this.#layouts.get(customerId);
    if (!layout) return;
    this.#slotsHeld -= layout.slots.length;
    this.#layouts.delete(customerId);
  }

  async markReminded(marks: ReadonlyArray<{ customer_id: string; through: string; next_reminder_at: string | null }>): Promise<void> {
    if (marks.length === 0) return;
    await this.#bulk(
      marks.map((m) => ({
        updateOne: {
          filter: { _id: m.customer_id },
          update: { $set: { reminded_through: m.through, next_reminder_at: m.next_reminder_at } },
        },
      })),
    );
  }

  /**
   * One unordered bulk write per `updateBatch` operations: one for a sweep's batch of 200 wallets
   * on MongoDB and DocumentDB, four on FerretDB v1 (which never answers an update command of 100
   * statements or more: 50 take 0.2 s, 100 hang).
   */
  async #bulk(ops: Array<AnyBulkWriteOperation<SnapshotDoc>>): Promise<void> {
    const n = this.#can.updateBatch;
    for (let i = 0; i < ops.length; i += n) await this.#snapshots.bulkWrite(ops.slice(i, i + n), { ordered: false });
  }

  async findDueForExpiry(now: Date, limit: number): Promise<WalletSnapshot[]> {
    return this.#page({ next_expiry_at: { $lte: now.toISOString() } }, { next_expiry_at: 1, _id: 1 }, limit);
  }

  async findDueForReminder(now: Date, limit: number): Promise<WalletSnapshot[]> {
    return this.#page({ next_reminder_at: { $lte: now.toISOString() } }, { next_reminder_at: 1, _id: 1 }, limit);
  }

  async listSnapshots(afterId: string | null, limit: number): Promise<WalletSnapshot[]> {
    return this.#page(afterId === null ? {} : { _id: { $gt: afterId } }, { _id: 1 }, limit);
  }

  /** The first `limit` snapshots that match `filter`, in `sort` order (one query; none asked, none read). */
  async #page(filter: Filter<SnapshotDoc>, sort: Sort, limit: number): Promise<WalletSnapshot[]> {
    if (limit <= 0) return [];
    const docs = await this.#snapshots.find(filter).sort(sort).limit(limit).toArray();
    return docs.map((d) => this.#read(d));
  }

  /** One aggregation where the server has `$cond` and several accumulators per `$group`, otherwise four. */
  async totals(now: Date, horizon: Date): Promise<PointsTotals> {
    return this.#can.conditionalGroups ? this.#totalsAtOnce(now, horizon) : this.#totalsOneByOne(now, horizon);
  }

  /** One aggregation: every live lot split into spendable, expiring and unswept, per customer, then in total. */
  async #totalsAtOnce(now: Date, horizon: Date): Promise<PointsTotals> {
    const at = now.toISOString();
    const until = horizon.toISOString();
    const spendable = { $gt: ['$lots.expires_at', at] };
    const [row] = await this.#snapshots
      .aggregate<PointsTotals>([
        { $unwind: '$lots' },
        { $match: { 'lots.status': 'active', 'lots.remaining': { $gt: 0 } } },
        {
          $group: {
            _id: '$_id',
            spendable: { $sum: { $cond: [spendable, '$lots.remaining', 0] } },
            expiring: { $sum: { $cond: [{ $and: [spendable, { $lte: ['$lots.expires_at', until] }] }, '$lots.remaining', 0] } },
            unswept: { $sum: { $cond: [spendable, 0, '$lots.remaining'] } },
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
      const stages: Document[] = [
        { $unwind: '$lots' },
        { $match: { 'lots.status': 'active', 'lots.remaining': { $gt: 0 }, 'lots.expires_at': expires } },
      ];
      if (count === 'customers') stages.push({ $group: { _id: '$_id', n: { $sum: 1 } } }, { $group: { _id: null, n: { $sum: 1 } } });
      else stages.push({ $group: { _id: null, n: { $sum: '$lots.remaining' } } });
      const [row] = await this.#snapshots.aggregate<{ n: number }>(stages).toArray();
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
}

/** The guarded write of a snapshot: only over an older one (or one of the former shape); `reminded_through` stays. */
function writeOf(s: WalletSnapshot): { filter: Document; update: Document } {
  const { reminded_through: _kept, ...fields } = s;
  return {
    filter: { _id: s.customer_id, $or: [{ seq: { $lt: s.seq } }, { seq: { $exists: false } }] },
    update: { $set: fields, $unset: legacyFields },
  };
}

/** Fields of the former wallet document that a snapshot drops. */
const legacyFields = { version: '', ledger_seq: '', redemptions: '', ops: '', outbox: '', pending_events: '', redemption_ids: '' };

/** A stored snapshot, or a wallet document of the former shape read as the snapshot it stands for. */
export function parseSnapshot(doc: Document): WalletSnapshot {
  return parseStored(doc).snapshot;
}

/** A stored document as a snapshot and its slots (null for the former shape, which has none). */
function parseStored(doc: Document): { snapshot: WalletSnapshot; slots: Array<Lot | null> | null } {
  if (doc['seq'] === undefined && typeof doc['ledger_seq'] === 'number') return { snapshot: fromLegacyWallet(doc), slots: null };
  const stored = walletSnapshotDocument.parse(doc);
  return { snapshot: { ...stored, lots: stored.lots.filter((l): l is Lot => l !== null) }, slots: stored.lots };
}

/**
 * The slot writes that turn `slots` into a layout of `lots`: a lot that changed is rewritten in
 * its slot, a closed one's slot becomes null, a new lot takes the lowest free slot or goes at the
 * end. Each touched slot is guarded by what it holds now (a lot id, null, or nothing past the
 * end), so the writes land only on the layout they were computed from. Deterministic: the same
 * slots and lots always give the same writes.
 */
export function slotDelta(
  slots: ReadonlyArray<Lot | null>,
  lots: readonly Lot[],
): { guards: Document; sets: Document; slots: Array<Lot | null> } {
  const next = new Map(lots.map((l) => [l.lot_id, l]));
  const out = [...slots];
  const guards: Document = {};
  const sets: Document = {};
  const free: number[] = [];
  out.forEach((l, i) => {
    if (l === null) return free.push(i);
    const now = next.get(l.lot_id);
    next.delete(l.lot_id);
    if (now !== undefined && isDeepStrictEqual(now, l)) return;
    guards[`lots.${i}.lot_id`] = l.lot_id;
    out[i] = now ?? null;
    sets[`lots.${i}`] = out[i];
    if (now === undefined) free.push(i);
  });
  free.sort((a, b) => a - b);
  const end = out.length;
  for (const l of [...next.values()].sort((a, b) => (a.lot_id < b.lot_id ? -1 : 1))) {
    const i = free.shift() ?? out.length;
    if (i === end) guards[`lots.${end}`] = { $exists: false };
    else if (i < end && !(`lots.${i}.lot_id` in guards)) guards[`lots.${i}`] = { $type: 'null' };
    out[i] = l;
    sets[`lots.${i}`] = l;
  }
  return { guards, sets, slots: out };
}

/**
 * A wallet document of the former shape as a snapshot: its live lots at its ledger seq (closed
 * lots and redemptions are in the ledger). Its reminder marks become `reminded_through`: the
 * last time a reminder went out (the sweep reminded every lot due by then).
 */
export function fromLegacyWallet(doc: Document): WalletSnapshot {
  const lots = (doc['lots'] ?? []) as Array<Document & { reminded_at: string | null; status: string; expires_at: string }>;
  const live = lots.filter((l) => l.status === 'active');
  const base = walletSnapshotDocument.parse({
    customer_id: doc['customer_id'] as unknown,
    seq: doc['ledger_seq'] as unknown,
    lots: live.map(({ reminded_at: _r, ...l }) => l),
    tombstones: lots
      .filter((l) => l.status === 'clawed_back' && l['credited_at'] === l.expires_at && l['remaining'] === 0)
      .map((l) => String(l['lot_id'])),
    next_expiry_at: (doc['next_expiry_at'] ?? null) as unknown,
    next_reminder_at: (doc['next_reminder_at'] ?? null) as unknown,
    reminded_through: null,
    balance: live.reduce((s, l) => s + Number(l['remaining']), 0),
  });
  const reminded = lots.flatMap((l) => (l.reminded_at === null ? [] : [l.reminded_at]));
  return {
    ...base,
    lots: base.lots.filter((l): l is Lot => l !== null),
    reminded_through: reminded.length > 0 ? reminded.sort().at(-1)! : null,
  };
}
