import type { AddressInfo } from 'node:net';
import { http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { Config } from '#shared/app/config.js';
import { memoryLogger } from '#shared/core/logger.js';
import { HostClient } from '../demo-client.js';
import { paymentCompletedPayload } from '../payment-events.js';
import { startLocalHost } from '../local-host/host.js';

/** Mean time per request of one flow through its function's own server. */
export interface FlowCost {
  flow: string;
  mean_ms: number;
  ratio_to_hello: number;
}

async function timeRequests(n: number, send: (i: number) => Promise<Response>): Promise<number> {
  for (let i = 0; i < Math.min(20, n); i += 1) await (await send(-1 - i)).arrayBuffer();
  const started = performance.now();
  for (let i = 0; i < n; i += 1) {
    const res = await send(i);
    await res.arrayBuffer();
    if (res.status >= 300) throw new Error(`request ${i} answered ${res.status}`);
  }
  return (performance.now() - started) / n;
}

/**
 * The cost of apply, conversion and redemption, each through its function's functions-framework
 * server on the given stores, against a functions-framework hello world in the same process.
 */
export async function flowOverheads(config: Config, n = 300): Promise<FlowCost[]> {
  http('benchHello', (_req, res) => {
    res.send('hello');
  });
  const hello = getTestServer('benchHello');
  await new Promise<void>((resolve) => hello.listen(0, '127.0.0.1', resolve));
  const helloUrl = `http://127.0.0.1:${(hello.address() as AddressInfo).port}/`;
  const host = await startLocalHost(config, { logger: memoryLogger() });
  try {
    const api = new HostClient(host.url);
    const run = Math.random().toString(36).slice(2, 8);
    const referrer = `bench-${run}-referrer`;
    await api.expect(200, 'PUT', `/_dev/customers/${referrer}`, { body: { name: 'Bench Referrer' } });
    await api.paymentCompleted(`bench-${run}-first`, referrer, 100);
    const referrerToken = await api.token(referrer);
    const code = (await api.expect(200, 'GET', '/v1/referral-code', { token: referrerToken })).referral_code;
    const warm = 20;
    const referees = await Promise.all(
      Array.from({ length: n + warm }, async (_, i) => {
        const id = `bench-${run}-referee-${i}`;
        await api.expect(200, 'PUT', `/_dev/deals/${id}-deal`, { body: { customer_id: id } });
        return { id, token: await api.token(id), deal: `${id}-deal` };
      }),
    );
    await api.expect(201, 'POST', `/v1/admin/customers/${referrer}/points/adjust`, {
      token: await api.token('bench-admin', ['admin']),
      headers: { 'idempotency-key': run },
      body: { points: 1_000_000, reason: 'bench' },
    });
    const url = (fn: string) => host.servers.get(fn as never)!.url;
    const pick = (i: number) => referees[i < 0 ? n - 1 - i : i]!;
    const helloMs = await timeRequests(n, () => fetch(helloUrl));
    const applyMs = await timeRequests(n, (i) =>
      fetch(`${url('applyReferralCode')}/v1/referral-code/apply`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${pick(i).token}` },
        body: JSON.stringify({ code, deal_id: pick(i).deal }),
      }),
    );
    const convertMs = await timeRequests(n, (i) => {
      const r = pick(i);
      const data = paymentCompletedPayload(r.deal, r.id, 1);
      return fetch(url('creditReferralConversion'), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'ce-id': `m-${r.deal}`,
          'ce-specversion': '1.0',
          'ce-source': 'bench',
          'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
        },
        body: JSON.stringify({
          message: {
            data: Buffer.from(JSON.stringify(data)).toString('base64'),
            attributes: { type: 'payment.completed' },
            messageId: `m-${r.deal}`,
          },
        }),
      });
    });
    const redeemMs = await timeRequests(n, (i) =>
      fetch(`${url('points')}/v1/points/redeem`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${referrerToken}`, 'idempotency-key': `${run}-${i}` },
        body: JSON.stringify({ points: 1, deal_id: 'bench-trip' }),
      }),
    );
    const row = (flow: string, ms: number): FlowCost => ({ flow, mean_ms: ms, ratio_to_hello: ms / helloMs });
    return [row('hello world', helloMs), row('apply', applyMs), row('conversion (CloudEvent)', convertMs), row('redemption', redeemMs)];
  } finally {
    await host.close();
    await new Promise<void>((resolve) => hello.close(() => resolve()));
  }
}
