import type { ReferralEventType } from './notification.js';

/** A column of the `referral_events` BigQuery table. */
export interface EventColumn {
  name: string;
  /** BigQuery's schema type names, as the JSON schema file has them (GoogleSQL's INT64 is INTEGER). */
  type: 'STRING' | 'INTEGER' | 'TIMESTAMP';
  mode: 'REQUIRED' | 'NULLABLE';
  description: string;
}

/**
 * The `referral_events` table: one row per `referral-events` message, written by the Pub/Sub
 * BigQuery subscription (`terraform/analytics.tf`, `use_table_schema`, `write_metadata`,
 * `drop_unknown_fields`): each data field that names a column fills it, others are dropped, and
 * the subscription adds the four metadata columns. Partitioned by `DATE(occurred_at)`, so a
 * report's bytes scanned follow its span. terraform/referral-events-schema.json is this list
 * (a test keeps them the same, and checks every event type's fields against it).
 */
export const referralEventColumns: readonly EventColumn[] = [
  {
    name: 'event_id',
    type: 'STRING',
    mode: 'REQUIRED',
    description: 'Deterministic id, <type>:<id>; a redelivery repeats it, reports count it once.',
  },
  { name: 'type', type: 'STRING', mode: 'REQUIRED', description: 'Event type (attribute type).' },
  { name: 'occurred_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When it happened; the partitioning column.' },
  {
    name: 'customer_id',
    type: 'STRING',
    mode: 'NULLABLE',
    description: 'The customer the event is about (the referrer for referral events).',
  },
  { name: 'usage_id', type: 'STRING', mode: 'NULLABLE', description: 'The usage of a referral or points.credited event.' },
  { name: 'referral_code', type: 'STRING', mode: 'NULLABLE', description: 'The code applied or clicked.' },
  { name: 'referrer_id', type: 'STRING', mode: 'NULLABLE', description: 'Owner of the code.' },
  { name: 'referee_id', type: 'STRING', mode: 'NULLABLE', description: 'Customer who applied the code.' },
  { name: 'deal_id', type: 'STRING', mode: 'NULLABLE', description: 'The deal of a usage or redemption.' },
  { name: 'state', type: 'STRING', mode: 'NULLABLE', description: 'Usage state after the transition.' },
  { name: 'credit_status', type: 'STRING', mode: 'NULLABLE', description: "What became of the referrer's reward at conversion." },
  {
    name: 'click_id',
    type: 'STRING',
    mode: 'NULLABLE',
    description: 'The share-link click (share.clicked; referral.applied through a link).',
  },
  { name: 'redemption_id', type: 'STRING', mode: 'NULLABLE', description: 'The redemption of points.redeemed.' },
  { name: 'points', type: 'INTEGER', mode: 'NULLABLE', description: 'Points credited, redeemed, or promised at conversion.' },
  { name: 'subscription_name', type: 'STRING', mode: 'NULLABLE', description: 'Metadata: the BigQuery subscription that wrote the row.' },
  { name: 'message_id', type: 'STRING', mode: 'NULLABLE', description: 'Metadata: Pub/Sub message id.' },
  { name: 'publish_time', type: 'TIMESTAMP', mode: 'NULLABLE', description: 'Metadata: when Pub/Sub accepted the message.' },
  { name: 'attributes', type: 'STRING', mode: 'NULLABLE', description: 'Metadata: the message attributes, as JSON.' },
];

/** The columns the subscription fills from message metadata rather than data. */
export const metadataColumns = ['subscription_name', 'message_id', 'publish_time', 'attributes'] as const;

/**
 * The data fields each event type publishes that the table drops (not a column): kept out of the
 * table on purpose. The schema test fails on a field that is neither a column nor listed here.
 */
export const droppedFields: Record<ReferralEventType, readonly string[]> = {
  'referral.applied': ['discount'],
  'referral.released': ['reason'],
  'referral.converted': ['available_at'],
  'referral.reversed': [],
  'customer.erased': ['erased_at'],
  'share.clicked': [],
  'points.credited': ['expires_at'],
  'points.redeemed': [],
};

/** One table row, as the subscription writes it. */
export type EventRow = Record<string, string | number | null>;

/**
 * What the BigQuery subscription writes for one message: the data fields that are columns (others
 * dropped), plus the metadata. The local host writes this into the emulator, or the memory
 * warehouse, so that reports read the same rows everywhere.
 */
export function subscriptionRow(
  message: { data: Record<string, unknown>; attributes: Record<string, string>; messageId: string; publishTime: string },
  subscriptionName: string,
): EventRow {
  const row: EventRow = {};
  for (const c of referralEventColumns) {
    const v = message.data[c.name];
    row[c.name] = typeof v === 'string' || typeof v === 'number' ? v : null;
  }
  row.subscription_name = subscriptionName;
  row.message_id = message.messageId;
  row.publish_time = message.publishTime;
  row.attributes = JSON.stringify(message.attributes);
  return row;
}
