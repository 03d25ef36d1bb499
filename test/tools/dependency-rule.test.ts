/**
 * The layer rules of .dependency-cruiser.cjs catch what they are for: a wrong-way import planted
 * in a scratch tree fails them, and the real tree passes. dependency-cruiser runs as `npm run lint`
 * runs it, with the repository's config, on the Node that runs the tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '../..');
const config = join(repo, '.dependency-cruiser.cjs');
const scratchDirs: string[] = [];

async function cruiserBin(): Promise<string> {
  const pkgDir = join(repo, 'node_modules/dependency-cruiser');
  const pkg = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  const bin = pkg.bin['dependency-cruise'];
  if (bin === undefined) throw new Error('dependency-cruiser no longer has a dependency-cruise bin');
  return join(pkgDir, bin);
}

/** Runs dependency-cruiser over `shared` in `cwd`: its exit code and everything it printed. */
async function cruise(cwd: string): Promise<{ status: number | null; output: string }> {
  const r = spawnSync(process.execPath, [await cruiserBin(), '--config', config, 'shared'], { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** A scratch tree with a minimal tsconfig (as the config names one) and the given files. */
async function scratchTree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dependency-rule-'));
  scratchDirs.push(dir);
  const tsconfig = { compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['shared'] };
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

afterAll(async () => {
  for (const dir of scratchDirs) await rm(dir, { recursive: true, force: true });
});

describe('the dependency rules (.dependency-cruiser.cjs)', () => {
  it('fail a domain module that imports an adapter', async () => {
    const dir = await scratchTree({
      'shared/usages/planted.ts': "import { store } from '../adapters/mongo/store.js';\n\nexport const planted = store;\n",
      'shared/adapters/mongo/store.ts': "export const store = 'mongo';\n",
    });
    const r = await cruise(dir);
    expect(r.status, r.output).not.toBe(0);
    expect(r.output).toContain('domain-imports-no-adapter-edge-or-root');
    expect(r.output).toContain('shared/usages/planted.ts');
  });

  it('fail an import cycle between two domain files', async () => {
    const dir = await scratchTree({
      'shared/usages/a.ts': "import { b } from './b.js';\n\nexport const a = (): string => `a${b()}`;\n",
      'shared/usages/b.ts': "import { a } from './a.js';\n\nexport const b = (): string => (a.length > 0 ? 'b' : '');\n",
    });
    const r = await cruise(dir);
    expect(r.status, r.output).not.toBe(0);
    expect(r.output).toContain('no-circular');
    expect(r.output).not.toContain('domain-imports-no-adapter-edge-or-root');
  });

  it('pass on the real tree', async () => {
    const r = await cruise(repo);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain('no dependency violations found');
  });
});
