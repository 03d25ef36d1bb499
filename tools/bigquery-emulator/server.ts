/**
 * Starts a throw-away BigQuery emulator (goccy/bigquery-emulator: the BigQuery
 * REST API over GoogleSQL-on-SQLite, in memory) for tests and local runs. The
 * binary is built, with the patches in ./patches, by
 * `bash tools/bigquery-emulator/build.sh` into
 * `.cache/bigquery-emulator/bigquery-emulator`.
 *
 * Point `@google-cloud/bigquery` at it with
 * `new BigQuery({ projectId, apiEndpoint })`: a non-default endpoint makes the
 * client skip Google authentication.
 *
 * As a script: `npx tsx tools/bigquery-emulator/server.ts` prints
 * `BIGQUERY_API_ENDPOINT=...` and `BIGQUERY_PROJECT=...` and keeps the server
 * running until SIGINT/SIGTERM.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exited, freePort, isMain, killChild, spawnServer, stopOnSignal, type ServerProcess } from '../loopback.js';
import { ensureServerBuilt } from '../provision.js';

export const BIGQUERY_EMULATOR_VERSION = 'v0.8.1';
/** The commit the release tag points at, as build.sh stamps it. */
const BIGQUERY_EMULATOR_COMMIT = 'a531d3de';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where build.sh puts the binary. */
export const BIGQUERY_EMULATOR_BINARY = join(repoRoot, '.cache', 'bigquery-emulator', 'bigquery-emulator');

/** The patches build.sh applies, in the order it hashes them. */
const PATCHES = [
  join(repoRoot, 'tools', 'bigquery-emulator', 'patches', `bigquery-emulator-${BIGQUERY_EMULATOR_VERSION}.patch`),
  join(repoRoot, 'tools', 'bigquery-emulator', 'patches', 'googlesqlite-v0.3.1.patch'),
];

/** What `bigquery-emulator --version` prints after `version: ` for a build of the current patches. */
export function expectedBigQueryEmulatorVersion(): string {
  const hash = createHash('sha256');
  for (const p of PATCHES) hash.update(readFileSync(p));
  return `${BIGQUERY_EMULATOR_VERSION} (${BIGQUERY_EMULATOR_COMMIT}+patches.${hash.digest('hex').slice(0, 12)})`;
}

/** The command that builds the binary, as error messages print it. */
export const BIGQUERY_EMULATOR_BUILD_COMMAND = 'bash tools/bigquery-emulator/build.sh';

/** The project the emulator serves unless told otherwise. */
export const DEFAULT_EMULATOR_PROJECT = 'referral-test';

const READY_TIMEOUT_MS = 30_000;
const START_ATTEMPTS = 3;

export interface BigQueryEmulator {
  /** Base URL for `new BigQuery({ apiEndpoint })`, e.g. `http://127.0.0.1:41234`. */
  apiEndpoint: string;
  /** The one project the emulator serves. */
  projectId: string;
  /** Stops the emulator (its data is in memory and goes with it). Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartBigQueryEmulatorOptions {
  /** Project id to serve; defaults to {@link DEFAULT_EMULATOR_PROJECT}. */
  projectId?: string;
}

/** The exact command-line flags used to run the emulator. */
export function bigQueryEmulatorArgs(opts: { projectId: string; httpPort: number; grpcPort: number }): string[] {
  return [
    `--project=${opts.projectId}`,
    '--host=127.0.0.1',
    `--port=${opts.httpPort}`,
    // The Storage Read API listener; unused here but always opened, so it
    // gets its own free port instead of the fixed default 9060.
    `--grpc-port=${opts.grpcPort}`,
    '--log-level=warn',
  ];
}

/** Polls `datasets.list` of the project until the REST API answers 200. */
async function pollUntilReady(
  apiEndpoint: string,
  projectId: string,
  child: ServerProcess,
  deadline: number,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const url = `${apiEndpoint}/bigquery/v2/projects/${encodeURIComponent(projectId)}/datasets`;
  let lastError = 'no attempt made';
  while (Date.now() < deadline) {
    if (exited(child)) {
      return { ok: false, reason: `bigquery-emulator exited early (code ${child.exitCode}, signal ${child.signalCode})` };
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await res.body?.cancel();
      if (res.ok) return { ok: true };
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { ok: false, reason: `no answer from the REST API within ${READY_TIMEOUT_MS / 1000}s (last error: ${lastError})` };
}

/**
 * Starts the emulator on free loopback ports, with empty in-memory storage, and
 * resolves once its REST API answers.
 */
export async function startBigQueryEmulator(options: StartBigQueryEmulatorOptions = {}): Promise<BigQueryEmulator> {
  await ensureServerBuilt('bigquery-emulator');
  const want = expectedBigQueryEmulatorVersion();
  const have = execFileSync(BIGQUERY_EMULATOR_BINARY, ['--version'], { encoding: 'utf8' })
    .replace(/^version:\s*/, '')
    .trim();
  if (have !== want) {
    throw new Error(
      `The BigQuery emulator binary is stale: it reports "${have}", the patches in tools/bigquery-emulator/patches ` +
        `make "${want}". Rebuild it with: ${BIGQUERY_EMULATOR_BUILD_COMMAND}`,
    );
  }
  const projectId = options.projectId ?? DEFAULT_EMULATOR_PROJECT;

  let lastFailure = '';
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const httpPort = await freePort();
    let grpcPort = await freePort();
    while (grpcPort === httpPort) grpcPort = await freePort();
    const apiEndpoint = `http://127.0.0.1:${httpPort}`;
    const { child, output, spawnError } = spawnServer(BIGQUERY_EMULATOR_BINARY, bigQueryEmulatorArgs({ projectId, httpPort, grpcPort }));
    const ready = await pollUntilReady(apiEndpoint, projectId, child, Date.now() + READY_TIMEOUT_MS);
    if (ready.ok) {
      let stopped: Promise<void> | undefined;
      return {
        apiEndpoint,
        projectId,
        stop(): Promise<void> {
          stopped ??= killChild(child);
          return stopped;
        },
      };
    }

    await killChild(child);
    const err = spawnError();
    const reason = err ? `could not spawn bigquery-emulator: ${err.message}` : ready.reason;
    lastFailure = `${reason}\n--- bigquery-emulator output (tail) ---\n${output().trim() || '<empty>'}`;
    // Only a lost race for a port is worth retrying; anything else fails now.
    if (!/address already in use/i.test(output())) break;
  }
  throw new Error(`BigQuery emulator ${BIGQUERY_EMULATOR_VERSION} did not start: ${lastFailure}`);
}

if (isMain(import.meta.url)) {
  const server = await startBigQueryEmulator();
  console.log(`BIGQUERY_API_ENDPOINT=${server.apiEndpoint}`);
  console.log(`BIGQUERY_PROJECT=${server.projectId}`);
  console.error(`BigQuery emulator ${BIGQUERY_EMULATOR_VERSION} (in memory) is running; Ctrl-C to stop.`);
  stopOnSignal(server);
}
