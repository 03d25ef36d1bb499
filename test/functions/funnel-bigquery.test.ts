/**
 * The local host on the BigQuery emulator: the recording publisher writes every referral-events
 * message into `referral_events` as the Pub/Sub BigQuery subscription does in production, and the
 * funnel is the BigQuery adapter's one query over it.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/app/config.js';
import { BigQueryDealStore } from '#shared/adapters/bigquery/deal-store.js';
import { memoryLogger } from '#shared/core/logger.js';
import { startBigQueryEmulator, type BigQueryEmulator } from '../../tools/bigquery-emulator/server.js';
import { HostClient } from '../../tools/demo-client.js';
import { startLocalHost, type LocalHost } from '../../tools/local-host/host.js';
import { shareLinkJourney } from '../support/funnel-journey.js';

let emulator: BigQueryEmulator;
let host: LocalHost;
let api: HostClient;
let client: BigQuery;

beforeAll(async () => {
  emulator = await startBigQueryEmulator();
  const { projectId, apiEndpoint } = emulator;
  client = new BigQuery({ projectId, apiEndpoint, authClient: { getRequestHeaders: async () => new Headers() } as never });
  await client.createDataset('platform');
  await new BigQueryDealStore({ projectId, dataset: 'platform', table: 'deals', apiEndpoint }).ensureDealsTable();
  host = await startLocalHost(
    loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      BIGQUERY_PROJECT: projectId,
      BIGQUERY_API_ENDPOINT: apiEndpoint,
      SHARE_CLICK_RECORD_TIMEOUT_MS: '5000',
    }),
    {
      logger: memoryLogger(),
    },
  );
  api = new HostClient(host.url);
}, 120_000);

afterAll(async () => {
  await host.close();
  await emulator.stop();
});

describe('the funnel on BigQuery, filled by the local host', () => {
  it('lands every referral-events message in referral_events and reports the journey from it', async () => {
    host.clock.set(new Date('2026-03-10T12:00:00Z'));
    let s;
    try {
      s = await shareLinkJourney(api, () => host.recorder.messages('referral-events'));
    } finally {
      host.clock.clear();
    }
    expect(host.runtime.description).toContain('referral events in BigQuery referral-test.referral_analytics.referral_events');
    const [rows] = await client.query({
      query: 'SELECT type, COUNT(*) AS n FROM `referral-test.referral_analytics.referral_events` GROUP BY type ORDER BY type',
    });
    expect(rows).toEqual([
      { type: 'points.credited', n: 1 },
      { type: 'referral.applied', n: 1 },
      { type: 'referral.converted', n: 1 },
      { type: 'share.clicked', n: 2 },
    ]);
    const admin = await api.token('admin-1', ['admin']);
    const report = await api.expect(200, 'GET', '/v1/admin/reports/funnel?from=2026-03-10&to=2026-03-10', { token: admin });
    expect(report.source).toBe('bigquery');
    expect(report.buckets).toEqual([
      {
        start: '2026-03-10',
        clicks: 2,
        applied: 1,
        applied_from_clicks: 1,
        converted: 1,
        reversed: 0,
        points_credited: 2000,
        points_redeemed: 0,
        active_referrers: 1,
        click_to_apply: 0.5,
        apply_to_conversion: 1,
      },
    ]);
    expect(report.top_referrers).toEqual([
      { referrer_id: s.referrer, referral_code: s.code, clicks: 2, applied: 1, converted: 1, points_credited: 2000 },
    ]);
  });
});
