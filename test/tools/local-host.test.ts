import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '#shared/app/config.js';
import { memoryLogger } from '#shared/core/logger.js';
import { startLocalHost } from '../../tools/local-host/host.js';
import { HostClient } from '../../tools/demo-client.js';
import { uid, useTestHost } from '../support/test-host.js';

const t = useTestHost();

describe('the local host (docs/rules.md §4.6)', () => {
  it('delivers a publish to every subscribed function and answers with each outcome', async () => {
    const r = await t.api.expect(200, 'POST', '/_pubsub/payments', {
      body: {
        data: {
          event_id: 'e',
          payment_id: 'p',
          deal_id: uid('d'),
          customer_id: uid('c'),
          amount: { amount: 1, currency: 'INR' },
          paid_at: '2026-01-01T00:00:00Z',
        },
        attributes: { type: 'payment.completed' },
      },
    });
    expect(r.deliveries.map((d: { function: string; outcome: string }) => [d.function, d.outcome])).toEqual([
      ['generateReferralCode', 'acknowledged'],
      ['creditReferralConversion', 'acknowledged'],
      ['reverseReferralOnRefund', 'acknowledged'],
    ]);
  });

  it('keeps published messages readable per topic', async () => {
    const c = uid('c');
    await t.api.paymentCompleted(uid('d'), c, 100);
    const inbound = await t.api.expect(200, 'GET', '/_pubsub/payments/messages');
    expect(inbound.messages.some((m: { data: { customer_id: string } }) => m.data.customer_id === c)).toBe(true);
    const out = await t.api.expect(200, 'GET', '/_pubsub/referral-notifications/messages');
    const generated = out.messages.find((m: { data: { customer_id: string } }) => m.data.customer_id === c);
    expect(generated.attributes).toMatchObject({ type: 'referral.code_generated', notification_id: `referral.code_generated:${c}` });
  });

  it('runs each scheduled job by its function name, and refuses other names', async () => {
    for (const job of ['expireReferralPoints', 'remindExpiringPoints', 'syncDealReferrals', 'reconcile']) {
      expect((await t.api.call('POST', `/_scheduler/${job}`)).status).toBe(200);
    }
    expect((await t.api.call('POST', '/_scheduler/admin')).status).toBe(404);
  });

  it('seeds and reads deals', async () => {
    const d = uid('d');
    await t.api.expect(200, 'PUT', `/_dev/deals/${d}`, { body: { customer_id: 'c1', amount: 12345 } });
    expect(await t.api.expect(200, 'GET', `/_dev/deals/${d}`)).toMatchObject({
      deal_id: d,
      customer_id: 'c1',
      amount: { amount: 12345, currency: 'INR' },
      is_converted: false,
      referral_code_applied: null,
    });
    expect((await t.api.call('GET', '/_dev/deals/none')).status).toBe(404);
  });

  it('sets and clears the clock', async () => {
    const set = await t.api.expect(200, 'PUT', '/_dev/clock', { body: { now: '2030-01-01T00:00:00Z' } });
    expect(set.now).toBe('2030-01-01T00:00:00.000Z');
    expect(t.host.runtime.ctx.clock.now().toISOString()).toBe('2030-01-01T00:00:00.000Z');
    const cleared = await t.api.expect(200, 'DELETE', '/_dev/clock');
    expect(new Date(cleared.now).getFullYear()).toBeLessThan(2030);
  });

  it('answers unknown /v1 paths with a JSON 404 and wrong methods with 405', async () => {
    const token = await t.api.token('x');
    expect((await t.api.call('GET', '/v1/nothing', { token })).body.error.code).toBe('NOT_FOUND');
    const wrong = await t.api.call('DELETE', '/v1/referral-code/apply', { token });
    expect([wrong.status, wrong.body.error.code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
  });
});

describe('the local host in production mode', () => {
  it('refuses local-only routes and development tokens', async () => {
    // Production refuses embedded stores: MongoDB is the test server; BigQuery and Pub/Sub point at
    // loopback ports nothing listens on (these routes never reach them).
    const env = {
      NODE_ENV: 'production',
      PORT: '0',
      AUTH_MODE: 'gateway',
      MONGODB_URI: inject('mongodbUri'),
      MONGODB_DB: `prod_mode_${Date.now()}`,
      BIGQUERY_PROJECT: 'local-project',
      BIGQUERY_API_ENDPOINT: 'http://127.0.0.1:9',
      PUBSUB_PROJECT: 'local-project',
      PII_HASH_SECRET: 'a-production-key-of-at-least-32-characters',
      SHARE_LANDING_URL: 'https://example.travel/?ref={code}',
    };
    const host = await startLocalHost(loadConfig(env), { logger: memoryLogger() });
    try {
      const api = new HostClient(host.url);
      for (const [method, path] of [
        ['POST', '/_dev/token'],
        ['PUT', '/_dev/clock'],
        ['POST', '/_pubsub/payments'],
        ['POST', '/_scheduler/reconcile'],
      ] as const) {
        const r = await api.call(method, path, { body: {} });
        expect([r.status, r.body.error.code]).toEqual([403, 'LOCAL_ONLY']);
      }
      const userinfo = Buffer.from(JSON.stringify({ sub: 'gw-user' })).toString('base64url');
      expect((await api.call('GET', '/v1/points', { headers: { 'x-apigateway-api-userinfo': userinfo } })).status).toBe(200);
    } finally {
      await host.close();
    }
  });

  it('refuses to start with development tokens in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_MODE: dev is refused/);
  });
});
