import { paymentCompletedPayload, paymentRefundedPayload } from './payment-events.js';

/** A small client for the local host's API, used by the demo and the load test. */
export class HostClient {
  constructor(readonly baseUrl: string) {}

  /** Sends a request; answers status and parsed JSON body. */
  async call(
    method: string,
    path: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  /** Like {@link call}, but throws unless the status is the expected one. */
  async expect(status: number, method: string, path: string, options: Parameters<HostClient['call']>[2] = {}): Promise<any> {
    const r = await this.call(method, path, options);
    if (r.status !== status) throw new Error(`${method} ${path} answered ${r.status}, expected ${status}: ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** A development token for a customer. */
  async token(sub: string, roles: string[] = []): Promise<string> {
    return (await this.expect(200, 'POST', '/_dev/token', { body: { sub, roles } })).token;
  }

  /** Publishes an event on a topic through the host's Pub/Sub simulation; throws if a subscriber failed. */
  async publish(topic: string, type: string, data: Record<string, unknown>): Promise<any> {
    const r = await this.expect(200, 'POST', `/_pubsub/${topic}`, { body: { data, attributes: { type } } });
    const failed = r.deliveries.filter((d: { outcome: string }) => d.outcome !== 'acknowledged');
    if (failed.length) throw new Error(`${type} was not acknowledged: ${JSON.stringify(failed)}`);
    return r;
  }

  /** A `payment.completed` event for a deal. */
  paymentCompleted(dealId: string, customerId: string, amount: number, extra: Record<string, unknown> = {}) {
    return this.publish('payments', 'payment.completed', paymentCompletedPayload(dealId, customerId, amount, extra));
  }

  /** A `payment.refunded` event for a deal. */
  paymentRefunded(dealId: string, customerId: string) {
    return this.publish('payments', 'payment.refunded', paymentRefundedPayload(dealId, customerId));
  }
}
