/**
 * Builds the loopback servers the suites, the bench and the load run use, when they are missing
 * or stale: DocumentDB (from source archives: PostgreSQL extensions and a Rust gateway), FerretDB,
 * the BigQuery emulator and pstest (from the Go module proxy), each by its own idempotent
 * `tools/<server>/build.sh`, into `.cache/`. A build prints one line
 * when it starts and one with the time it took; an up-to-date server prints nothing, so a warm
 * run stays quiet. Each build.sh holds a file lock while it builds, so parallel callers never build
 * the same server twice at once.
 *
 * As a script: `npx tsx tools/provision.ts` builds all four.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMain } from './loopback.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The servers, by their folder under tools/, with what a progress line calls them. */
export const loopbackServers = {
  documentdb: {
    label: 'DocumentDB 0.108',
    binary: '.cache/documentdb/bin/documentdb_gateway',
    firstBuild: 'about 5 minutes',
    toolchain: 'rust',
  },
  ferretdb: { label: 'FerretDB v1.24.2', binary: '.cache/ferretdb/ferretdb', firstBuild: 'about a minute', toolchain: 'go' },
  'bigquery-emulator': {
    label: 'BigQuery emulator v0.8.1 (patched)',
    binary: '.cache/bigquery-emulator/bigquery-emulator',
    firstBuild: 'about 5 minutes',
    toolchain: 'go',
  },
  pstest: { label: 'Pub/Sub test server (pstest)', binary: '.cache/pstest/pstest', firstBuild: 'about a minute', toolchain: 'go' },
} as const;

/** How each toolchain is checked, what is missing without it, and where a build takes its sources. */
const toolchains = {
  go: { command: ['go', 'version'], missing: 'the Go toolchain (go 1.24 or newer)', from: 'the Go module proxy' },
  rust: {
    command: ['cargo', '--version'],
    missing: 'the Rust toolchain (cargo)',
    from: 'source archives ($DOCUMENTDB_SOURCES, otherwise downloaded by commit)',
  },
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
  const { label, binary, firstBuild, toolchain } = loopbackServers[server];
  const { command, missing, from } = toolchains[toolchain];
  const fresh = !existsSync(join(repoRoot, binary));
  if (fresh && !hasCommand(command[0], command.slice(1))) {
    throw new ProvisionError(`${label} is built from source and needs ${missing}, which is not on PATH: install it, then run this again`);
  }
  const started = Date.now();
  if (fresh) log(`[servers] building ${label} from ${from} into ${dirname(binary)}/ (first run only, ${firstBuild})`);
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

/** Builds every loopback server, one after another (two cores: parallel builds only contend). */
export async function ensureAllServersBuilt(log?: (line: string) => void): Promise<void> {
  for (const server of Object.keys(loopbackServers) as LoopbackServer[]) await ensureServerBuilt(server, log);
}

if (isMain(import.meta.url)) {
  try {
    await ensureAllServersBuilt();
    console.log('[servers] DocumentDB, FerretDB, the BigQuery emulator and pstest are built');
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
