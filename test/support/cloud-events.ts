import type { LocalHost } from '../../tools/local-host/host.js';
import type { FunctionName } from '#shared/app/function-catalog.js';
import { paymentCompletedPayload, paymentRefundedPayload } from '../../tools/payment-events.js';

let sequence = 0;

/**
 * POSTs a Pub/Sub message to one function exactly as Eventarc does (binary-mode CloudEvent whose
 * data holds the message with base64 data); `rawData` sends data that is not JSON.
 */
export async function deliverCloudEvent(
  host: LocalHost,
  fn: FunctionName,
  type: string | null,
  data: unknown,
  options: { rawData?: string; messageId?: string; structured?: boolean } = {},
): Promise<{ status: number; text: string }> {
  sequence += 1;
  const messageId = options.messageId ?? `msg-${sequence}`;
  const message = {
    data: Buffer.from(options.rawData ?? JSON.stringify(data)).toString('base64'),
    attributes: type === null ? {} : { type },
    messageId,
    publishTime: new Date().toISOString(),
  };
  const ce = {
    id: messageId,
    specversion: '1.0',
    source: '//pubsub.googleapis.com/projects/test/topics/payments',
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
  };
  const payload = { message, subscription: `projects/test/subscriptions/${fn}` };
  const res = await fetch(host.servers.get(fn)!.url, {
    method: 'POST',
    headers: options.structured
      ? { 'content-type': 'application/cloudevents+json' }
      : {
          'content-type': 'application/json',
          'ce-id': ce.id,
          'ce-specversion': ce.specversion,
          'ce-source': ce.source,
          'ce-type': ce.type,
        },
    body: JSON.stringify(options.structured ? { ...ce, datacontenttype: 'application/json', data: payload } : payload),
  });
  return { status: res.status, text: await res.text() };
}

/** A `payment.completed` payload with a fixed payment instant. */
export function paymentCompleted(dealId: string, customerId: string, extra: Record<string, unknown> = {}) {
  return paymentCompletedPayload(dealId, customerId, 1_500_000, { paid_at: '2026-11-24T10:00:00Z', ...extra });
}

/** A `payment.refunded` payload with a fixed refund instant. */
export function paymentRefunded(dealId: string, customerId: string) {
  return paymentRefundedPayload(dealId, customerId, { refunded_at: '2026-11-25T10:00:00Z' });
}
