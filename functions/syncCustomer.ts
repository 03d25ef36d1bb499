import { cloudEvent } from '@google-cloud/functions-framework';
import { customerUpsertedSchema, inboundEventTypes } from '#shared/events/inbound-events.js';
import { pubsubHandler } from '#shared/events/pubsub-handler.js';
import { syncCustomerProfile } from '#shared/customers/manage-customers.js';

/** `customer.upserted` on `customers`: keeps the profile used for codes and self-referral checks. */
export const handler = pubsubHandler(
  'syncCustomer',
  {
    'customer.upserted': {
      schema: customerUpsertedSchema,
      run: (ctx, p) => syncCustomerProfile(ctx, p.customer_id, { name: p.name, email: p.email, phone_number: p.phone_number }),
    },
  },
  inboundEventTypes.customers,
);
cloudEvent('syncCustomer', handler);
