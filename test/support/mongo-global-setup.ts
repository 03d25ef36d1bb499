/**
 * Vitest globalSetup: builds the loopback servers the suites need when they are missing
 * (DocumentDB, FerretDB, the BigQuery emulator, pstest: tools/provision.ts, one line per server
 * built), starts the two MongoDB-wire servers and provides their URIs to every test file:
 *
 * - `mongodbUri`: DocumentDB 0.108 (PostgreSQL with real indexes; isolates single-document
 *   updates as MongoDB does). Every Mongo suite runs here.
 * - `ferretdbUri`: FerretDB v1 (SQLite), which does not isolate updates: the races and the crash
 *   flows also run here, to prove they stay correct without that guarantee.
 * - `documentdbPostgres`: where DocumentDB's PostgreSQL listens (`ANALYZE` after a bulk load), or
 *   null on an external server.
 *
 * Use `connectTestDb` from ./mongo.ts (or `testServerUri`). MONGODB_URI set → every suite uses
 * that server for both keys (e.g. a real MongoDB) and nothing is started. What cannot be built or
 * started fails the run with the reason; no test is ever skipped.
 */
import type { TestProject } from 'vitest/node';
import { DOCUMENTDB_VERSION, startDocumentDb, type PostgresAccess } from '../../tools/documentdb/server.js';
import { FERRETDB_VERSION, startFerretDb } from '../../tools/ferretdb/server.js';
import { ensureAllServersBuilt, ProvisionError } from '../../tools/provision.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the MongoDB-wire server every Mongo suite runs on (DocumentDB). */
    mongodbUri: string;
    /** Connection string of FerretDB v1, for the suites that prove correctness without isolated updates. */
    ferretdbUri: string;
    /** DocumentDB's PostgreSQL, for `ANALYZE`; null when the suites run on MONGODB_URI. */
    documentdbPostgres: PostgresAccess | null;
  }
}

/** Hides a password in a connection string before it is printed. */
function redact(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/[^:@/]+):[^@/]*@/, '$1:***@');
}

function banner(lines: string[]): void {
  const rule = '='.repeat(Math.max(...lines.map((l) => l.length)));
  console.log(`\n${rule}\n${lines.join('\n')}\n${rule}\n`);
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // Built before any file runs, so parallel workers find them ready. What cannot be built ends
  // the run here with the reason in a line or two, not a stack trace under "No test files found".
  try {
    await ensureAllServersBuilt();
  } catch (e) {
    if (!(e instanceof ProvisionError)) throw e;
    process.stderr.write(`\n${e.message}\n`);
    process.exit(1);
  }
  const external = process.env['MONGODB_URI'];
  if (external) {
    console.log(`[mongo] using MONGODB_URI=${redact(external)} for every suite (external server, DocumentDB and FerretDB not started)`);
    project.provide('mongodbUri', external);
    project.provide('ferretdbUri', external);
    project.provide('documentdbPostgres', null);
    return undefined;
  }

  let documentdb: Awaited<ReturnType<typeof startDocumentDb>>;
  try {
    documentdb = await startDocumentDb();
  } catch (e) {
    process.stderr.write(`\n${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  const ferretdb = await startFerretDb().catch(async (e: unknown) => {
    await documentdb.stop();
    throw e;
  });
  banner([
    `DocumentDB ${DOCUMENTDB_VERSION} on ${redact(documentdb.uri)} (PostgreSQL 15, temporary data): every Mongo suite`,
    `FerretDB ${FERRETDB_VERSION} on ${ferretdb.uri} (SQLite, temporary data): races and crash flows without isolated updates`,
  ]);
  project.provide('mongodbUri', documentdb.uri);
  project.provide('ferretdbUri', ferretdb.uri);
  project.provide('documentdbPostgres', documentdb.postgres);
  return async () => {
    await Promise.all([documentdb.stop(), ferretdb.stop()]);
  };
}
