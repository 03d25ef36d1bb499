import { cloudEvent } from '@google-cloud/functions-framework';
import { inboundEventTypes, paymentRefundedSchema } from '#shared/events/inbound-events.js';
import { pubsubHandler } from '#shared/events/pubsub-handler.js';
import { reverseReferral } from '#shared/usages/reverse-referral.js';

/** `payment.refunded` on `payments`: the referral is reversed and its reward clawed back. */
export const handler = pubsubHandler(
  'reverseReferralOnRefund',
  {
    'payment.refunded': {
      schema: paymentRefundedSchema,
      run: (ctx, p) => reverseReferral(ctx, { deal_id: p.deal_id, payment_id: p.payment_id }),
    },
  },
  inboundEventTypes.payments,
);
cloudEvent('reverseReferralOnRefund', handler);
