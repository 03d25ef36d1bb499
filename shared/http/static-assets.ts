import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** One file of a page, as served. */
export interface StaticAsset {
  body: Buffer;
  type: string;
  /** Named by its content hash: browsers may keep it for good. */
  immutable: boolean;
}

/** A page's files by name (`index.html`, `console-<hash>.js`, ...). */
export type StaticAssets = ReadonlyMap<string, StaticAsset>;

/** The pages the functions serve: the support console (its function) and the referrer's card (shareLink). */
export type AssetBundle = 'console' | 'card';

const provided = new Map<AssetBundle, StaticAssets>();

/**
 * Gives a bundle's files to every function of this process that serves it. The local host builds
 * them in memory at start and provides them here; a deployed bundle has none provided and reads its own.
 */
export function provideAssets(bundle: AssetBundle, assets: StaticAssets): void {
  provided.set(bundle, assets);
}

/** {@link provideAssets} of the console's files. */
export function provideConsoleAssets(assets: StaticAssets): void {
  provideAssets('console', assets);
}

const types: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/**
 * A bundle's files: those provided by the local host, or else those in `dir` (the folder beside a
 * built function's bundle), read once on first use and kept in memory. `mutable` names the files
 * served under a fixed name (the console's `index.html`, the card's `referral-card.js`); every other
 * file is named by its content hash.
 */
export function assetsIn(bundle: AssetBundle, dir: URL, mutable: readonly string[]): () => Promise<StaticAssets> {
  let loading: Promise<StaticAssets> | null = null;
  return () => {
    const given = provided.get(bundle);
    if (given) return Promise.resolve(given);
    loading ??= (async () => {
      const path = fileURLToPath(dir);
      const names = await readdir(path).catch(() => []);
      const entries = await Promise.all(
        names.map(async (name): Promise<[string, StaticAsset]> => {
          const body = await readFile(`${path}/${name}`);
          return [
            name,
            { body, type: types[name.split('.').at(-1) ?? ''] ?? 'application/octet-stream', immutable: !mutable.includes(name) },
          ];
        }),
      );
      return new Map(entries);
    })();
    return loading;
  };
}

/** The console's files (`assets/` beside the console function's bundle). */
export function consoleAssetsIn(dir: URL): () => Promise<StaticAssets> {
  return assetsIn('console', dir, ['index.html']);
}
