import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { ClickStore } from '../../growth/click-store.js';
import type { ShareClick } from '../../growth/share-click.js';
import { retryingWriteConflicts } from './write-conflict.js';

type ClickDoc = Omit<ShareClick, 'click_id'> & { _id: string };

const duplicateKey = 11000;

/**
 * Clicks in MongoDB `share_clicks`: one insert per counted click with `_id` = the click id, so
 * the unique `_id` index is what keeps a visitor to one click per code and day, on any server.
 * No other index: the only read is by `_id`.
 */
export class MongoClickStore implements ClickStore {
  readonly #clicks: Collection<ClickDoc>;

  constructor(db: Db) {
    this.#clicks = db.collection<ClickDoc>('share_clicks');
  }

  async insertClick(click: ShareClick): Promise<'inserted' | 'duplicate'> {
    const { click_id, ...rest } = click;
    try {
      await retryingWriteConflicts(() => this.#clicks.insertOne({ _id: click_id, ...rest }));
      return 'inserted';
    } catch (err) {
      if (err instanceof MongoServerError && err.code === duplicateKey) return 'duplicate';
      throw err;
    }
  }

  async getClick(clickId: string): Promise<ShareClick | null> {
    const doc = await this.#clicks.findOne({ _id: clickId });
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { click_id: _id, ...rest };
  }
}
