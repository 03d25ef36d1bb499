/**
 * The event warehouse contract on memory and on BigQuery (the emulator, built by
 * `bash tools/bigquery-emulator/build.sh`; never skipped). Each BigQuery test gets a fresh dataset.
 */
import { randomBytes } from 'node:crypto';
import { BigQuery } from '@google-cloud/bigquery';
import { afterAll } from 'vitest';
import { BigQueryEventWarehouse } from '#shared/adapters/bigquery/event-warehouse.js';
import { MemoryEventWarehouse } from '#shared/adapters/memory/event-warehouse.js';
import { startBigQueryEmulator, type BigQueryEmulator } from '../../tools/bigquery-emulator/server.js';
import { describeEventWarehouseContract } from './event-warehouse.contract.js';
import { memoryStore } from './store-harness.js';

let emulator: Promise<BigQueryEmulator> | undefined;
afterAll(async () => {
  await (await emulator)?.stop();
});

describeEventWarehouseContract(
  'memory',
  memoryStore(() => new MemoryEventWarehouse()),
);
describeEventWarehouseContract('bigquery', async () => {
  emulator ??= startBigQueryEmulator();
  const { projectId, apiEndpoint } = await emulator;
  const client = new BigQuery({ projectId, apiEndpoint, authClient: { getRequestHeaders: async () => new Headers() } as never });
  const dataset = `analytics_${randomBytes(4).toString('hex')}`;
  await client.createDataset(dataset);
  const store = new BigQueryEventWarehouse({ projectId, dataset, apiEndpoint });
  await store.ensureTable();
  return { store, cleanup: async () => void (await client.dataset(dataset).delete({ force: true })) };
});
