/**
 * `npx tsx tools/bench/redirect.ts [--n 400] [--memory]`: the share link's row of `npm run bench`
 * alone (the redirect's latency with click recording vs without, in both modes), on the embedded
 * stores and on DocumentDB 0.108 (or MONGODB_URI when set; `--memory`: the embedded stores only),
 * without building the bundles or running the other rows.
 */
import { DOCUMENTDB_VERSION, startDocumentDb } from '../documentdb/server.js';
import { redirectCosts } from './growth.js';

const nArg = process.argv.indexOf('--n');
const n = nArg === -1 ? 400 : Number(process.argv[nArg + 1]);
if (!Number.isInteger(n) || n <= 0 || n % 4 !== 0) throw new Error('--n must be a positive multiple of 4');

const memoryOnly = process.argv.includes('--memory');
const external = process.env.MONGODB_URI;
const documentdb = external || memoryOnly ? null : await startDocumentDb();
const uri = external ?? documentdb?.uri ?? null;
const server = external ? 'MONGODB_URI' : `DocumentDB ${DOCUMENTDB_VERSION}`;
const stores: Array<[string, string | null]> = [['memory', null]];
if (uri) stores.push([server, uri]);
const ratio = (withMs: number, withoutMs: number) => {
  const r = withMs / withoutMs;
  return `${r.toFixed(2)}× (${r <= 1.1 ? 'met' : 'missed'})`;
};
try {
  console.log('| stores: mode | server: without / with ms | server ratio (goal ≤ 1.1×) | client: without / with ms | client ratio |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [label, mongoUri] of stores) {
    for (const c of await redirectCosts(mongoUri, n)) {
      console.log(
        `| ${label}: ${c.mode} | ${c.server_without_ms.toFixed(2)} / ${c.server_with_ms.toFixed(2)} | ${ratio(c.server_with_ms, c.server_without_ms)} | ${c.without_ms.toFixed(2)} / ${c.with_ms.toFixed(2)} | ${ratio(c.with_ms, c.without_ms)} |`,
      );
    }
  }
} finally {
  await documentdb?.stop();
}
