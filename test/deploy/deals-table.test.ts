import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dealSchema } from '#shared/deals/deal.js';
import { readTerraform } from './terraform-json.js';

interface Column {
  name: string;
  type: string;
  mode: 'REQUIRED' | 'NULLABLE' | 'REPEATED';
  fields?: Column[];
}

interface ObjectSchema {
  properties: Record<string, { anyOf?: Partial<ObjectSchema>[] } & Partial<ObjectSchema>>;
  required?: string[];
}

const terraformDir = join(import.meta.dirname, '../../terraform');
const columns = async (): Promise<Column[]> => JSON.parse(await readFile(join(terraformDir, 'deals-schema.json'), 'utf8')) as Column[];

/** Field names with the mode a BigQuery column needs to hold what dealSchema accepts. */
function modesOf(schema: ObjectSchema): Record<string, string> {
  return Object.fromEntries(
    Object.keys(schema.properties).map((name) => [name, schema.required?.includes(name) ? 'REQUIRED' : 'NULLABLE']),
  );
}

const dealInput = z.toJSONSchema(dealSchema, { io: 'input' }) as unknown as ObjectSchema;

describe('the deals table matches dealSchema (shared/deals/deal.ts)', () => {
  it('has a column for each field of a deal, required where the schema requires it', async () => {
    const table = Object.fromEntries((await columns()).map((c) => [c.name, c.mode]));
    expect(table).toEqual(modesOf(dealInput));
  });

  it('keeps the amount as integer minor units with its currency', async () => {
    const amount = (await columns()).find((c) => c.name === 'amount');
    const nested = dealInput.properties.amount?.anyOf?.find((s): s is ObjectSchema => s.properties !== undefined);
    expect(amount?.type).toBe('RECORD');
    expect(Object.fromEntries((amount?.fields ?? []).map((c) => [c.name, c.mode]))).toEqual(modesOf(nested!));
    expect(amount?.fields?.find((c) => c.name === 'amount')?.type).toBe('INTEGER');
  });

  it('is created from that schema file, partitioned by day of sale and clustered by deal', async () => {
    const tf = await readTerraform(terraformDir);
    const table = tf.resource?.google_bigquery_table?.deals?.[0];
    expect(table?.schema).toBe('${file("${path.module}/deals-schema.json")}');
    expect(table?.time_partitioning).toEqual([{ type: 'DAY', field: 'sold_ts' }]);
    expect(table?.clustering).toEqual(['deal_id']);
  });
});
