import type { Deal, DealReferralChange } from '../../deals/deal.js';
import type { DealStore } from '../../deals/deal-store.js';

/** In-memory deals: the embedded default for the platform's BigQuery table. */
export class MemoryDealStore implements DealStore {
  readonly #deals = new Map<string, Deal>();
  /** Batches written, for tests that check the sync writes in batches. */
  readonly batches: DealReferralChange[][] = [];

  async getDeal(dealId: string): Promise<Deal | null> {
    const d = this.#deals.get(dealId);
    return d ? structuredClone(d) : null;
  }

  async applyReferralChanges(changes: readonly DealReferralChange[]): Promise<void> {
    if (changes.length === 0) return;
    this.batches.push(changes.map((c) => ({ ...c })));
    for (const c of changes) {
      const d = this.#deals.get(c.deal_id);
      if (d) d.referral_code_applied = c.referral_code_applied;
    }
  }

  async putDeal(deal: Deal): Promise<void> {
    this.#deals.set(deal.deal_id, structuredClone(deal));
  }
}
