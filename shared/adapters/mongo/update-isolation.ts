import type { Db } from 'mongodb';

/**
 * Whether the server applies a conditional update of one document in isolation, so that of
 * racing guarded writes only those whose guard still holds take effect. MongoDB does. FerretDB v1
 * does not: it runs every update as a query and then a separate write of the whole document, so a
 * stale write can land over a newer one (tools/ferretdb/CAPABILITIES.md). It says so in `buildInfo`.
 */
export async function isolatesUpdates(db: Db): Promise<boolean> {
  const info: Record<string, unknown> = await db.command({ buildInfo: 1 });
  const ferretdb = info['ferretdbVersion'];
  return !(typeof ferretdb === 'string' && ferretdb.startsWith('v1.'));
}
