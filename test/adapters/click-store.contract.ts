import { describe, expect, it } from 'vitest';
import type { ClickStore } from '#shared/growth/click-store.js';
import { clickIdOf, type ShareClick } from '#shared/growth/share-click.js';
import { race, useStore, type MakeStore } from './store-harness.js';

const click = (visitor: string, day = '2026-03-01', code = 'ASH-7K2P'): ShareClick => ({
  click_id: clickIdOf(code, visitor, day),
  referral_code: code,
  referrer_id: 'referrer-1',
  visitor,
  day,
  clicked_at: `${day}T10:00:00.000Z`,
});

/** The contract of {@link ClickStore}, run against every adapter. */
export function describeClickStoreContract(name: string, makeStore: MakeStore<ClickStore>): void {
  describe(`${name} click store`, () => {
    const store = useStore(makeStore);

    it('reads back an inserted click by its id, every field intact', async () => {
      const c = click('v1');
      expect(await store().insertClick(c)).toBe('inserted');
      expect(await store().getClick(c.click_id)).toEqual(c);
    });

    it('answers null for an id it does not have', async () => {
      expect(await store().getClick(clickIdOf('ASH-7K2P', 'nobody', '2026-03-01'))).toBeNull();
    });

    it('keeps the first of two clicks with one id, and says the second is a duplicate', async () => {
      const first = click('v1');
      expect(await store().insertClick(first)).toBe('inserted');
      expect(await store().insertClick({ ...first, clicked_at: '2026-03-01T23:00:00.000Z' })).toBe('duplicate');
      expect((await store().getClick(first.click_id))?.clicked_at).toBe(first.clicked_at);
    });

    it('keeps clicks of other visitors, days and codes apart', async () => {
      const clicks = [click('v1'), click('v2'), click('v1', '2026-03-02'), click('v1', '2026-03-01', 'RIY-9ZZZ')];
      for (const c of clicks) expect(await store().insertClick(c)).toBe('inserted');
      for (const c of clicks) expect(await store().getClick(c.click_id)).toEqual(c);
    });

    it('inserts exactly one of 10 racing inserts of one click', async () => {
      const outcomes = await race(10, () => store().insertClick(click('racer')));
      expect(outcomes.filter((o) => o === 'inserted')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(9);
    });
  });
}
