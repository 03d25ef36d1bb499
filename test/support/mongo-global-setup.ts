/**
 * Vitest globalSetup: provides `mongodbUri` to every test file (read it with
 * `inject('mongodbUri')`, or use `connectTestDb` from ./mongo.ts).
 *
 * - MONGODB_URI set → tests use that server (e.g. a real MongoDB).
 * - otherwise → starts a throw-away FerretDB (SQLite backend) built by
 *   `bash tools/ferretdb/build.sh`, and stops it after the run.
 * - neither possible → the run fails; MongoDB-backed tests are never skipped.
 */
import type { TestProject } from 'vitest/node';
import { FERRETDB_VERSION, startFerretDb } from '../../tools/ferretdb/server.js';

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
  const external = process.env['MONGODB_URI'];
  if (external) {
    console.log(`[mongo] using MONGODB_URI=${redact(external)} (external server, FerretDB not started)`);
    project.provide('mongodbUri', external);
    return undefined;
  }

  let server: Awaited<ReturnType<typeof startFerretDb>>;
  try {
    server = await startFerretDb();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `MongoDB-backed tests need a server and none is available.\n` +
        `  Either build FerretDB once:  bash tools/ferretdb/build.sh\n` +
        `  or point the tests at a server:  MONGODB_URI=mongodb://127.0.0.1:27017/ npm test\n` +
        `Cause: ${reason}`,
    );
  }

  const banner = `FerretDB ${FERRETDB_VERSION} on ${server.uri} (SQLite backend, temporary data)`;
  const rule = '='.repeat(banner.length);
  console.log(`\n${rule}\n${banner}\n${rule}\n`);
  project.provide('mongodbUri', server.uri);
  return async () => {
    await server.stop();
  };
}
