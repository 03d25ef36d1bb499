import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';

/** Asks the OS for a free loopback port (tiny race window: callers retry a start that loses it). */
export async function freePort(): Promise<number> {
  return await new Promise<number>((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      if (addr === null || typeof addr === 'string') {
        srv.close();
        rej(new Error('could not determine a free port'));
        return;
      }
      const { port } = addr;
      srv.close(() => res(port));
    });
  });
}

/** Whether the module at `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** Keeps a server started as a script running until SIGINT or SIGTERM, then stops it and exits. */
export function stopOnSignal(server: { stop(): Promise<void> }): void {
  const shutdown = (): void => {
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/** A server's process, with both output streams piped. */
export type ServerProcess = ChildProcessByStdio<null, Readable, Readable>;

/** Whether the process has exited (by itself or by a signal). */
export function exited(child: ServerProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Stops the process: SIGTERM, then SIGKILL if it is still there after 5 s; resolves once it has exited. */
export async function killChild(child: ServerProcess): Promise<void> {
  if (exited(child)) return;
  const done = new Promise<void>((res) => child.once('exit', () => res()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await done;
  clearTimeout(timer);
}

/** How much of a server's output a start failure quotes. */
export const OUTPUT_TAIL_BYTES = 4_000;

/** A started server process, the tail of what it printed so far, and the error if it could not be spawned. */
export interface SpawnedServer {
  child: ServerProcess;
  output: () => string;
  spawnError: () => Error | undefined;
}

/** Spawns `binary` with `args`, keeping the last {@link OUTPUT_TAIL_BYTES} of its stdout and stderr for error messages. */
export function spawnServer(binary: string, args: string[]): SpawnedServer {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });
  return { child, output: () => output, spawnError: () => spawnError };
}
