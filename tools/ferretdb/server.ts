/**
 * Starts a throw-away FerretDB (MongoDB wire protocol, SQLite backend) for tests
 * and local runs. The binary is built by `bash tools/ferretdb/build.sh` into
 * `.cache/ferretdb/ferretdb`, on first use when it is missing (tools/provision.ts).
 *
 * As a script: `npx tsx tools/ferretdb/server.ts` prints `MONGODB_URI=...` and
 * keeps the server running until SIGINT/SIGTERM.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { exited, freePort, isMain, killChild, spawnServer, stopOnSignal, type ServerProcess } from '../loopback.js';
import { ensureServerBuilt } from '../provision.js';

export const FERRETDB_VERSION = 'v1.24.2';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where build.sh puts the binary. */
export const FERRETDB_BINARY = join(repoRoot, '.cache', 'ferretdb', 'ferretdb');

const READY_TIMEOUT_MS = 20_000;
const START_ATTEMPTS = 3;

export interface FerretDbServer {
  uri: string;
  stop(): Promise<void>;
}

/** The exact command-line flags used to run FerretDB. */
export function ferretDbArgs(opts: { port: number; dataDir: string; stateDir: string }): string[] {
  return [
    '--handler=sqlite',
    `--sqlite-url=file:${opts.dataDir}/`,
    `--listen-addr=127.0.0.1:${opts.port}`,
    `--state-dir=${opts.stateDir}`,
    '--telemetry=disable',
    '--log-level=warn',
    // The debug HTTP listener defaults to a fixed port (8088): disable it so
    // several servers can run side by side.
    '--debug-addr=-',
  ];
}

async function pingUntilReady(uri: string, child: ServerProcess, deadline: number): Promise<{ ok: true } | { ok: false; reason: string }> {
  let lastError = 'no attempt made';
  while (Date.now() < deadline) {
    if (exited(child)) {
      return { ok: false, reason: `ferretdb exited early (code ${child.exitCode}, signal ${child.signalCode})` };
    }
    const client = new MongoClient(uri, {
      serverSelectionTimeoutMS: 1_000,
      connectTimeoutMS: 1_000,
      directConnection: true,
    });
    try {
      await client.db('admin').command({ ping: 1 });
      return { ok: true };
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    } finally {
      await client.close().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { ok: false, reason: `no successful ping within ${READY_TIMEOUT_MS / 1000}s (last error: ${lastError})` };
}

/**
 * Starts FerretDB on a free loopback port with a fresh SQLite directory and
 * resolves once a driver `ping` succeeds.
 */
export async function startFerretDb(): Promise<FerretDbServer> {
  await ensureServerBuilt('ferretdb');

  let lastFailure = '';
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const tempDir = await mkdtemp(join(tmpdir(), 'ferretdb-'));
    const dataDir = join(tempDir, 'data');
    const stateDir = join(tempDir, 'state');
    await mkdir(dataDir);
    await mkdir(stateDir);

    const port = await freePort();
    const uri = `mongodb://127.0.0.1:${port}/`;
    const { child, output, spawnError } = spawnServer(FERRETDB_BINARY, ferretDbArgs({ port, dataDir, stateDir }));
    const ready = await pingUntilReady(uri, child, Date.now() + READY_TIMEOUT_MS);
    if (ready.ok) {
      let stopped: Promise<void> | undefined;
      return {
        uri,
        stop(): Promise<void> {
          stopped ??= (async () => {
            await killChild(child);
            await rm(tempDir, { recursive: true, force: true });
          })();
          return stopped;
        },
      };
    }

    await killChild(child);
    await rm(tempDir, { recursive: true, force: true });
    const err = spawnError();
    const reason = err ? `could not spawn ferretdb: ${err.message}` : ready.reason;
    lastFailure = `${reason}\n--- ferretdb output (tail) ---\n${output().trim() || '<empty>'}`;
    // Only a lost race for the port is worth retrying; anything else fails now.
    if (!/address already in use/i.test(output())) break;
  }
  throw new Error(`FerretDB ${FERRETDB_VERSION} did not start: ${lastFailure}`);
}

if (isMain(import.meta.url)) {
  const server = await startFerretDb();
  console.log(`MONGODB_URI=${server.uri}`);
  console.error(`FerretDB ${FERRETDB_VERSION} (SQLite, temporary data) is running; Ctrl-C to stop.`);
  stopOnSignal(server);
}
