import { spawn } from 'node:child_process';
import { DOCUMENTDB_VERSION, startDocumentDb } from '../documentdb/server.js';
import { formatLoadResult, runLoadTest } from './load-test.js';

/**
 * `npm run load [-- --referees N --connections C]`: starts DocumentDB (unless MONGODB_URI is set) and
 * the local host on it in a child process, runs the load, prints the table, and fails on any
 * error or violation.
 */
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const documentdb = process.env.MONGODB_URI ? null : await startDocumentDb();
const uri = process.env.MONGODB_URI ?? documentdb!.uri;
const port = String(18000 + Math.floor(Math.random() * 1000));
const host = spawn(process.execPath, ['--import', 'tsx', 'tools/local-host/main.ts'], {
  // The load pays every referee's deal at once, far past the velocity signal's daily cap: it measures
  // the credit path, so holding credits for review (tested on its own) is switched off unless asked for.
  env: {
    REVIEW_VELOCITY_PER_DAY: '1000000000',
    ...process.env,
    PORT: port,
    MONGODB_URI: uri,
    MONGODB_DB: `load_${Date.now()}`,
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
try {
  await new Promise<void>((resolve, reject) => {
    host.stdout.on('data', (b: Buffer) => {
      if (b.toString().includes('local host on')) resolve();
    });
    host.on('exit', (code) => reject(new Error(`local host exited with ${code}`)));
  });
  const result = await runLoadTest({
    url: `http://127.0.0.1:${port}`,
    referrers: arg('referrers', 20),
    referees: arg('referees', 2000),
    connections: arg('connections', 16),
  });
  process.stdout.write(
    `Load on the local host, MongoDB-wire store ${process.env.MONGODB_URI ? 'from MONGODB_URI' : `DocumentDB ${DOCUMENTDB_VERSION}`}:\n\n${formatLoadResult(result)}\n`,
  );
  const ok = result.phases.every((p) => p.errors === 0) && result.violations === 0 && result.observed.points === result.expected.points;
  process.exitCode = ok ? 0 : 1;
} finally {
  host.kill();
  await documentdb?.stop();
}
