// Run by Node 24 directly (type stripping): imports one module in a fresh process and prints how
// long the import took and how many modules it loaded, counted by a module loader hook.
import { registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';

let modules = 0;
registerHooks({
  load(url, context, nextLoad) {
    modules += 1;
    return nextLoad(url, context);
  },
});
const started = performance.now();
await import(pathToFileURL(process.argv[2]!).href);
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, modules, rss_mb: process.memoryUsage().rss / 1048576 }));
