import type { BigQuery, Query } from '@google-cloud/bigquery';
import { lazyBigQueryClient } from './client.js';
import type { EventWarehouse } from '../../growth/event-warehouse.js';
import {
  funnelEventTypes,
  funnelReport,
  instantRange,
  topReferrerCount,
  type FunnelAggregates,
  type FunnelCounts,
  type FunnelQuery,
  type FunnelReport,
} from '../../growth/funnel.js';
import { referralEventColumns, type EventRow } from '../../notifications/referral-events-table.js';

/** Where the `referral_events` table is, and how to reach BigQuery (as for the deal store). */
export interface BigQueryEventWarehouseOptions {
  /** Project the query jobs run in (and are billed to). */
  projectId: string;
  /** Project of the dataset, when it is not `projectId`. */
  tableProject?: string;
  dataset: string;
  table?: string;
  apiEndpoint?: string;
  location?: string;
  client?: BigQuery;
}

const NAME = /^[A-Za-z0-9_]{1,1024}$/;
const PROJECT = /^(?:[a-z][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** The `referral_events` table as GoogleSQL DDL, from {@link referralEventColumns}: partitioned by day of `occurred_at`. */
export function eventsTableDdl(tableRef: string): string {
  const columns = referralEventColumns.map(
    (c) =>
      `  ${c.name} ${c.type === 'INTEGER' ? 'INT64' : c.type}${c.mode === 'REQUIRED' ? ' NOT NULL' : ''} OPTIONS (description = ${JSON.stringify(c.description)})`,
  );
  return `CREATE TABLE ${tableRef} (\n${columns.join(',\n')}\n)\nPARTITION BY DATE(occurred_at)\nCLUSTER BY type, referrer_id`;
}

/**
 * The funnel in ONE query: the span's rows (the `occurred_at` filter prunes partitions, so bytes
 * scanned follow the span, not the table), each `event_id` once, then three aggregations in one
 * result: per bucket, the period's total, and the top referrers.
 */
export function funnelSql(tableRef: string): string {
  const types = funnelEventTypes.map((t) => `'${t}'`).join(', ');
  const counts = `COUNTIF(type = 'share.clicked') AS clicks,
    COUNTIF(type = 'referral.applied') AS applied,
    COUNTIF(type = 'referral.applied' AND click_id IS NOT NULL) AS applied_from_clicks,
    COUNTIF(type = 'referral.converted') AS converted,
    COUNTIF(type = 'referral.reversed') AS reversed,
    COALESCE(SUM(IF(type = 'points.credited', points, 0)), 0) AS points_credited,
    COALESCE(SUM(IF(type = 'points.redeemed', points, 0)), 0) AS points_redeemed,
    COUNT(DISTINCT IF(type IN ('share.clicked', 'referral.applied'), referrer_id, NULL)) AS active_referrers`;
  return `WITH e AS (
  SELECT event_id, ANY_VALUE(type) AS type, ANY_VALUE(occurred_at) AS occurred_at, ANY_VALUE(referrer_id) AS referrer_id,
    ANY_VALUE(referral_code) AS referral_code, ANY_VALUE(click_id) AS click_id, ANY_VALUE(points) AS points
  FROM ${tableRef}
  WHERE occurred_at >= TIMESTAMP(@from) AND occurred_at < TIMESTAMP(@until) AND type IN (${types})
  GROUP BY event_id
), b AS (
  SELECT *, IF(@week, DATE_SUB(DATE(occurred_at), INTERVAL MOD(EXTRACT(DAYOFWEEK FROM DATE(occurred_at)) + 5, 7) DAY), DATE(occurred_at)) AS bucket
  FROM e
)
SELECT 'bucket' AS kind, CAST(bucket AS STRING) AS k, CAST(NULL AS STRING) AS referral_code,
    ${counts}
  FROM b GROUP BY bucket
UNION ALL
SELECT 'total', CAST(NULL AS STRING), CAST(NULL AS STRING),
    ${counts}
  FROM b
UNION ALL
(SELECT 'referrer', referrer_id, MAX(referral_code),
    ${counts}
  FROM b WHERE referrer_id IS NOT NULL GROUP BY referrer_id
  ORDER BY converted DESC, applied DESC, clicks DESC, referrer_id LIMIT ${topReferrerCount})`;
}

const countFields = [
  'clicks',
  'applied',
  'applied_from_clicks',
  'converted',
  'reversed',
  'points_credited',
  'points_redeemed',
  'active_referrers',
] as const;
const countsOf = (row: Record<string, unknown>): FunnelCounts =>
  Object.fromEntries(countFields.map((f) => [f, Number(row[f] ?? 0)])) as unknown as FunnelCounts;

/** Funnel reports from BigQuery's `referral_events` table (docs/rules.md §9). */
export class BigQueryEventWarehouse implements EventWarehouse {
  readonly #options: BigQueryEventWarehouseOptions;
  readonly tableRef: string;
  readonly #getClient: () => Promise<BigQuery>;

  constructor(options: BigQueryEventWarehouseOptions) {
    const tableProject = options.tableProject ?? options.projectId;
    const table = options.table ?? 'referral_events';
    if (!PROJECT.test(tableProject) || !PROJECT.test(options.projectId)) throw new Error('BigQuery project id is not valid');
    if (!NAME.test(options.dataset) || !NAME.test(table)) throw new Error('BigQuery dataset or table name is not valid');
    this.#options = { ...options, table };
    this.tableRef = `\`${tableProject}.${options.dataset}.${table}\``;
    this.#getClient = lazyBigQueryClient(options);
  }

  #table(client: BigQuery) {
    return client
      .dataset(this.#options.dataset, { projectId: this.#options.tableProject ?? this.#options.projectId })
      .table(this.#options.table!);
  }

  /** Creates the dataset and the table from {@link eventsTableDdl} unless they exist: local runs and tests (Terraform in production). */
  async ensureTable(): Promise<void> {
    const client = await this.#getClient();
    const dataset = client.dataset(this.#options.dataset, { projectId: this.#options.tableProject ?? this.#options.projectId });
    const [hasDataset] = await dataset.exists();
    if (!hasDataset) await dataset.create();
    const [exists] = await this.#table(client).exists();
    if (!exists) await client.query({ query: eventsTableDdl(this.tableRef), useLegacySql: false });
  }

  /** Streams rows in (`tabledata.insertAll`, no DML), as the subscription writes them. */
  async record(rows: readonly EventRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.#table(await this.#getClient()).insert(rows.map((r) => ({ ...r })));
  }

  /** The query and its parameters, as {@link funnel} runs it (the bench dry-runs it). */
  funnelRequest(q: FunnelQuery) {
    const { from, until } = instantRange(q);
    return {
      query: funnelSql(this.tableRef),
      useLegacySql: false,
      params: { from, until, week: String(q.bucket === 'week') },
      types: { from: 'STRING', until: 'STRING', week: 'BOOL' },
      ...(this.#options.location !== undefined ? { location: this.#options.location } : {}),
    };
  }

  async funnel(q: FunnelQuery): Promise<FunnelReport> {
    const client = await this.#getClient();
    const [rows] = (await client.query(this.funnelRequest(q) as Query)) as unknown as [Array<Record<string, unknown>>];
    const aggregates: FunnelAggregates = { buckets: new Map(), total: countsOf({}), top: [] };
    for (const row of rows) {
      if (row.kind === 'bucket') aggregates.buckets.set(String(row.k), countsOf(row));
      else if (row.kind === 'total') aggregates.total = countsOf(row);
      else {
        const c = countsOf(row);
        aggregates.top.push({
          referrer_id: String(row.k),
          referral_code: typeof row.referral_code === 'string' ? row.referral_code : null,
          clicks: c.clicks,
          applied: c.applied,
          converted: c.converted,
          points_credited: c.points_credited,
        });
      }
    }
    // UNION ALL keeps no order across its parts: rank the referrers again as the query did.
    aggregates.top.sort(
      (a, b) => b.converted - a.converted || b.applied - a.applied || b.clicks - a.clicks || (a.referrer_id < b.referrer_id ? -1 : 1),
    );
    return funnelReport(q, aggregates, 'bigquery');
  }
}
