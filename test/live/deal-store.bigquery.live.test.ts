/**
 * The BigQuery deal store against a real Google Cloud project (npm run test:live). Needs
 * BIGQUERY_PROJECT and Application Default Credentials allowed to create a dataset; it creates a
 * temporary dataset and deletes it afterwards. Not part of npm test, and fails, rather than skips,
 * when not configured.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigQueryDealStore } from '#shared/adapters/bigquery/deal-store.js';

const projectId = process.env.BIGQUERY_PROJECT;
const dataset = `referral_live_${Date.now()}`;
let store: BigQueryDealStore;
let client: BigQuery | undefined;

beforeAll(async () => {
  if (!projectId) throw new Error('npm run test:live needs BIGQUERY_PROJECT and Application Default Credentials');
  client = new BigQuery({ projectId });
  await client.createDataset(dataset, { location: process.env.BIGQUERY_LOCATION ?? 'asia-south1' });
  store = new BigQueryDealStore({ projectId, dataset, table: 'deals' });
  await store.ensureDealsTable();
}, 120_000);

afterAll(async () => {
  if (client) await client.dataset(dataset).delete({ force: true });
}, 120_000);

describe('BigQueryDealStore on real BigQuery', () => {
  it('reads back a deal it wrote, and null for a missing one', async () => {
    await store.putDeal({
      deal_id: 'live-1',
      customer_id: 'c-1',
      referral_code_applied: null,
      is_converted: false,
      sold_ts: new Date().toISOString(),
      amount: { amount: 1_500_000, currency: 'INR' },
    });
    expect(await store.getDeal('live-1')).toMatchObject({
      deal_id: 'live-1',
      customer_id: 'c-1',
      amount: { amount: 1_500_000, currency: 'INR' },
    });
    expect(await store.getDeal('live-missing')).toBeNull();
  });

  it('sets and clears codes with one MERGE, idempotently', async () => {
    await store.putDeal({
      deal_id: 'live-2',
      customer_id: 'c-2',
      referral_code_applied: null,
      is_converted: false,
      sold_ts: new Date().toISOString(),
      amount: null,
    });
    const batch = [
      { deal_id: 'live-1', referral_code_applied: 'ASH-7K2P' },
      { deal_id: 'live-2', referral_code_applied: null },
    ];
    await store.applyReferralChanges(batch);
    await store.applyReferralChanges(batch);
    expect((await store.getDeal('live-1'))?.referral_code_applied).toBe('ASH-7K2P');
    expect((await store.getDeal('live-2'))?.referral_code_applied).toBeNull();
  });
});
