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

let provided: StaticAssets | null = null;

/**
 * Gives the console's files to every console function of this process. The local host builds them
 * in memory at start and provides them here; a deployed bundle has none provided and reads its own.
 */
export function provideConsoleAssets(assets: StaticAssets): void {
  provided = assets;
}

const types: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/**
 * The console's files: those provided by the local host, or else those in `dir` (the `assets/`
 * folder beside a built bundle), read once on first use and kept in memory.
 */
export function consoleAssetsIn(dir: URL): () => Promise<StaticAssets> {
  let loading: Promise<StaticAssets> | null = null;
  return () => {
    if (provided) return Promise.resolve(provided);
    loading ??= (async () => {
      const path = fileURLToPath(dir);
      const names = await readdir(path).catch(() => []);
      const entries = await Promise.all(
        names.map(async (name): Promise<[string, StaticAsset]> => {
          const body = await readFile(`${path}/${name}`);
          return [
            name,
            { body, type: types[name.split('.').at(-1) ?? ''] ?? 'application/octet-stream', immutable: name !== 'index.html' },
          ];
        }),
      );
      return new Map(entries);
    })();
    return loading;
  };
}
