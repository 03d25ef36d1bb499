/**
 * Builds the loopback servers the suites, the bench and the load run use, when they are missing
 * or stale: FerretDB, the BigQuery emulator and pstest, each by its own idempotent
 * `tools/<server>/build.sh` (from the Go module proxy, into `.cache/`). A build prints one line
 * when it starts and one with the time it took; an up-to-date server prints nothing, so a warm
 * run stays quiet. Each build.sh holds a file lock while it builds, so parallel callers never build
 * the same server twice at once.
 *
 * As a script: `npx tsx tools/provision.ts` builds all three.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMain } from './loopback.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The servers, by their folder under tools/, with what a progress line calls them. */
export const loopbackServers = {
  ferretdb: { label: 'FerretDB v1.24.2', binary: '.cache/ferretdb/ferretdb', firstBuild: 'about a minute' },
  'bigquery-emulator': {
    label: 'BigQuery emulator v0.8.1 (patched)',
    binary: '.cache/bigquery-emulator/bigquery-emulator',
    firstBuild: 'about 5 minutes',
  },
  pstest: { label: 'Pub/Sub test server (pstest)', binary: '.cache/pstest/pstest', firstBuild: 'about a minute' },
} as const;

export type LoopbackServer = keyof typeof loopbackServers;

/** A build that could not run or failed; the message is what to do about it. */
export class ProvisionError extends Error {
  override readonly name = 'ProvisionError';
}

const OUTPUT_TAIL = 3_000;
const ensured = new Map<LoopbackServer, Promise<void>>();

function hasCommand(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

function runBuild(server: LoopbackServer): Promise<{ code: number | null; output: string }> {
  // Each build.sh takes a file lock of its own, so concurrent callers never build twice at once.
  return new Promise((res, rej) => {
    const child = spawn('bash', [join('tools', server, 'build.sh')], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', rej);
    child.once('close', (code) => res({ code, output }));
  });
}

async function build(server: LoopbackServer, log: (line: string) => void): Promise<void> {
  const { label, binary, firstBuild } = loopbackServers[server];
  const fresh = !existsSync(join(repoRoot, binary));
  if (fresh && !hasCommand('go', ['version'])) {
    throw new ProvisionError(
      `${label} is built from source and needs the Go toolchain (go 1.24 or newer), which is not on PATH: install Go, then run this again`,
    );
  }
  const started = Date.now();
  if (fresh) log(`[servers] building ${label} from the Go module proxy into ${dirname(binary)}/ (first run only, ${firstBuild})`);
  const { code, output } = await runBuild(server);
  if (code !== 0) {
    throw new ProvisionError(`building ${label} failed (bash tools/${server}/build.sh exited ${code}):\n${output.trim()}`);
  }
  if (/nothing to do/.test(output)) return;
  log(`[servers] ${label} ready in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** Builds `server` if it is missing or stale; once per process. */
export function ensureServerBuilt(server: LoopbackServer, log: (line: string) => void = (l) => console.log(l)): Promise<void> {
  let pending = ensured.get(server);
  if (!pending) {
    pending = build(server, log);
    pending.catch(() => ensured.delete(server));
    ensured.set(server, pending);
  }
  return pending;
}

/** Builds every loopback server, one after another (two cores: parallel Go builds only contend). */
export async function ensureAllServersBuilt(log?: (line: string) => void): Promise<void> {
  for (const server of Object.keys(loopbackServers) as LoopbackServer[]) await ensureServerBuilt(server, log);
}

if (isMain(import.meta.url)) {
  try {
    await ensureAllServersBuilt();
    console.log('[servers] FerretDB, the BigQuery emulator and pstest are built');
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
