/**
 * Bundles every function of the catalog into `dist/<name>/` for Cloud Run functions:
 * `index.js` (ESM, Node 24, packages left external), its source map, a package.json that
 * lists only the packages that bundle imports, so Cloud Build installs the minimum per function,
 * and a package-lock.json cut from the root one, so Cloud Build's `npm ci` installs exactly the
 * versions the tests ran against (package.json pins the same exact versions).
 * Terraform zips each `dist/<name>/` and deploys it (see terraform/README.md).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build, type Message } from 'esbuild';
import { functionCatalog } from '#shared/app/function-catalog.js';
import { BUNDLE_LOCK_FILE, bundleLock, checkLockMatchesManifest, pinnedDependencies, type Lockfile } from './bundle-lock.js';
import { dependenciesFor, functionManifest, type RootManifest } from './function-package.js';
import { buildCardBundle, buildConsoleBundle } from './web-bundles.js';

const root = resolve(import.meta.dirname, '../..');
const dist = join(root, 'dist');

interface Built {
  name: string;
  bytes: number;
  dependencies: Record<string, string>;
}

async function bundleFunction(name: string, rootManifest: RootManifest, rootLock: Lockfile): Promise<Built> {
  const outdir = `dist/${name}`;
  const outfile = `${outdir}/index.js`;
  const result = await build({
    absWorkingDir: root,
    entryPoints: { index: `functions/${name}.ts` },
    outdir,
    // Splitting keeps each `await import()` of an adapter a chunk of its own; in one file,
    // esbuild hoists the adapter's package imports to the top and loads them at cold start.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    sourcemap: true,
    metafile: true,
    logLevel: 'silent',
  });
  const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports);
  const external = [...new Set(imports.filter((i) => i.external).map((i) => i.path))];
  const ranges = dependenciesFor(name, external, rootManifest);
  const unpinned = functionManifest(name, ranges);
  const lock = bundleLock(rootLock, Object.keys(ranges), unpinned);
  const dependencies = pinnedDependencies(lock);
  const manifest = functionManifest(name, dependencies);
  await writeFile(join(dist, name, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(dist, name, BUNDLE_LOCK_FILE), `${JSON.stringify(lock, null, 2)}\n`);
  return { name, bytes: (await stat(join(root, outfile))).size, dependencies };
}

function printTable(built: readonly Built[]): void {
  const rows = built.map((b) => [b.name, `${(b.bytes / 1024).toFixed(1)} KiB`, Object.keys(b.dependencies).join(', ') || '(none)']);
  const header = ['function', 'bundle', 'dependencies'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
}

async function main(): Promise<void> {
  const missing = functionCatalog.filter((f) => !existsSync(join(root, 'functions', `${f.name}.ts`)));
  if (missing.length > 0) {
    const list = missing.map((f) => `  functions/${f.name}.ts (${f.trigger})`).join('\n');
    throw new Error(`The function catalog (shared/app/function-catalog.ts) names functions without a file:\n${list}`);
  }
  const rootManifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as RootManifest;
  const rootLock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8')) as Lockfile;
  checkLockMatchesManifest(rootLock, rootManifest);
  await rm(dist, { recursive: true, force: true });
  await Promise.all(functionCatalog.map((f) => mkdir(join(dist, f.name), { recursive: true })));
  const results = await Promise.allSettled(functionCatalog.map((f) => bundleFunction(f.name, rootManifest, rootLock)));
  const failures = functionCatalog.flatMap((f, i) => {
    const result = results[i]!;
    return result.status === 'rejected' ? [{ name: f.name, error: result.reason as unknown }] : [];
  });
  if (failures.length > 0) throw new Error(describeFailures(failures));
  printTable(results.map((r) => (r as PromiseFulfilledResult<Built>).value));
  await writeWebAssets();
}

/** The console's page, script and styles beside its function's bundle (`assets/`), and the card's script beside shareLink's (`card/`). */
async function writeWebAssets(): Promise<void> {
  const console_ = functionCatalog.find((f) => f.trigger === 'iap');
  if (!console_) return;
  const { assets, scriptGzipBytes, styleGzipBytes } = await buildConsoleBundle();
  const dir = join(dist, console_.name, 'assets');
  await mkdir(dir, { recursive: true });
  for (const [name, asset] of assets) await writeFile(join(dir, name), asset.body);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`\nconsole page: script ${kb(scriptGzipBytes)} gzipped (budget 150 KiB), styles ${kb(styleGzipBytes)} gzipped`);
  // The card's script beside shareLink's bundle, which serves it at /card/{file} (card/).
  const share = functionCatalog.find((f) => f.name === 'shareLink');
  if (!share) return;
  const card = await buildCardBundle();
  const cardDir = join(dist, share.name, 'card');
  await mkdir(cardDir, { recursive: true });
  for (const [name, asset] of card.assets) await writeFile(join(cardDir, name), asset.body);
  console.log(`referrer's card: dist/${share.name}/card/referral-card.js and ${card.hashedName}, ${kb(card.gzipBytes)} gzipped`);
}

/** One line per distinct error, with the functions it broke: shared code fails every bundle alike. */
function describeFailures(failures: readonly { name: string; error: unknown }[]): string {
  const byMessage = new Map<string, string[]>();
  for (const { name, error } of failures) {
    const messages = (error as { errors?: Message[] }).errors?.map(
      (m) => `${m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : ''}${m.text}`,
    ) ?? [error instanceof Error ? error.message : String(error)];
    for (const message of messages) byMessage.set(message, [...(byMessage.get(message) ?? []), name]);
  }
  const lines = [...byMessage].map(([message, names]) => {
    const broken = names.length === functionCatalog.length ? 'every function' : names.join(', ');
    return `  ${message} (${broken})`;
  });
  return `${failures.length} of ${functionCatalog.length} functions did not build:\n${lines.join('\n')}`;
}

main().catch((error: unknown) => {
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
