import { ensureIndexes } from './indexes.js';
import type { Db, Document, Filter } from 'mongodb';
import { walletDocument } from './documents.js';
import { VersionedCollection, type HeadDocument } from './versioned-collection.js';
import type { Wallet } from '../../points/wallet.js';
import type { SaveWalletOutcome, WalletStore } from '../../points/wallet-store.js';

/**
 * Wallets in MongoDB: each committed version in `referral_points_versions` (`_id` =
 * `<customer id>#<version>`, outbox included), the published one in `referral_points`
 * (`_id` = customer id, outbox emptied, plus `redemption_ids` for lookups: FerretDB cannot match
 * sub-documents with `$elemMatch`).
 *
 * A change costs two writes here: the commit (one insert, the only thing that decides between
 * racing changes) and the publish (one guarded replace). Heads are written only by
 * {@link publishWallet}, after the engine wrote the version's ledger entries, so a head never
 * shows a version whose entries may be missing. On a server that does not isolate the guard
 * (FerretDB v1), racing publishes can leave an older head over a newer one: the next change of
 * the wallet then conflicts, gets the newer version as `unpublished` and publishes it again,
 * and reconcile finds it with {@link getUnpublished}.
 */
export class MongoWalletStore implements WalletStore {
  readonly #wallets: VersionedCollection<Wallet>;

  constructor(db: Db, options: { isolatedUpdates: boolean }) {
    this.#wallets = new VersionedCollection<Wallet>(
      db,
      'referral_points',
      { parse: (d) => walletDocument.parse(d), head: toHead },
      options,
    );
  }

  /** Creates the sweep and lookup indexes on the published wallets; idempotent. */
  static async createIndexes(db: Db): Promise<void> {
    await ensureIndexes(db.collection('referral_points'), [
      { key: { next_expiry_at: 1 } },
      { key: { next_reminder_at: 1 } },
      { key: { redemption_ids: 1 } },
    ]);
  }

  async getWallet(customerId: string): Promise<Wallet | null> {
    return this.#wallets.readHead(customerId);
  }

  async saveWallet(wallet: Wallet, expectedVersion: number): Promise<SaveWalletOutcome> {
    if (wallet.version !== expectedVersion + 1) {
      throw new Error(`Wallet ${wallet.customer_id} at version ${wallet.version} cannot follow version ${expectedVersion}`);
    }
    if (await this.#wallets.commit(wallet.customer_id, wallet)) return { status: 'saved' };
    const [head, committed] = await Promise.all([
      this.#wallets.readHead(wallet.customer_id),
      this.#wallets.readVersion(wallet.customer_id, wallet.version),
    ]);
    const published = head?.version ?? 0;
    return { status: 'conflict', unpublished: committed && committed.version > published ? committed : null };
  }

  async publishWallet(wallet: Wallet): Promise<void> {
    await this.#wallets.writeHead(wallet.customer_id, { ...wallet, outbox: [], pending_events: [] }, { create: true });
  }

  async getUnpublished(customerId: string): Promise<Wallet | null> {
    const head = await this.#wallets.readHead(customerId);
    return this.#wallets.newestAfter(customerId, head?.version ?? 0);
  }

  async findWalletByRedemption(redemptionId: string): Promise<Wallet | null> {
    const doc = await this.#wallets.heads.findOne({ redemption_ids: redemptionId }, { sort: { _id: 1 } });
    return doc ? walletDocument.parse(doc) : null;
  }

  async findWalletsDueForExpiry(now: Date, limit: number): Promise<Wallet[]> {
    return this.#list({ next_expiry_at: { $lte: now.toISOString() } }, { next_expiry_at: 1, _id: 1 }, limit);
  }

  async findWalletsDueForReminder(now: Date, limit: number): Promise<Wallet[]> {
    return this.#list({ next_reminder_at: { $lte: now.toISOString() } }, { next_reminder_at: 1, _id: 1 }, limit);
  }

  async listWallets(afterId: string | null, limit: number): Promise<Wallet[]> {
    return this.#list(afterId === null ? {} : { _id: { $gt: afterId } }, { _id: 1 }, limit);
  }

  async #list(filter: Filter<HeadDocument>, sort: Record<string, 1 | -1>, limit: number): Promise<Wallet[]> {
    // `limit(0)` means "no limit" to MongoDB; the port means none.
    if (limit <= 0) return [];
    const docs = await this.#wallets.heads.find(filter).sort(sort).limit(limit).toArray();
    return docs.map((d) => walletDocument.parse(d));
  }
}

/** The published document: the wallet plus the scalar ids `findWalletByRedemption` looks up. */
function toHead(w: Wallet): Document {
  return { ...w, redemption_ids: w.redemptions.map((r) => r.redemption_id) };
}
