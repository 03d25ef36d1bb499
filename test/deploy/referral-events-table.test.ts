import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { referralEventTypes } from '#shared/notifications/notification.js';
import { droppedFields, metadataColumns, referralEventColumns } from '#shared/notifications/referral-events-table.js';
import { shareLinkJourney } from '../support/funnel-journey.js';
import { referralSetup, useTestHost } from '../support/test-host.js';
import { readTerraform } from './terraform-json.js';

const terraformDir = join(import.meta.dirname, '../../terraform');
// Each redirect waits for its click, so the journey's next step finds it.
const t = useTestHost({ SHARE_CLICK_RECORD_TIMEOUT_MS: '2000' });

describe('the referral_events table (shared/notifications/referral-events-table.ts)', () => {
  it('is what terraform/referral-events-schema.json declares, column for column', async () => {
    const file = JSON.parse(await readFile(join(terraformDir, 'referral-events-schema.json'), 'utf8')) as unknown;
    expect(file).toEqual(referralEventColumns);
    const names = referralEventColumns.map((c) => c.name);
    for (const m of metadataColumns) expect(names).toContain(m);
    expect(referralEventColumns.find((c) => c.name === 'occurred_at')).toMatchObject({ type: 'TIMESTAMP', mode: 'REQUIRED' });
  });

  it('is created partitioned by the day of occurred_at, queried only with a partition filter, and filled by a BigQuery subscription', async () => {
    const tf = await readTerraform(terraformDir);
    const table = tf.resource?.google_bigquery_table?.referral_events?.[0];
    expect(table?.schema).toBe('${file("${path.module}/referral-events-schema.json")}');
    expect(table?.time_partitioning).toEqual([{ type: 'DAY', field: 'occurred_at' }]);
    expect(table?.require_partition_filter).toBe(true);
    const sub = tf.resource?.google_pubsub_subscription?.referral_events_to_bigquery?.[0];
    expect(sub?.topic).toBe('${google_pubsub_topic.topic["referral-events"].id}');
    expect(sub?.bigquery_config).toEqual([
      expect.objectContaining({ use_table_schema: true, write_metadata: true, drop_unknown_fields: true }),
    ]);
    expect(JSON.stringify(sub?.bigquery_config)).toContain('google_bigquery_table.referral_events');
  });

  it('has a column, or a deliberate drop, for every field every referral event publishes, and every event says when it occurred', async () => {
    const admin = await t.api.token('admin-1', ['admin']);
    const s = await shareLinkJourney(t.api, () => t.host.recorder.messages('referral-events'));
    await t.api.expect(201, 'POST', '/v1/points/redeem', {
      token: s.referrerToken,
      headers: { 'idempotency-key': 'k1' },
      body: { points: 100, deal_id: 'd-redeem' },
    });
    await t.api.paymentRefunded(s.dealId, s.referee);
    const released = await referralSetup(t.api);
    await t.api.expect(201, 'POST', '/v1/referral-code/apply', {
      token: released.refereeToken,
      body: { code: released.code, deal_id: released.dealId },
    });
    await t.api.expect(200, 'DELETE', `/v1/deals/${released.dealId}/referral`, { token: released.refereeToken });
    await t.api.expect(200, 'POST', `/v1/admin/customers/${released.referee}/erase`, { token: admin, body: { reason: 'asked' } });

    const messages = t.host.recorder.messages('referral-events');
    expect(new Set(messages.map((m) => m.attributes.type))).toEqual(new Set(referralEventTypes));
    const columns = new Set(referralEventColumns.map((c) => c.name));
    for (const m of messages) {
      const type = m.attributes.type as (typeof referralEventTypes)[number];
      const unknown = Object.keys(m.data).filter((k) => !columns.has(k) && !droppedFields[type].includes(k));
      expect({ type, unknown }).toEqual({ type, unknown: [] });
      expect(Date.parse(String(m.data.occurred_at)), `${type} occurred_at`).not.toBeNaN();
      expect(m.data.event_id).toBe(m.attributes.event_id);
    }
  });
});
