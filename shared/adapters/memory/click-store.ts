import type { ClickStore } from '../../growth/click-store.js';
import type { ShareClick } from '../../growth/share-click.js';

/** Share-link clicks in memory. */
export class MemoryClickStore implements ClickStore {
  readonly #clicks = new Map<string, ShareClick>();

  async insertClick(click: ShareClick): Promise<'inserted' | 'duplicate'> {
    if (this.#clicks.has(click.click_id)) return 'duplicate';
    this.#clicks.set(click.click_id, structuredClone(click));
    return 'inserted';
  }

  async getClick(clickId: string): Promise<ShareClick | null> {
    const c = this.#clicks.get(clickId);
    return c ? structuredClone(c) : null;
  }
}
