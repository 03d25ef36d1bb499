import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '#shared/audit/audit-entry.js';
import type { AuditStore } from '#shared/audit/audit-store.js';
import { race, useStore, type MakeStore } from './store-harness.js';

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    audit_id: 'aud_1',
    customer_id: 'riya',
    action: 'points.adjusted',
    actor: 'ops',
    at: '2026-03-01T10:00:00.000Z',
    reason: 'goodwill',
    target: 'ADJUST:riya:k1',
    outcome: '+500 points, balance 500',
    ...overrides,
  };
}

/** The contract of {@link AuditStore}, run against every adapter. */
export function describeAuditStoreContract(name: string, makeStore: MakeStore<AuditStore>): void {
  describe(`${name} audit store`, () => {
    const store = useStore(makeStore);

    it('records an entry and reads it back whole', async () => {
      expect(await store().record(entry())).toBe('recorded');
      expect(await store().pageByCustomer('riya', null, 10)).toEqual([entry()]);
    });

    it('records an id once, keeping the first, also when retries race', async () => {
      const outcomes = await race(5, (i) => store().record(entry({ outcome: `try ${i}`, at: `2026-03-01T10:00:0${i}.000Z` })));
      expect(outcomes.filter((o) => o === 'recorded')).toHaveLength(1);
      const kept = await store().pageByCustomer('riya', null, 10);
      expect(kept).toHaveLength(1);
      expect(await store().record(entry({ outcome: 'later' }))).toBe('exists');
      expect(await store().pageByCustomer('riya', null, 10)).toEqual(kept);
    });

    it('pages one customer newest first, ties by id, after the last of the previous page', async () => {
      const at = (m: number) => `2026-03-01T10:0${m}:00.000Z`;
      for (const [id, m] of [
        ['aud_a', 1],
        ['aud_b', 2],
        ['aud_c', 2],
        ['aud_d', 3],
      ] as const) {
        await store().record(entry({ audit_id: id, at: at(m) }));
      }
      await store().record(entry({ audit_id: 'aud_other', customer_id: 'sam', at: at(4) }));
      const first = await store().pageByCustomer('riya', null, 2);
      expect(first.map((e) => e.audit_id)).toEqual(['aud_d', 'aud_c']);
      const last = first.at(-1)!;
      const second = await store().pageByCustomer('riya', { at: last.at, audit_id: last.audit_id }, 10);
      expect(second.map((e) => e.audit_id)).toEqual(['aud_b', 'aud_a']);
      expect(await store().pageByCustomer('riya', null, 0)).toEqual([]);
      expect((await store().pageByCustomer('sam', null, 10)).map((e) => e.customer_id)).toEqual(['sam']);
    });

    it('keeps an entry without reason or target', async () => {
      const e = entry({ action: 'code.activated', reason: null, target: null, outcome: 'code active' });
      await store().record(e);
      expect(await store().pageByCustomer('riya', null, 1)).toEqual([e]);
    });
  });
}
