/**
 * Bundles the pages the functions serve (the support console) for the browser with esbuild:
 * one script and one style sheet per page, named by their content hash so they can be cached for
 * good, and an `index.html` that names them. The local host builds them in memory at start;
 * `npm run build` writes them beside the console function's bundle.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { StaticAsset } from '#shared/http/static-assets.js';

const root = resolve(import.meta.dirname, '../..');

/** A page's files, by the name they are served under, plus their gzipped sizes for the build's table. */
export interface WebBundle {
  assets: Map<string, StaticAsset>;
  scriptGzipBytes: number;
  styleGzipBytes: number;
}

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

const typeOf = (name: string) => types[/\.[a-z]+$/.exec(name)?.[0] ?? ''] ?? 'application/octet-stream';

/** Bundles the console (`shared/web/console/main.tsx` and its `index.html`). */
export async function buildConsoleBundle(): Promise<WebBundle> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { console: 'shared/web/console/main.tsx' },
    outdir: 'out',
    entryNames: '[name]-[hash]',
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120', 'firefox120', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const assets = new Map<string, StaticAsset>();
  let scriptGzipBytes = 0;
  let styleGzipBytes = 0;
  for (const file of result.outputFiles) {
    const name = basename(file.path);
    assets.set(name, { body: Buffer.from(file.contents), type: typeOf(name), immutable: true });
    if (name.endsWith('.js')) scriptGzipBytes += gzipSync(file.contents).length;
    if (name.endsWith('.css')) styleGzipBytes += gzipSync(file.contents).length;
  }
  const script = [...assets.keys()].find((n) => n.endsWith('.js'));
  const style = [...assets.keys()].find((n) => n.endsWith('.css'));
  if (!script || !style) throw new Error('The console bundle lacks its script or its style sheet');
  const template = await readFile(join(root, 'shared/web/console/index.html'), 'utf8');
  const html = template.replace('{{script}}', script).replace('{{style}}', style);
  assets.set('index.html', { body: Buffer.from(html), type: typeOf('index.html'), immutable: false });
  return { assets, scriptGzipBytes, styleGzipBytes };
}

/** The referrer's card's files: its script under the fixed name and under its content hash. */
export interface CardBundle {
  assets: Map<string, StaticAsset>;
  /** `referral-card-<hash>.js`. */
  hashedName: string;
  script: Buffer;
  gzipBytes: number;
}

/**
 * Bundles the referrer's card (`shared/web/card/referral-card.ts`) into one script, served as
 * `referral-card.js` (a fixed name, so a booking site needs one script tag that never changes) and
 * as `referral-card-<hash>.js` (named by its content, kept for good, for a site that pins a release).
 */
export async function buildCardBundle(): Promise<CardBundle> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['shared/web/card/referral-card.ts'],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120', 'firefox120', 'safari16'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const script = Buffer.from(result.outputFiles[0]!.contents);
  const hashedName = `referral-card-${createHash('sha256').update(script).digest('hex').slice(0, 12)}.js`;
  const assets = new Map<string, StaticAsset>([
    ['referral-card.js', { body: script, type: typeOf('.js'), immutable: false }],
    [hashedName, { body: script, type: typeOf('.js'), immutable: true }],
  ]);
  return { assets, hashedName, script, gzipBytes: gzipSync(script).length };
}

let card: Promise<CardBundle> | null = null;

/** {@link buildCardBundle}, once per process. */
export function cardBundleOnce(): Promise<CardBundle> {
  card ??= buildCardBundle();
  return card;
}

let once: Promise<WebBundle> | null = null;

/** {@link buildConsoleBundle}, once per process (every local host of a test run serves the same files). */
export function consoleBundleOnce(): Promise<WebBundle> {
  once ??= buildConsoleBundle();
  return once;
}
