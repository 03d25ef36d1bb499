import type { ShareClick } from './share-click.js';

/** Counted share-link clicks (MongoDB `share_clicks`), insert-only, keyed by their deterministic id. */
export interface ClickStore {
  /** Inserts the click unless one with its id exists: `duplicate` then, and nothing changes. */
  insertClick(click: ShareClick): Promise<'inserted' | 'duplicate'>;
  /** A click by id: the apply route checks a `click_id` with it. */
  getClick(clickId: string): Promise<ShareClick | null>;
}
