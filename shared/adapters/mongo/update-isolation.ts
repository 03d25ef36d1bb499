import type { Db } from 'mongodb';

/**
 * What the server can do that the adapters would otherwise do in several commands or guard
 * against, asked once when the stores are made (`mongoStores`), so no use case ever branches on
 * the server.
 */
export interface ServerCapabilities {
  /**
   * Whether the server applies a conditional update of one document in isolation, so that of
   * racing guarded writes only those whose guard still holds take effect. MongoDB and DocumentDB
   * do. FerretDB v1 does not: it runs every update as a query and then a separate write of the
   * whole document, so a stale write can land over a newer one (tools/ferretdb/CAPABILITIES.md).
   */
  isolatedUpdates: boolean;
  /** `$cond` and several accumulators in one `$group` (FerretDB v1 has no `$cond` and computes only the first). */
  conditionalGroups: boolean;
  /** Statements per bulk update command: FerretDB v1 never answers one of 100 or more (50 take 0.2 s). */
  updateBatch: number;
}

/** MongoDB, DocumentDB: one command wherever the driver can send one. */
export const fullCapabilities: ServerCapabilities = { isolatedUpdates: true, conditionalGroups: true, updateBatch: 1000 };

/** FerretDB v1. */
export const ferretDbV1Capabilities: ServerCapabilities = { isolatedUpdates: false, conditionalGroups: false, updateBatch: 50 };

/**
 * One `buildInfo`. FerretDB v1 says so there (`ferretdbVersion`); its failures include silent ones
 * (a second accumulator answered as 0, a stale update landing) that no read-only probe can see, so
 * the server's own name decides, not a trial command.
 */
export async function probeCapabilities(db: Db): Promise<ServerCapabilities> {
  const info: Record<string, unknown> = await db.command({ buildInfo: 1 });
  const ferretdb = info['ferretdbVersion'];
  return typeof ferretdb === 'string' && ferretdb.startsWith('v1.') ? ferretDbV1Capabilities : fullCapabilities;
}

/** Whether the server isolates single-document updates (see {@link ServerCapabilities.isolatedUpdates}). */
export async function isolatesUpdates(db: Db): Promise<boolean> {
  return (await probeCapabilities(db)).isolatedUpdates;
}
