import type { BigQuery, Query } from '@google-cloud/bigquery';
import { lazyBigQueryClient } from './client.js';
import { dealSchema, type Deal, type DealReferralChange } from '../../deals/deal.js';
import type { DealStore } from '../../deals/deal-store.js';

/**
 * The deals table, as a GoogleSQL DDL statement; `{{table}}` stands for the quoted
 * `project.dataset.table` reference ({@link dealsTableDdl} fills it in).
 *
 * The columns mirror terraform/deals-schema.json (which Terraform uses in production), with one
 * difference: `amount.amount` and `amount.currency` are REQUIRED there but plain here, because the
 * BigQuery emulator the tests run on rejects NOT NULL on nested fields. The store always writes
 * both sub-fields or a NULL `amount`, so the data is the same either way.
 */
export const DEALS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS {{table}} (
  deal_id STRING NOT NULL OPTIONS (description = 'Booking id.'),
  customer_id STRING NOT NULL OPTIONS (description = 'Customer who booked.'),
  referral_code_applied STRING OPTIONS (description = 'Referral code on this booking, if any; kept in step by syncDealReferrals.'),
  is_converted BOOL OPTIONS (description = 'Payment completed.'),
  sold_ts TIMESTAMP OPTIONS (description = 'When the booking was sold; the partitioning column.'),
  amount STRUCT<amount INT64, currency STRING> OPTIONS (description = 'Booking amount in integer minor units (amount) with its ISO 4217 currency.')
)
PARTITION BY DATE(sold_ts)
CLUSTER BY deal_id`;

/** Where a {@link BigQueryDealStore} keeps its deals, and how it reaches BigQuery. */
export interface BigQueryDealStoreOptions {
  /** Project that owns the table (queries also run, and are billed, there). */
  projectId: string;
  dataset: string;
  table: string;
  /**
   * Another endpoint than Google's, e.g. `http://127.0.0.1:9050` for the emulator. An `http:`
   * endpoint is taken for an emulator: requests carry no credentials, so no lookup of Google
   * credentials (or of the metadata server) is ever made.
   */
  apiEndpoint?: string;
  /** Location of the dataset, when it is not the multi-region the client would guess. */
  location?: string;
  /** A ready client (tests); otherwise one is created on first use and reused. */
  client?: BigQuery;
}

const PROJECT_ID = /^(?:[a-z][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const DATASET_OR_TABLE = /^[A-Za-z0-9_]{1,1024}$/;

/** The quoted `project.dataset.table` reference, after checking each part can't break out of it. */
export function dealsTableRef(projectId: string, dataset: string, table: string): string {
  if (!PROJECT_ID.test(projectId)) throw new Error(`BigQuery project id ${JSON.stringify(projectId)} is not valid`);
  if (!DATASET_OR_TABLE.test(dataset)) throw new Error(`BigQuery dataset ${JSON.stringify(dataset)} is not valid`);
  if (!DATASET_OR_TABLE.test(table)) throw new Error(`BigQuery table ${JSON.stringify(table)} is not valid`);
  return `\`${projectId}.${dataset}.${table}\``;
}

/** {@link DEALS_TABLE_DDL} for one table reference as {@link dealsTableRef} makes it. */
export function dealsTableDdl(tableRef: string): string {
  return DEALS_TABLE_DDL.replace('{{table}}', tableRef);
}

/**
 * Scalar query parameters travel as strings with an explicit type: that is what the REST API's
 * `QueryParameterValue.value` is, whatever the type (the client would otherwise send JSON numbers
 * and booleans, which the emulator refuses). TIMESTAMPs go as strings and are converted in SQL.
 */
type ParamType = 'STRING' | 'INT64' | 'BOOL';

/**
 * Deals in a BigQuery table ({@link DEALS_TABLE_DDL}).
 *
 * - `getDeal` is a parameterised point lookup (the table is clustered by `deal_id`).
 * - `applyReferralChanges` is one `MERGE` per batch from an `ARRAY<STRUCT<deal_id, referral_code_applied>>`
 *   parameter: one DML job whatever the batch size (table DML is quota-limited), nothing for an
 *   empty batch, and rows already holding the wanted code are left alone, so a replay writes nothing.
 * - `putDeal` upserts one deal with a `MERGE` (seeding and tests only).
 */
export class BigQueryDealStore implements DealStore {
  readonly #options: BigQueryDealStoreOptions;
  readonly #table: string;
  readonly #getClient: () => Promise<BigQuery>;

  constructor(options: BigQueryDealStoreOptions) {
    this.#options = options;
    this.#table = dealsTableRef(options.projectId, options.dataset, options.table);
    this.#getClient = lazyBigQueryClient(options);
  }

  /** The quoted table reference the statements use. */
  get tableRef(): string {
    return this.#table;
  }

  async #query(query: string, params?: Record<string, unknown>, types?: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const client = await this.#getClient();
    const request: Query = { query, useLegacySql: false };
    if (this.#options.location !== undefined) request.location = this.#options.location;
    if (params) {
      request.params = params;
      request.types = types as Query['types'];
    }
    const [rows] = await client.query(request);
    return rows as Record<string, unknown>[];
  }

  /** Creates the table from {@link DEALS_TABLE_DDL} unless it exists (the dataset must exist). */
  async ensureDealsTable(): Promise<void> {
    const client = await this.#getClient();
    const { dataset, table } = this.#options;
    // Checked first rather than left to IF NOT EXISTS alone: the emulator ignores IF NOT EXISTS.
    const [exists] = await client.dataset(dataset, { projectId: this.#options.projectId }).table(table).exists();
    if (exists) return;
    await this.#query(dealsTableDdl(this.#table));
  }

  async getDeal(dealId: string): Promise<Deal | null> {
    const rows = await this.#query(
      `SELECT deal_id, customer_id, referral_code_applied, is_converted, sold_ts, amount
FROM ${this.#table}
WHERE deal_id = @deal_id
LIMIT 1`,
      { deal_id: dealId },
      { deal_id: 'STRING' },
    );
    const row = rows[0];
    return row === undefined ? null : rowToDeal(row);
  }

  async applyReferralChanges(changes: readonly DealReferralChange[]): Promise<void> {
    if (changes.length === 0) return;
    // One source row per deal (the last change wins, as if applied in order): MERGE fails when
    // two source rows match the same target row.
    const latest = new Map<string, string | null>();
    for (const c of changes) {
      if (typeof c.deal_id !== 'string' || c.deal_id.length === 0) {
        throw new Error('applyReferralChanges: every change needs a non-empty deal_id');
      }
      latest.delete(c.deal_id);
      latest.set(c.deal_id, c.referral_code_applied ?? null);
    }
    const rows = [...latest].map(([deal_id, referral_code_applied]) => ({ deal_id, referral_code_applied }));
    await this.#query(
      `MERGE ${this.#table} AS t
USING (
  SELECT c.deal_id, c.referral_code_applied
  FROM UNNEST(@changes) AS c
) AS c
ON t.deal_id = c.deal_id
WHEN MATCHED AND t.referral_code_applied IS DISTINCT FROM c.referral_code_applied THEN
  UPDATE SET referral_code_applied = c.referral_code_applied`,
      { changes: rows },
      { changes: [{ deal_id: 'STRING', referral_code_applied: 'STRING' }] },
    );
  }

  async putDeal(deal: Deal): Promise<void> {
    const d = dealSchema.parse(deal);
    const params: Record<string, string | null> = {
      deal_id: d.deal_id,
      customer_id: d.customer_id,
      referral_code_applied: d.referral_code_applied,
      is_converted: String(d.is_converted),
      sold_ts: d.sold_ts,
      amount_minor: d.amount === null ? null : String(d.amount.amount),
      amount_currency: d.amount === null ? null : d.amount.currency,
    };
    const types: Record<keyof typeof params, ParamType> = {
      deal_id: 'STRING',
      customer_id: 'STRING',
      referral_code_applied: 'STRING',
      is_converted: 'BOOL',
      sold_ts: 'STRING',
      amount_minor: 'INT64',
      amount_currency: 'STRING',
    };
    // The CASTs are no-ops on BigQuery, where each parameter arrives typed; the emulator drops
    // the declared type of a NULL parameter, and takes it from the CAST instead.
    await this.#query(
      `MERGE ${this.#table} AS t
USING (
  SELECT
    @deal_id AS deal_id,
    @customer_id AS customer_id,
    CAST(@referral_code_applied AS STRING) AS referral_code_applied,
    CAST(@is_converted AS BOOL) AS is_converted,
    TIMESTAMP(CAST(@sold_ts AS STRING)) AS sold_ts,
    IF(
      @amount_minor IS NULL,
      NULL,
      STRUCT(CAST(@amount_minor AS INT64) AS amount, CAST(@amount_currency AS STRING) AS currency)
    ) AS amount
) AS s
ON t.deal_id = s.deal_id
WHEN MATCHED THEN UPDATE SET
  customer_id = s.customer_id,
  referral_code_applied = s.referral_code_applied,
  is_converted = s.is_converted,
  sold_ts = s.sold_ts,
  amount = s.amount
WHEN NOT MATCHED THEN
  INSERT (deal_id, customer_id, referral_code_applied, is_converted, sold_ts, amount)
  VALUES (s.deal_id, s.customer_id, s.referral_code_applied, s.is_converted, s.sold_ts, s.amount)`,
      params,
      types,
    );
  }
}

/** A TIMESTAMP as the client returns it (`BigQueryTimestamp`, `{ value }`) → ISO-8601 in UTC. */
function timestampToIso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const raw = typeof v === 'object' && 'value' in v ? v.value : v;
  const date = raw instanceof Date ? raw : new Date(String(raw));
  if (Number.isNaN(date.getTime())) throw new Error(`unreadable TIMESTAMP from BigQuery: ${JSON.stringify(raw)}`);
  return date.toISOString();
}

/** One result row → a {@link Deal}, through `dealSchema` (NULL where the schema has a default → default). */
function rowToDeal(row: Record<string, unknown>): Deal {
  const amount = row['amount'] as { amount?: unknown; currency?: unknown } | null | undefined;
  return dealSchema.parse({
    deal_id: row['deal_id'],
    customer_id: row['customer_id'],
    referral_code_applied: row['referral_code_applied'] ?? null,
    is_converted: row['is_converted'] ?? undefined,
    sold_ts: timestampToIso(row['sold_ts']),
    amount:
      amount === null ||
      amount === undefined ||
      ((amount.amount === null || amount.amount === undefined) && (amount.currency === null || amount.currency === undefined))
        ? null
        : { amount: Number(amount.amount), currency: amount.currency },
  });
}
