/**
 * Starts a throw-away Pub/Sub server (Google's in-memory `pstest`, behind the
 * command in tools/pstest/main.go) for tests and local runs. The binary is
 * built by `bash tools/pstest/build.sh` into `.cache/pstest/pstest`.
 *
 * Point `@google-cloud/pubsub` at it with `new PubSub({ projectId, apiEndpoint: host })`
 * or `PUBSUB_EMULATOR_HOST=<host>`: a non-Google endpoint puts the client in
 * emulator mode (plaintext gRPC, no credentials). Any project id works.
 *
 * As a script: `npx tsx tools/pstest/server.ts` prints `PUBSUB_EMULATOR_HOST=...`
 * and keeps the server running until SIGINT/SIGTERM.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMain, killChild, OUTPUT_TAIL_BYTES, stopOnSignal } from '../loopback.js';
import { ensureServerBuilt } from '../provision.js';

const toolDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(toolDir, '..', '..');

/** Where build.sh puts the binary. */
export const PSTEST_BINARY = join(repoRoot, '.cache', 'pstest', 'pstest');

/** The command that builds the binary, as error messages print it. */
export const PSTEST_BUILD_COMMAND = 'bash tools/pstest/build.sh';

const READY_TIMEOUT_MS = 20_000;

export interface PubSubEmulator {
  /** `127.0.0.1:<port>`, for PUBSUB_EMULATOR_HOST or the client's `apiEndpoint`. */
  host: string;
  /** Stops the server (its topics and messages are in memory and go with it). Safe to call twice. */
  stop(): Promise<void>;
}

/** The stamp build.sh gives a build of the current sources: `pstest -version` prints it. */
export function expectedPstestStamp(): string {
  const hash = createHash('sha256');
  for (const f of ['main.go', 'go.mod', 'go.sum']) hash.update(readFileSync(join(toolDir, f)));
  return hash.digest('hex').slice(0, 12);
}

/**
 * Starts pstest on a loopback port the OS picks (`-port 0`, so there is no race for
 * the port) and resolves once it prints `listening on 127.0.0.1:<port>`, which it does
 * after the listener is bound and serving.
 */
export async function startPubSubEmulator(): Promise<PubSubEmulator> {
  await ensureServerBuilt('pstest');
  const want = expectedPstestStamp();
  const have = execFileSync(PSTEST_BINARY, ['-version'], { encoding: 'utf8' }).trim();
  if (have !== want) {
    throw new Error(
      `The Pub/Sub test server binary is stale (build "${have}", the sources in tools/pstest make "${want}"). ` +
        `Rebuild it with: ${PSTEST_BUILD_COMMAND}`,
    );
  }

  const child = spawn(PSTEST_BINARY, ['-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const host = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => fail(`no "listening on" line within ${READY_TIMEOUT_MS / 1000}s`), READY_TIMEOUT_MS);
    function fail(reason: string): void {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      rej(new Error(`${reason}\n--- pstest output (tail) ---\n${output.trim() || '<empty>'}`));
    }
    function onData(chunk: Buffer): void {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
      const m = /^listening on (127\.0\.0\.1:\d+)$/m.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        res(m[1]);
      }
    }
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
    });
    child.once('error', (err) => fail(`could not spawn pstest: ${err.message}`));
    child.once('exit', (code, signal) => fail(`pstest exited early (code ${code}, signal ${signal})`));
  }).catch(async (err: unknown) => {
    await killChild(child);
    throw new Error(`Pub/Sub test server did not start: ${err instanceof Error ? err.message : String(err)}`);
  });
  // Keep draining its output so the pipe never fills up.
  child.stdout.resume();

  let stopped: Promise<void> | undefined;
  return {
    host,
    stop(): Promise<void> {
      stopped ??= killChild(child);
      return stopped;
    },
  };
}

if (isMain(import.meta.url)) {
  const server = await startPubSubEmulator();
  console.log(`PUBSUB_EMULATOR_HOST=${server.host}`);
  console.error('pstest (in memory) is running; Ctrl-C to stop.');
  stopOnSignal(server);
}
