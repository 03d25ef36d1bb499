import { cloudEvent } from '@google-cloud/functions-framework';
import { inboundEventTypes, paymentCompletedSchema } from '#shared/events/inbound-events.js';
import { pubsubHandler } from '#shared/events/pubsub-handler.js';
import { convertReferral } from '#shared/usages/convert-referral.js';

/** `payment.completed` on `payments`: a referred deal converts and its referrer is credited. */
export const handler = pubsubHandler(
  'creditReferralConversion',
  {
    'payment.completed': {
      schema: paymentCompletedSchema,
      run: (ctx, p) =>
        convertReferral(ctx, {
          deal_id: p.deal_id,
          customer_id: p.customer_id,
          payment_id: p.payment_id,
          payment_method_fingerprint: p.payment_method?.fingerprint,
        }),
    },
  },
  inboundEventTypes.payments,
);
cloudEvent('creditReferralConversion', handler);
