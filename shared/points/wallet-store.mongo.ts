import type { Collection, Db, Document, Filter } from 'mongodb';
import { isDuplicateKey, walletDocument } from '../runtime/mongo-documents.js';
import type { Wallet } from './wallet.js';
import type { WalletStore } from './wallet-store.js';

/**
 * A stored wallet plus scalar fields derived from its arrays: FerretDB can neither match
 * sub-documents with `$elemMatch` nor `$pull` them reliably, so queries and the outbox
 * compare-and-set use these instead.
 */
type WalletDoc = Wallet & {
  _id: string;
  redemption_ids: string[];
  outbox_ids: string[];
  pending_event_ids: string[];
  outbox_size: number;
};

const maxAttempts = 10;

/**
 * Wallets in MongoDB `referral_points` (`_id` = customer id). Every change rewrites the whole
 * document guarded by `version`: servers without positional updates (FerretDB) need that anyway.
 */
export class MongoWalletStore implements WalletStore {
  readonly #wallets: Collection<WalletDoc>;

  constructor(db: Db) {
    this.#wallets = db.collection<WalletDoc>('referral_points', { ignoreUndefined: true });
  }

  /** Creates the sweep and lookup indexes; idempotent. */
  static async createIndexes(db: Db): Promise<void> {
    await db.collection('referral_points').createIndexes([
      { key: { next_expiry_at: 1 } },
      { key: { next_reminder_at: 1 } },
      { key: { redemption_ids: 1 } },
      { key: { outbox_size: 1 } },
    ]);
  }

  async getWallet(customerId: string): Promise<Wallet | null> {
    return toWallet(await this.#wallets.findOne({ _id: customerId }));
  }

  async saveWallet(wallet: Wallet, expectedVersion: number): Promise<'saved' | 'conflict'> {
    const doc = toDocument(wallet);
    if (expectedVersion === 0) {
      try {
        await this.#wallets.insertOne(doc);
        return 'saved';
      } catch (err) {
        if (isDuplicateKey(err)) return 'conflict';
        throw err;
      }
    }
    const r = await this.#wallets.replaceOne({ _id: wallet.customer_id, version: expectedVersion }, doc);
    return r.matchedCount === 1 ? 'saved' : 'conflict';
  }

  async clearOutbox(customerId: string, entryIds: readonly string[], eventIds: readonly string[]): Promise<void> {
    if (entryIds.length === 0 && eventIds.length === 0) return;
    const emptied = { outbox: [], pending_events: [], outbox_ids: [], pending_event_ids: [], outbox_size: 0 };
    // Usual case, one write: the outboxes hold exactly what the caller flushed.
    const whole = await this.#wallets.updateOne(
      { _id: customerId, outbox_ids: [...entryIds], pending_event_ids: [...eventIds] },
      { $set: emptied },
    );
    if (whole.matchedCount === 1) return;
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      const doc = await this.#wallets.findOne({ _id: customerId });
      if (!doc) return;
      const w = walletDocument.parse(doc);
      const outbox = w.outbox.filter((e) => !entryIds.includes(e.entry_id));
      const pending = w.pending_events.filter((e) => !eventIds.includes(e.id));
      if (outbox.length === w.outbox.length && pending.length === w.pending_events.length) return;
      const { outbox_ids, pending_event_ids, outbox_size } = derived({ ...w, outbox, pending_events: pending });
      // Clearing does not bump the version, so the guard also names the outboxes it read.
      const r = await this.#wallets.updateOne(
        { _id: customerId, version: w.version, outbox_ids: doc.outbox_ids, pending_event_ids: doc.pending_event_ids },
        { $set: { outbox, pending_events: pending, outbox_ids, pending_event_ids, outbox_size } },
      );
      if (r.matchedCount === 1) return;
    }
    throw new Error(`Outbox of wallet ${customerId} stayed contended for ${maxAttempts} attempts`);
  }

  async findWalletByRedemption(redemptionId: string): Promise<Wallet | null> {
    return toWallet(await this.#wallets.findOne({ redemption_ids: redemptionId }, { sort: { _id: 1 } }));
  }

  async findWalletsDueForExpiry(now: Date, limit: number): Promise<Wallet[]> {
    return this.#list({ next_expiry_at: { $lte: now.toISOString() } }, { next_expiry_at: 1, _id: 1 }, limit);
  }

  async findWalletsDueForReminder(now: Date, limit: number): Promise<Wallet[]> {
    return this.#list({ next_reminder_at: { $lte: now.toISOString() } }, { next_reminder_at: 1, _id: 1 }, limit);
  }

  async findWalletsWithOutbox(limit: number): Promise<Wallet[]> {
    return this.#list({ outbox_size: { $gt: 0 } }, { _id: 1 }, limit);
  }

  async listWallets(afterId: string | null, limit: number): Promise<Wallet[]> {
    return this.#list(afterId === null ? {} : { _id: { $gt: afterId } }, { _id: 1 }, limit);
  }

  async #list(filter: Filter<WalletDoc>, sort: Record<string, 1 | -1>, limit: number): Promise<Wallet[]> {
    // `limit(0)` means "no limit" to MongoDB; the port means none.
    if (limit <= 0) return [];
    const docs = await this.#wallets.find(filter).sort(sort).limit(limit).toArray();
    return docs.map((d) => walletDocument.parse(d));
  }
}

function derived(w: Wallet): Omit<WalletDoc, keyof Wallet | '_id'> {
  return {
    redemption_ids: w.redemptions.map((r) => r.redemption_id),
    outbox_ids: w.outbox.map((e) => e.entry_id),
    pending_event_ids: w.pending_events.map((e) => e.id),
    outbox_size: w.outbox.length + w.pending_events.length,
  };
}

function toDocument(w: Wallet): WalletDoc {
  return { _id: w.customer_id, ...w, ...derived(w) };
}

function toWallet(doc: Document | null): Wallet | null {
  return doc ? walletDocument.parse(doc) : null;
}
