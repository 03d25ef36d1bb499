import { realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

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
