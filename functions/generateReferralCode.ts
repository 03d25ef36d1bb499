import { cloudEvent } from '@google-cloud/functions-framework';
import { inboundEventTypes, paymentCompletedSchema } from '#shared/events/inbound-events.js';
import { pubsubHandler } from '#shared/events/pubsub-handler.js';
import { generateReferralCode } from '#shared/referral-codes/generate-referral-code.js';

/** `payment.completed` on `payments`: the customer's first payment gives them a referral code. */
export const handler = pubsubHandler(
  'generateReferralCode',
  {
    'payment.completed': {
      schema: paymentCompletedSchema,
      run: (ctx, p) =>
        generateReferralCode(ctx, { customer_id: p.customer_id, deal_id: p.deal_id, paid_at: p.paid_at, customer: p.customer }),
    },
  },
  inboundEventTypes.payments,
);
cloudEvent('generateReferralCode', handler);
