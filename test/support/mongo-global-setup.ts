/**
 * Vitest globalSetup: builds the loopback servers the suites need when they are missing (FerretDB,
 * the BigQuery emulator, pstest: tools/provision.ts, one line per server built), then provides
 * `mongodbUri` to every test file (read it with `inject('mongodbUri')`, or use `connectTestDb`
 * from ./mongo.ts).
 *
 * - MONGODB_URI set → tests use that server (e.g. a real MongoDB).
 * - otherwise → starts a throw-away FerretDB (SQLite backend) and stops it after the run.
 * - neither possible → the run fails with one line saying why; no test is ever skipped.
 */
import type { TestProject } from 'vitest/node';
import { FERRETDB_VERSION, startFerretDb } from '../../tools/ferretdb/server.js';
import { ensureAllServersBuilt, ProvisionError } from '../../tools/provision.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the MongoDB-wire server the tests run against. */
    mongodbUri: string;
  }
}

/** Hides a password in a connection string before it is printed. */
function redact(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/[^:@/]+):[^@/]*@/, '$1:***@');
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
    console.log(`[mongo] using MONGODB_URI=${redact(external)} (external server, FerretDB not started)`);
    project.provide('mongodbUri', external);
    return undefined;
  }

  const server = await startFerretDb();

  const banner = `FerretDB ${FERRETDB_VERSION} on ${server.uri} (SQLite backend, temporary data)`;
  const rule = '='.repeat(banner.length);
  console.log(`\n${rule}\n${banner}\n${rule}\n`);
  project.provide('mongodbUri', server.uri);
  return async () => {
    await server.stop();
  };
}
