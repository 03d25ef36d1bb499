import type { Db } from 'mongodb';

/**
 * Whether the server applies a conditional update of one document in isolation, so that of
 * racing guarded writes only those whose guard still holds take effect. MongoDB does. FerretDB v1
 * does not: it runs every update as a query and then a separate write of the whole document, so a
 * stale write can land over a newer one (tools/ferretdb/CAPABILITIES.md). It says so in `buildInfo`.
 */
export async function isolatesUpdates(db: Db): Promise<boolean> {
  return !(await isFerretDbV1(db));
}

/**
 * Whether the server answers only `_id` equality from an index and every other filter by
 * scanning the collection, as FerretDB v1 over SQLite does: then the stores reach documents by
 * `_id`-keyed hints where MongoDB would use a secondary index.
 */
export async function scansSecondaryFilters(db: Db): Promise<boolean> {
  return isFerretDbV1(db);
}

async function isFerretDbV1(db: Db): Promise<boolean> {
  const info: Record<string, unknown> = await db.command({ buildInfo: 1 });
  const ferretdb = info['ferretdbVersion'];
  return typeof ferretdb === 'string' && ferretdb.startsWith('v1.');
}
