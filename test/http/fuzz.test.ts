import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { functionCatalog } from '#shared/app/function-catalog.js';
import type { Context } from '#shared/core/context.js';
import { deliverCloudEvent, paymentCompleted } from '../support/cloud-events.js';
import { referralSetup, useTestHost } from '../support/test-host.js';

const t = useTestHost();

/** Everything the referral state is made of, to compare before and after a refused request. */
async function fingerprint(ctx: Context): Promise<string> {
  const { usages, wallets, customers, ledger } = ctx.stores;
  const ws = await wallets.listHeads(null, 10_000);
  const entries = await Promise.all(ws.map((w) => ledger.listEntries(w.customer_id, { limit: 10_000 })));
  const lots = await Promise.all(ws.map((w) => wallets.listLots(w.customer_id, { which: 'active' })));
  return JSON.stringify([await usages.listUsages(null, 10_000), ws, lots, await customers.listReferrers(null, 10_000), entries]);
}

const httpRoutes = functionCatalog.flatMap((f) => (f.trigger === 'http' ? f.routes.map((r) => r.split(' ') as [string, string]) : []));
const pathValue = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('..', '%2e%2e', '%00', 'x'.repeat(300), '{id}', 'null'));
const body = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(fc.constantFrom('code', 'deal_id', 'points', 'reason', 'extra'), fc.jsonValue()),
  fc.record({ code: fc.string(), deal_id: fc.string(), points: fc.oneof(fc.integer(), fc.double(), fc.string()) }),
);

describe('any input to any route', () => {
  it('never answers 5xx, and a refused request changes no referral state', async () => {
    const s = await referralSetup(t.api);
    await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: s.code, deal_id: s.dealId } });
    await deliverCloudEvent(t.host, 'creditReferralConversion', 'payment.completed', paymentCompleted(s.dealId, s.referee));
    const tokens = [s.referrerToken, s.refereeToken, await t.api.token('ops', ['admin'])];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...httpRoutes),
        pathValue,
        fc.option(body, { nil: undefined }),
        fc.constantFrom(0, 1, 2),
        fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
        fc.dictionary(fc.constantFrom('limit', 'cursor', 'customer_id'), fc.string({ maxLength: 20 })),
        async ([method, template], param, anyPayload, who, idempotencyKey, query) => {
          const payload = method === 'GET' ? undefined : anyPayload;
          const path = template.replace(/\{\w+\}/g, encodeURIComponent(param) || 'x');
          const qs = new URLSearchParams(query).toString();
          const before = await fingerprint(t.host.runtime.ctx);
          const headers: Record<string, string> = { authorization: `Bearer ${tokens[who]}` };
          if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey.replace(/[^\x20-\x7e]/g, '');
          if (payload !== undefined) headers['content-type'] = 'application/json';
          const res = await fetch(`${t.host.url}${path}${qs ? `?${qs}` : ''}`, {
            method,
            headers,
            // A share link's redirect is its answer; the landing page is not ours to fetch.
            redirect: 'manual',
            ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
          });
          expect(res.status).toBeLessThan(500);
          // A share link redirects whatever its code (docs/rules.md §9); `.` and `..` are dot segments the client removes.
          if (method === 'GET' && template === '/r/{code}' && !/^\.{1,2}$/.test(param)) expect(res.status).toBe(302);
          if (res.status >= 400) {
            expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^[A-Z_]+$/);
            expect(await fingerprint(t.host.runtime.ctx)).toBe(before);
          }
        },
      ),
      { numRuns: 400 },
    );
    await t.expectInvariants();
  });

  it('answers bodies that are not JSON objects with 400 INVALID_REQUEST in the API error body', async () => {
    const token = await t.api.token('someone');
    for (const raw of ['{', 'null', '[]', '"text"', '\u0000', '{"code": "A'.padEnd(5000, 'A')]) {
      const res = await fetch(`${t.host.url}/v1/referral-code/apply`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: raw,
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID_REQUEST');
    }
  });
});

describe('any payload to any event function', () => {
  const eventFunctions = functionCatalog.filter((f) => f.trigger === 'pubsub').map((f) => f.name);

  it('is acknowledged or applied, never a fault', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...eventFunctions),
        fc.constantFrom('payment.completed', 'payment.refunded', 'customer.upserted', 'unknown', ''),
        fc.oneof(
          fc.jsonValue(),
          fc.record({
            event_id: fc.string(),
            payment_id: fc.string(),
            deal_id: fc.string(),
            customer_id: fc.string(),
            name: fc.string(),
            amount: fc.jsonValue(),
            paid_at: fc.string(),
            refunded_at: fc.string(),
          }),
        ),
        fc.option(fc.string(), { nil: undefined }),
        async (fn, type, data, raw) => {
          const r = await deliverCloudEvent(t.host, fn, type, data, raw === undefined ? {} : { rawData: raw });
          expect(r.status).toBeLessThan(300);
        },
      ),
      { numRuns: 300 },
    );
    await t.expectInvariants();
  });
});
