/**
 * Starts a throw-away DocumentDB for tests, the bench and local runs: a PostgreSQL 15 cluster with
 * the DocumentDB extensions in a temporary folder, run as the `postgres` OS user when this runs as
 * root (PostgreSQL refuses root), and the gateway that speaks the MongoDB wire protocol, both on
 * free loopback ports. Built by `bash tools/documentdb/build.sh` into `.cache/documentdb/` on first
 * use (tools/provision.ts).
 *
 * As a script: `npx tsx tools/documentdb/server.ts` prints the `mongodb://...` URI on one line and
 * keeps both running until SIGINT/SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { exited, freePort, isMain, killChild, OUTPUT_TAIL_BYTES, stopOnSignal, type ServerProcess } from '../loopback.js';
import { ensureServerBuilt } from '../provision.js';

export const DOCUMENTDB_VERSION = '0.108';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cacheDir = join(repoRoot, '.cache', 'documentdb');
const pgBin = join(cacheDir, 'root', 'usr', 'lib', 'postgresql', '15', 'bin');
const gatewayBinary = join(cacheDir, 'bin', 'documentdb_gateway');

const READY_TIMEOUT_MS = 30_000;
const USER = 'referral';
const PASSWORD = 'referral-test';

/** Where a cluster's PostgreSQL listens, for SQL through its socket (`ANALYZE`). */
export interface PostgresAccess {
  socketDir: string;
  port: number;
}

export interface DocumentDbServer {
  uri: string;
  postgres: PostgresAccess;
  /** `kill -9` of the gateway and of PostgreSQL (the postmaster and every backend). */
  crash(): Promise<void>;
  /** Starts PostgreSQL (crash recovery) and the gateway again, on the same ports and data. */
  restart(): Promise<void>;
  /** The last lines PostgreSQL and the gateway printed (and the watchdog's kills), for a test's failure message. */
  lastLines(): string;
  stop(): Promise<void>;
}

export interface DocumentDbOptions {
  /** The gateway's port (default: a free one). */
  gatewayPort?: number;
  /**
   * Libraries PostgreSQL must load at start besides DocumentDB's own: only for the test of a
   * cluster that cannot start because one is missing.
   */
  extraPreloadLibraries?: string[];
}

/** The OS user the cluster runs as: `postgres` when this runs as root, otherwise this user. */
function clusterUser(): { name: string; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { name: userInfo().username };
  const id = (flag: string): number => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!Number.isInteger(uid) || uid <= 0)
    throw new Error('DocumentDB runs PostgreSQL as the `postgres` OS user, which does not exist here');
  return { name: 'postgres', uid, gid: id('-g') };
}

/** A spawned process with the tail of its output kept for error messages. */
interface Running {
  child: ServerProcess;
  output: () => string;
}

/**
 * pg_documentdb.so names pg_documentdb_core.so as a library it needs, which the loader looks for
 * in the system folder: point it at the private root's.
 */
const libraryPath = [join(cacheDir, 'root', 'usr', 'lib', 'postgresql', '15', 'lib'), process.env['LD_LIBRARY_PATH']]
  .filter(Boolean)
  .join(':');

function start(binary: string, args: string[], as: { uid?: number; gid?: number }): Running {
  // Its own process group, so a crash can kill the postmaster and all its backends at once.
  const child = spawn(binary, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    uid: as.uid,
    gid: as.gid,
    env: { ...process.env, LD_LIBRARY_PATH: libraryPath },
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  child.once('error', (err) => collect(Buffer.from(`\nspawn error: ${err.message}\n`)));
  return { child, output: () => output };
}

function lastLines(text: string, n = 15): string {
  return text.trim().split('\n').slice(-n).join('\n') || '<no output>';
}

function run(binary: string, args: string[], as: { uid?: number; gid?: number }, what: string): string {
  const r = spawnSync(binary, args, { encoding: 'utf8', uid: as.uid, gid: as.gid, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`DocumentDB: ${what} failed (exit ${r.status}):\n${lastLines(`${r.stdout}\n${r.stderr}`)}`);
  return r.stdout;
}

/** Runs SQL on the cluster's `postgres` database through its socket, as the cluster's superuser. */
export function postgresSql(access: PostgresAccess, sql: string): string {
  const user = clusterUser();
  return run(
    join(pgBin, 'psql'),
    [
      '-X',
      '-q',
      '-A',
      '-t',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      access.socketDir,
      '-p',
      String(access.port),
      '-U',
      user.name,
      '-d',
      'postgres',
      '-c',
      sql,
    ],
    user,
    `psql ${sql.slice(0, 40)}`,
  );
}

/** Refreshes the planner's statistics of every collection: after loading data in bulk, before measuring. */
export function analyze(access: PostgresAccess): void {
  postgresSql(access, 'ANALYZE');
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Gone already.
  }
}

/**
 * The processes of a cluster: the postmaster, its backends and workers, found by their working
 * folder, which PostgreSQL sets to the data folder. Not by process group: PostgreSQL makes every
 * backend the leader of its own group, so a signal to the postmaster's group reaches the
 * postmaster alone, and a backend busy in a loop that never checks for its postmaster's death
 * outlives it (seen here: 30 backends of a killed cluster spinning for ten minutes).
 */
function clusterPids(data: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) === data) pids.push(Number(entry));
    } catch {
      // Gone, a zombie, or not ours to read.
    }
  }
  return pids;
}

/**
 * `kill -9` of a whole cluster at one instant, as a crash of its machine would: the postmaster is
 * stopped first (it forks nothing more), then every process of the cluster is stopped, then all
 * are killed. Resolves once none is left.
 */
async function killCluster(postmaster: Running | undefined, data: string): Promise<void> {
  if (postmaster && !exited(postmaster.child)) signal(postmaster.child.pid!, 'SIGSTOP');
  const pids = clusterPids(data);
  for (const pid of pids) signal(pid, 'SIGSTOP');
  for (const pid of pids) signal(pid, 'SIGKILL');
  if (postmaster && !exited(postmaster.child)) {
    const done = new Promise<void>((res) => postmaster.child.once('exit', () => res()));
    signal(postmaster.child.pid!, 'SIGKILL');
    await done;
  }
  const deadline = Date.now() + 10_000;
  for (let left = clusterPids(data); left.length > 0; left = clusterPids(data)) {
    if (Date.now() > deadline) throw new Error(`DocumentDB: processes ${left.join(', ')} of the cluster survived SIGKILL`);
    for (const pid of left) signal(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Stops a process (its group: the gateway's threads, or PostgreSQL's postmaster) with `sig`; SIGKILL after 10 s. */
async function stopProcess(p: Running | undefined, sig: NodeJS.Signals, orElse: () => void): Promise<void> {
  if (!p || exited(p.child)) return;
  const done = new Promise<void>((res) => p.child.once('exit', () => res()));
  signal(-p.child.pid!, sig);
  const timer = setTimeout(orElse, 10_000);
  await done;
  clearTimeout(timer);
}

/** How long a statement may run before the watchdog takes it for a stuck one. */
const STUCK_AFTER_S = 30;

/**
 * RUM, the index code under DocumentDB's secondary indexes, loops for ever in rumFindLeafPage on a
 * damaged index, deaf to cancellation and termination and allocating without bound (once 22 GB
 * here; the same symptom as postgrespro/rum issue 184). Here it came from replay after a kill -9
 * with full_page_writes off, now on (see the configuration below); this stays as the net under
 * any other cause. A statement active for more than {@link STUCK_AFTER_S} seconds is killed,
 * which fails the requests then in flight (PostgreSQL restarts its backends) instead of hanging
 * the run or exhausting memory, and says so where {@link DocumentDbServer.lastLines} reads it.
 */
function watchForStuckBackends(access: PostgresAccess, note: (line: string) => void): NodeJS.Timeout {
  const timer = setInterval(() => {
    let stuck: string[];
    try {
      stuck = postgresSql(
        access,
        `SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' AND state = 'active' AND now() - query_start > interval '${STUCK_AFTER_S} seconds'`,
      )
        .split('\n')
        .filter(Boolean);
    } catch {
      return; // PostgreSQL is down (a crash test) or stopping.
    }
    for (const pid of stuck) {
      try {
        process.kill(Number(pid), 'SIGKILL');
        const line = `[documentdb] killed backend ${pid}: a statement active for over ${STUCK_AFTER_S} s (a RUM loop?)`;
        note(line);
        process.stderr.write(`${line}\n`);
      } catch {
        // Gone already.
      }
    }
  }, 5_000);
  timer.unref();
  return timer;
}

async function waitFor(check: () => Promise<boolean>, p: Running, what: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    if (exited(p.child)) {
      throw new Error(
        `DocumentDB: ${what} exited at start (code ${p.child.exitCode}, signal ${p.child.signalCode}); its last lines:\n${lastLines(p.output())}`,
      );
    }
    try {
      if (await check()) return;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `DocumentDB: ${what} not ready within ${READY_TIMEOUT_MS / 1000} s (last error: ${last || 'none'}); its last lines:\n${lastLines(p.output())}`,
  );
}

/** Starts a fresh cluster and its gateway; resolves once an authenticated `ping` succeeds. */
export async function startDocumentDb(options: DocumentDbOptions = {}): Promise<DocumentDbServer> {
  await ensureServerBuilt('documentdb');
  const user = clusterUser();
  const dir = mkdtempSync(join(tmpdir(), 'documentdb-'));
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
  const data = join(dir, 'data');
  const access: PostgresAccess = { socketDir: dir, port: await freePort() };
  const gatewayPort = options.gatewayPort ?? (await freePort());
  const uri = `mongodb://${USER}:${PASSWORD}@127.0.0.1:${gatewayPort}/?authMechanism=SCRAM-SHA-256&directConnection=true`;

  run(join(pgBin, 'initdb'), ['-D', data, '-U', user.name, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], user, 'initdb');
  // As the cluster's processes see their working folder.
  const dataFolder = realpathSync(data);
  const conf = join(data, 'postgresql.conf');
  writeFileSync(
    conf,
    `${readFileSync(conf, 'utf8')}
shared_preload_libraries = '${['pg_cron', 'pg_documentdb_core', 'pg_documentdb', ...(options.extraPreloadLibraries ?? [])].join(', ')}'
cron.database_name = 'postgres'
documentdb.enableBackgroundWorker = true
documentdb.enableBackgroundWorkerJobs = true
# DocumentDB's own RUM index code: Debian's RUM 1.3.13 spins for ever in rumFindLeafPage when
# concurrent updates insert into one index (seen here: a load of 16 connections never finished).
documentdb.rum_library_load_option = 'require_documentdb_extended_rum'
ssl = off
listen_addresses = '127.0.0.1'
port = ${access.port}
unix_socket_directories = '${dir}'
# The gateway sizes its pool of PostgreSQL connections from this: every backend costs memory.
max_connections = 40
shared_buffers = 128MB
jit = off
# A throw-away cluster: no flush to disk (a killed process loses nothing the kernel holds).
fsync = off
# But full-page images stay on, even for a cluster that is never killed on purpose (the watchdog's
# kill of one backend is a crash too). RUM logs a page that a split has just added as a change
# against an empty page, not as a whole page; after a kill -9, replay finds that page still empty
# on disk (it lived only in shared buffers) and skips the change, so an entry page points at an
# all-zero page, and RUM's descent then loops through the metapage for ever, allocating without
# bound and deaf to cancellation. The first change of a page after a checkpoint is logged whole
# when full_page_writes is on, and a page just added is always such a first change.
full_page_writes = on
# Statistics soon after a bulk load (the bench and the explain test also ANALYZE).
autovacuum_naptime = 2
autovacuum_analyze_threshold = 200
autovacuum_analyze_scale_factor = 0.05
`,
  );

  let postgres: Running | undefined;
  let gateway: Running | undefined;
  const configFile = join(dir, 'gateway.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      ...(JSON.parse(readFileSync(join(cacheDir, 'SetupConfiguration.json'), 'utf8')) as object),
      PostgresPort: access.port,
      GatewayListenPort: gatewayPort,
      EnforceSslTcp: false,
      UseLocalHost: true,
      PostgresSystemUser: user.name,
      // Long jobs (reconcile, the bench's sweeps) hold cursors and commands longer than the defaults.
      CursorTimeoutSecs: 600,
      PostgresCommandTimeoutSecs: 600,
      CertificateOptions: {
        CertType: 'pem_file',
        FilePath: join(cacheDir, 'cert', 'cert.pem'),
        KeyFilePath: join(cacheDir, 'cert', 'key.pem'),
      },
    }),
  );

  const startPostgres = async (): Promise<void> => {
    const p = start(join(pgBin, 'postgres'), ['-D', data], user);
    postgres = p;
    await waitFor(
      async () => spawnSync(join(pgBin, 'pg_isready'), ['-q', '-h', dir, '-p', String(access.port)]).status === 0,
      p,
      'PostgreSQL',
    );
  };
  const startGateway = async (): Promise<void> => {
    const g = start(gatewayBinary, [configFile], {});
    gateway = g;
    await waitFor(
      async () => {
        const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1_000, connectTimeoutMS: 1_000 });
        try {
          await client.db('admin').command({ ping: 1 });
          return true;
        } finally {
          await client.close().catch(() => undefined);
        }
      },
      g,
      'the gateway',
    );
  };

  try {
    await startPostgres();
    postgresSql(
      access,
      `CREATE EXTENSION documentdb CASCADE;
       CREATE ROLE "${USER}" WITH LOGIN INHERIT PASSWORD '${PASSWORD}' IN ROLE documentdb_admin_role;
       ALTER ROLE "${USER}" CREATEROLE;
       GRANT "${USER}" TO "${user.name}" WITH ADMIN OPTION;`,
    );
    await startGateway();
  } catch (err) {
    await stopProcess(gateway, 'SIGKILL', () => undefined);
    await killCluster(postgres, dataFolder);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }

  let watchdogLines = '';
  const watchdog = watchForStuckBackends(access, (line) => {
    watchdogLines = `${watchdogLines}${line}\n`.slice(-OUTPUT_TAIL_BYTES);
  });
  // A parent that ends without stop() (an uncaught error, process.exit) takes both along.
  const orphanGuard = (): void => {
    if (gateway && !exited(gateway.child)) signal(-gateway.child.pid!, 'SIGKILL');
    for (const pid of clusterPids(dataFolder)) signal(pid, 'SIGKILL');
  };
  process.once('exit', orphanGuard);

  let stopped: Promise<void> | undefined;
  return {
    uri,
    postgres: access,
    async crash() {
      await stopProcess(gateway, 'SIGKILL', () => undefined);
      await killCluster(postgres, dataFolder);
    },
    async restart() {
      await startPostgres();
      await startGateway();
    },
    lastLines() {
      const parts = [`PostgreSQL:\n${lastLines(postgres?.output() ?? '')}`, `the gateway:\n${lastLines(gateway?.output() ?? '')}`];
      if (watchdogLines) parts.push(`the watchdog:\n${lastLines(watchdogLines)}`);
      return parts.join('\n');
    },
    stop(): Promise<void> {
      process.off('exit', orphanGuard);
      clearInterval(watchdog);
      stopped ??= (async () => {
        if (gateway) await killChild(gateway.child);
        // SIGINT: PostgreSQL's fast shutdown; a cluster that has not stopped 10 s later is killed whole.
        await stopProcess(postgres, 'SIGINT', () => void killCluster(postgres, dataFolder).catch(() => undefined));
        await killCluster(undefined, dataFolder);
        await rm(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

if (isMain(import.meta.url)) {
  try {
    const server = await startDocumentDb();
    console.log(server.uri);
    console.error(`DocumentDB ${DOCUMENTDB_VERSION} (PostgreSQL 15, temporary data) is running; Ctrl-C to stop.`);
    stopOnSignal(server);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
