/**
 * BigQueryDealStore against a real BigQuery engine: goccy/bigquery-emulator on loopback
 * (built by `bash tools/bigquery-emulator/build.sh`). Never skipped: without the binary the
 * suite fails with the build command.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Deal } from '#shared/deals/deal.js';
import { BigQueryDealStore, DEALS_TABLE_DDL } from '#shared/adapters/bigquery/deal-store.js';
import { startBigQueryEmulator, type BigQueryEmulator } from '../../../tools/bigquery-emulator/server.js';

const DATASET = 'platform';
const TABLE = 'deals';

let emulator: BigQueryEmulator | undefined;
let client: BigQuery;
let store: BigQueryDealStore;

const deal = (id: string, extra: Partial<Deal> = {}): Deal => ({
  deal_id: id,
  customer_id: `cust-${id}`,
  referral_code_applied: null,
  is_converted: false,
  sold_ts: null,
  amount: null,
  ...extra,
});

/** Every deal's code, by id, read straight from the table. */
async function codes(): Promise<Record<string, string | null>> {
  const [rows] = await client.query({
    query: `SELECT deal_id, referral_code_applied FROM ${store.tableRef} ORDER BY deal_id`,
  });
  return Object.fromEntries(
    (rows as { deal_id: string; referral_code_applied: string | null }[]).map((r) => [r.deal_id, r.referral_code_applied]),
  );
}

beforeAll(async () => {
  emulator = await startBigQueryEmulator();
  client = new BigQuery({
    projectId: emulator.projectId,
    apiEndpoint: emulator.apiEndpoint,
    // The emulator takes no credentials: skip Google's credential lookup.
    authClient: { getRequestHeaders: async () => new Headers() } as never,
  });
  await client.createDataset(DATASET);
  store = new BigQueryDealStore({
    projectId: emulator.projectId,
    dataset: DATASET,
    table: TABLE,
    apiEndpoint: emulator.apiEndpoint,
  });
  await store.ensureDealsTable();
}, 60_000);

afterAll(async () => {
  await emulator?.stop();
});

describe('BigQueryDealStore on the BigQuery emulator', () => {
  it('creates the table once from the exported DDL (partitioned by day of sale, clustered by deal)', async () => {
    expect(DEALS_TABLE_DDL).toMatch(/PARTITION BY DATE\(sold_ts\)\s+CLUSTER BY deal_id/);
    await store.ensureDealsTable(); // already there: no error
    const [metadata] = await client.dataset(DATASET).table(TABLE).getMetadata();
    const fields = (metadata.schema?.fields ?? []) as { name: string; type: string; mode?: string }[];
    expect(fields.map((f) => f.name)).toEqual(['deal_id', 'customer_id', 'referral_code_applied', 'is_converted', 'sold_ts', 'amount']);
    expect(fields.find((f) => f.name === 'sold_ts')?.type).toBe('TIMESTAMP');
  });

  it('reads a deal back by id, every field intact', async () => {
    const full = deal('d-full', {
      referral_code_applied: 'ASHA-7K2P',
      is_converted: true,
      sold_ts: '2026-03-14T09:26:53.589Z',
      amount: { amount: 1_250_000, currency: 'INR' },
    });
    await store.putDeal(full);
    await store.putDeal(deal('d-bare'));
    expect(await store.getDeal('d-full')).toEqual(full);
    expect(await store.getDeal('d-bare')).toEqual(deal('d-bare'));
  });

  it('putDeal replaces an existing deal', async () => {
    await store.putDeal(deal('d-replace', { amount: { amount: 100, currency: 'INR' } }));
    await store.putDeal(deal('d-replace', { is_converted: true, amount: null }));
    expect(await store.getDeal('d-replace')).toEqual(deal('d-replace', { is_converted: true, amount: null }));
  });

  it('returns null for a deal it does not have', async () => {
    expect(await store.getDeal('no-such-deal')).toBeNull();
    // A would-be injection is just an id that matches nothing.
    expect(await store.getDeal("x' OR TRUE --")).toBeNull();
  });

  it('applies a batch in one MERGE: sets codes, clears codes, leaves other deals and unknown ids alone', async () => {
    await store.putDeal(deal('b-1'));
    await store.putDeal(deal('b-2', { referral_code_applied: 'OLD-CODE' }));
    await store.putDeal(deal('b-3', { referral_code_applied: 'KEEP-ME' }));
    const query = vi.spyOn(client, 'query');
    const spied = new BigQueryDealStore({ projectId: client.projectId, dataset: DATASET, table: TABLE, client });
    try {
      await spied.applyReferralChanges([
        { deal_id: 'b-1', referral_code_applied: 'NEW-CODE' },
        { deal_id: 'b-2', referral_code_applied: null },
        { deal_id: 'b-unknown', referral_code_applied: 'NOBODY' },
      ]);
      expect(query).toHaveBeenCalledTimes(1);
      expect(String((query.mock.calls[0]?.[0] as { query: string }).query)).toMatch(/^MERGE /);
    } finally {
      query.mockRestore();
    }
    const after = await codes();
    expect(after['b-1']).toBe('NEW-CODE');
    expect(after['b-2']).toBeNull();
    expect(after['b-3']).toBe('KEEP-ME');
    expect(after).not.toHaveProperty('b-unknown');
    expect(await store.getDeal('b-1')).toEqual(deal('b-1', { referral_code_applied: 'NEW-CODE' }));
  });

  it('applying the same batch twice changes nothing the second time', async () => {
    await store.putDeal(deal('i-1'));
    await store.putDeal(deal('i-2', { referral_code_applied: 'I-OLD' }));
    const batch = [
      { deal_id: 'i-1', referral_code_applied: 'I-CODE' },
      { deal_id: 'i-2', referral_code_applied: null },
    ];
    await store.applyReferralChanges(batch);
    const once = await codes();
    await store.applyReferralChanges(batch);
    expect(await codes()).toEqual(once);
    expect(once['i-1']).toBe('I-CODE');
    expect(once['i-2']).toBeNull();
  });

  it('takes the last change when a batch names a deal twice', async () => {
    await store.putDeal(deal('l-1'));
    await store.applyReferralChanges([
      { deal_id: 'l-1', referral_code_applied: 'FIRST' },
      { deal_id: 'l-1', referral_code_applied: 'LAST' },
    ]);
    expect((await store.getDeal('l-1'))?.referral_code_applied).toBe('LAST');
  });

  it('applies a large batch in one statement, each change to its own deal', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `big-${String(i).padStart(2, '0')}`);
    for (const id of ids) await store.putDeal(deal(id, { referral_code_applied: 'BEFORE' }));
    // Every third deal is cleared, the others get a code derived from their id.
    const batch = ids.map((id, i) => ({ deal_id: id, referral_code_applied: i % 3 === 0 ? null : `CODE-${id}` }));
    await store.applyReferralChanges(batch);
    const after = await codes();
    for (const c of batch) expect(after[c.deal_id], c.deal_id).toBe(c.referral_code_applied);
  }, 60_000);

  it('issues no job at all for an empty batch', async () => {
    const [jobsBefore] = await client.getJobs({ allUsers: true });
    const query = vi.spyOn(client, 'query');
    const createQueryJob = vi.spyOn(client, 'createQueryJob');
    const request = vi.spyOn(client, 'request');
    const spied = new BigQueryDealStore({ projectId: client.projectId, dataset: DATASET, table: TABLE, client });
    try {
      await spied.applyReferralChanges([]);
      expect(query).not.toHaveBeenCalled();
      expect(createQueryJob).not.toHaveBeenCalled();
      expect(request).not.toHaveBeenCalled();
    } finally {
      query.mockRestore();
      createQueryJob.mockRestore();
      request.mockRestore();
    }
    const [jobsAfter] = await client.getJobs({ allUsers: true });
    expect(jobsAfter.length).toBe(jobsBefore.length);
  });
});
