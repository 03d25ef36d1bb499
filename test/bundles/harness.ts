/**
 * What the bundle smoke test needs to treat `dist/<name>/` as Cloud Build and Cloud Run would:
 * install it with `npm ci --omit=dev` in a folder of its own, start it with functions-framework's
 * own entry point, and stop every process it started. Every wait here is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { freePort } from '../../tools/loopback.js';

const OUTPUT_TAIL = 8_000;

/** Every child this process started and has not seen exit: killed by {@link killAll}. */
const children = new Set<ChildProcess>();

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Kills a child's whole process group (npm runs install scripts in children of its own). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (exited(child) || child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/** Stops one child: SIGTERM, then SIGKILL after `graceMs`. Resolves once it has exited. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (exited(child)) return;
  const done = new Promise<void>((res) => child.once('exit', () => res()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await done;
  clearTimeout(timer);
}

/** Stops every child still running (the suite's afterAll, and after a failed test). */
export async function killAll(): Promise<void> {
  await Promise.all([...children].map((c) => stopChild(c, 2_000)));
}

/** The last bytes a stream wrote, kept as it runs. */
function tail(stream: NodeJS.ReadableStream | null): () => string {
  let text = '';
  stream?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
  });
  return () => text;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to its end, killed (with its process group) after `timeoutMs`. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<RunResult> {
  const started = Date.now();
  const child = track(spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
  const stdout = tail(child.stdout);
  const stderr = tail(child.stderr);
  return new Promise((res, rej) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGKILL');
    }, options.timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      rej(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const result = { code, signal, stdout: stdout(), stderr: stderr(), ms: Date.now() - started };
      if (timedOut) {
        rej(new Error(`${command} ${args.join(' ')} did not finish within ${options.timeoutMs / 1000} s\n${result.stderr}`));
      } else res(result);
    });
  });
}

/** At most `limit` of the tasks run at once. */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((res) => waiting.push(res));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

/**
 * The environment npm runs in: this process's, without what the outer `npm run` and vitest put
 * there (npm_* settings would steer the inner npm), and with the Node that runs this suite (the
 * project's Node 24) first on PATH, so npm and install scripts run on it.
 */
export function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|NODE_ENV$|NODE_OPTIONS$|INIT_CWD$)/i.test(k)) continue;
    env[k] = v;
  }
  env.PATH = [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);
  return env;
}

/** What one install took, and the versions npm put in node_modules. */
export interface Installed {
  dir: string;
  ms: number;
  /** `node_modules/.package-lock.json`: what npm installed, by path. */
  installed: Record<string, { version?: string; integrity?: string }>;
}

/**
 * Copies `dist/<name>` to `dir` and installs it as Cloud Build does (`npm ci --omit=dev`), with the
 * shared cache; then `npm ls` must find the tree complete and valid.
 */
export async function installBundle(source: string, dir: string, cache: string, timeoutMs: number): Promise<Installed> {
  await cp(source, dir, { recursive: true });
  const env = npmEnv();
  const common = ['--no-audit', '--no-fund', '--no-update-notifier', `--cache=${cache}`];
  const ci = await run('npm', ['ci', '--omit=dev', '--prefer-offline', '--loglevel=error', ...common], { cwd: dir, env, timeoutMs });
  if (ci.code !== 0) throw new Error(`npm ci --omit=dev in ${dir} exited ${ci.code}:\n${ci.stderr.trim()}`);
  const ls = await run('npm', ['ls', '--all', '--omit=dev', ...common], { cwd: dir, env, timeoutMs: 60_000 });
  if (ls.code !== 0) throw new Error(`npm ls in ${dir} found problems (exit ${ls.code}):\n${ls.stderr.trim() || ls.stdout.trim()}`);
  const hidden = JSON.parse(await readFile(join(dir, 'node_modules', '.package-lock.json'), 'utf8')) as {
    packages: Installed['installed'];
  };
  return { dir, ms: ci.ms, installed: hidden.packages };
}

/** A function served by functions-framework from its installed bundle. */
export interface RunningFunction {
  url: string;
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((res) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      res(true);
    });
    socket.once('error', () => res(false));
    socket.once('timeout', () => {
      socket.destroy();
      res(false);
    });
  });
}

/** The command line Cloud Run's Node.js runtime starts a function with, for `dir`'s bundle. */
export function frameworkArgs(dir: string, target: string, port: number): string[] {
  const main = join(dir, 'node_modules', '@google-cloud', 'functions-framework', 'build', 'src', 'main.js');
  return [main, `--target=${target}`, `--source=${dir}`, `--port=${port}`];
}

/**
 * Starts the bundle in `dir` as Cloud Run would, on a free loopback port, and resolves once the
 * port accepts connections (the framework listens only after the function module loaded).
 */
export async function startFunction(
  dir: string,
  target: string,
  env: NodeJS.ProcessEnv,
  readyTimeoutMs = 30_000,
): Promise<RunningFunction> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = track(
      spawn(process.execPath, frameworkArgs(dir, target, port), { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true }),
    );
    const stdout = tail(child.stdout);
    const stderr = tail(child.stderr);
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline && !exited(child)) {
      if (await canConnect(port)) {
        return { url: `http://127.0.0.1:${port}`, child, stderr, stop: () => stopChild(child) };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const wasExited = exited(child);
    await stopChild(child, 1_000);
    const output = `--- stderr ---\n${stderr().trim()}\n--- stdout ---\n${stdout().trim()}`;
    // Only a lost race for the port is worth another try.
    if (wasExited && /EADDRINUSE/.test(output) && attempt < 3) continue;
    const why = wasExited
      ? `exited (code ${child.exitCode}, signal ${child.signalCode})`
      : `did not listen within ${readyTimeoutMs / 1000} s`;
    throw new Error(`${target} ${why} before serving\n${output}`);
  }
}

/** Starts the bundle and waits for it to exit by itself, for at most `timeoutMs`. */
export async function runUntilExit(
  dir: string,
  target: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ code: number | null; stderr: string; ms: number }> {
  const port = await freePort();
  const started = Date.now();
  const child = track(
    spawn(process.execPath, frameworkArgs(dir, target, port), { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true }),
  );
  const stderr = tail(child.stderr);
  child.stdout?.resume();
  const closed = new Promise<void>((res) => child.once('close', () => res()));
  const timer = new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), timeoutMs).unref());
  const outcome = await Promise.race([closed, timer]);
  if (outcome === 'timeout') {
    await stopChild(child, 1_000);
    throw new Error(`${target} was still running after ${timeoutMs / 1000} s; it should have refused to start\n${stderr()}`);
  }
  return { code: child.exitCode, stderr: stderr(), ms: Date.now() - started };
}
