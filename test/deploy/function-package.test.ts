import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  bundleLock,
  checkLockMatchesManifest,
  pinnedDependencies,
  resolveInLock,
  type LockEntry,
  type Lockfile,
} from '../../tools/build/bundle-lock.js';
import { dependenciesFor, functionManifest, packageOf } from '../../tools/build/function-package.js';

const root = {
  dependencies: { mongodb: '^7.9.0', zod: '^4.6.7', '@google-cloud/functions-framework': '^5.0.5' },
  devDependencies: { vitest: '^4.1.12' },
};

describe('the package.json of a function bundle', () => {
  it.each([
    ['zod', 'zod'],
    ['zod/v4', 'zod'],
    ['@google-cloud/functions-framework', '@google-cloud/functions-framework'],
    ['@google-cloud/functions-framework/testing', '@google-cloud/functions-framework'],
    ['node:crypto', null],
    ['crypto', null],
    ['./local.js', null],
  ])('reads import %s as package %s', (specifier, expected) => {
    expect(packageOf(specifier)).toBe(expected);
  });

  it('lists only the packages the bundle imports, with the root versions', () => {
    expect(dependenciesFor('points', ['zod/v4', 'node:crypto', 'mongodb', 'zod'], root)).toEqual({
      mongodb: '^7.9.0',
      zod: '^4.6.7',
    });
  });

  it('refuses a bundle that imports a dev dependency', () => {
    expect(() => dependenciesFor('points', ['vitest'], root)).toThrow(
      'functions/points.ts imports vitest (only in devDependencies), which package.json "dependencies" does not list',
    );
  });

  it('refuses a bundle that imports a package the root does not list', () => {
    expect(() => dependenciesFor('admin', ['left-pad'], root)).toThrow('functions/admin.ts imports left-pad');
  });

  it('is an ESM module for Node 24 named after the function', () => {
    expect(functionManifest('applyReferralCode', { zod: '^4.6.7' })).toEqual({
      name: 'apply-referral-code',
      private: true,
      type: 'module',
      main: 'index.js',
      engines: { node: '>=24' },
      dependencies: { zod: '^4.6.7' },
    });
  });
});

describe('the lock file of a function bundle', () => {
  const integrity = (name: string) => `sha512-${name}==`;
  const entry = (name: string, version: string, extra: Partial<LockEntry> = {}): LockEntry => ({
    version,
    resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`,
    integrity: integrity(`${name}-${version}`),
    license: 'MIT',
    ...extra,
  });
  const rootLock: Lockfile = {
    name: 'referral-system',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'referral-system', dependencies: { app: '^1.0.0', other: '^3.0.0' }, devDependencies: { vitest: '^4.0.0' } },
      'node_modules/app': entry('app', '1.2.3', {
        dependencies: { lib: '^2.0.0', helper: '^1.0.0' },
        optionalDependencies: { fast: '^1.0.0', 'native-win32': '^1.0.0' },
        peerDependencies: { peer: '^1.0.0', 'opt-peer': '^1.0.0' },
        peerDependenciesMeta: { 'opt-peer': { optional: true } },
      }),
      // `app` needs lib@2, hoisted `lib` is 1.x for `other`: npm nests lib@2 under app.
      'node_modules/app/node_modules/lib': entry('lib', '2.0.1', { dependencies: { leaf: '^1.0.0' } }),
      'node_modules/app/node_modules/helper': entry('helper', '1.0.0', { dependencies: { lib: '^2.0.0' } }),
      'node_modules/fast': entry('fast', '1.1.0', { optional: true, dependencies: { 'fast-dep': '^1.0.0' } }),
      'node_modules/fast-dep': entry('fast-dep', '1.0.0', { optional: true }),
      'node_modules/leaf': entry('leaf', '1.4.0', { devOptional: true }),
      'node_modules/lib': entry('lib', '1.9.0'),
      'node_modules/opt-peer': entry('opt-peer', '1.0.0', { dev: true }),
      'node_modules/other': entry('other', '3.0.0', { dependencies: { lib: '^1.0.0' } }),
      'node_modules/peer': entry('peer', '1.0.0', { peer: true }),
      'node_modules/vitest': entry('vitest', '4.1.12', { dev: true, dependencies: { 'dev-only': '^1.0.0' } }),
      'node_modules/dev-only': entry('dev-only', '1.0.0', { dev: true }),
    },
  };
  const lock = bundleLock(rootLock, ['app'], { name: 'points', engines: { node: '>=24' } });

  it('resolves a name from the requiring package up, as npm lockfile v3 lays out node_modules', () => {
    expect(resolveInLock(rootLock.packages, 'node_modules/app', 'lib')).toBe('node_modules/app/node_modules/lib');
    expect(resolveInLock(rootLock.packages, 'node_modules/app/node_modules/helper', 'lib')).toBe('node_modules/app/node_modules/lib');
    expect(resolveInLock(rootLock.packages, 'node_modules/app/node_modules/lib', 'leaf')).toBe('node_modules/leaf');
    expect(resolveInLock(rootLock.packages, 'node_modules/other', 'lib')).toBe('node_modules/lib');
    expect(resolveInLock(rootLock.packages, '', 'app')).toBe('node_modules/app');
    expect(resolveInLock(rootLock.packages, 'node_modules/app', 'missing')).toBeUndefined();
  });

  it('holds the dependency and everything it needs, nested ones at their nested paths', () => {
    expect(Object.keys(lock.packages)).toEqual([
      '',
      'node_modules/app',
      'node_modules/app/node_modules/lib',
      'node_modules/app/node_modules/helper',
      'node_modules/fast',
      'node_modules/fast-dep',
      'node_modules/leaf',
      'node_modules/peer',
    ]);
  });

  it('keeps each transitive package exactly as the root lock has it: version, resolved, integrity', () => {
    for (const path of ['node_modules/app/node_modules/lib', 'node_modules/leaf', 'node_modules/peer']) {
      const { version, resolved, integrity: sri } = rootLock.packages[path]!;
      expect(lock.packages[path]).toMatchObject({ version, resolved, integrity: sri });
    }
    expect(lock.packages['node_modules/app/node_modules/lib']).toEqual(rootLock.packages['node_modules/app/node_modules/lib']);
  });

  it('leaves out dev-only packages, packages only other dependencies need, and optional peers', () => {
    for (const path of [
      'node_modules/vitest',
      'node_modules/dev-only',
      'node_modules/lib',
      'node_modules/other',
      'node_modules/opt-peer',
    ]) {
      expect(lock.packages[path]).toBeUndefined();
    }
  });

  it('recomputes the flags for the bundle: no dev, optional only where reached through optional dependencies', () => {
    expect(lock.packages['node_modules/leaf']).not.toHaveProperty('devOptional');
    expect(lock.packages['node_modules/peer']).not.toHaveProperty('peer');
    expect(lock.packages['node_modules/fast']).toMatchObject({ optional: true });
    expect(lock.packages['node_modules/fast-dep']).toMatchObject({ optional: true });
    expect(lock.packages['node_modules/app']).not.toHaveProperty('optional');
  });

  it('pins the bundle root to the locked versions, and package.json repeats them', () => {
    expect(lock).toMatchObject({ name: 'points', lockfileVersion: 3, requires: true });
    expect(lock.packages['']).toEqual({ name: 'points', dependencies: { app: '1.2.3' }, engines: { node: '>=24' } });
    expect(pinnedDependencies(lock)).toEqual({ app: '1.2.3' });
  });

  it('refuses a lock that misses a required package, and skips a missing optional one', () => {
    const broken = structuredClone(rootLock);
    delete broken.packages['node_modules/leaf'];
    expect(() => bundleLock(broken, ['app'], { name: 'points' })).toThrow(
      'node_modules/app/node_modules/lib needs leaf, which package-lock.json does not hold',
    );
    expect(() => bundleLock(rootLock, ['nope'], { name: 'points' })).toThrow('the bundle needs nope');
  });

  it('refuses a root lock that is out of date with package.json', () => {
    expect(() => checkLockMatchesManifest(rootLock, { dependencies: { app: '^1.0.0', other: '^3.0.0' } })).not.toThrow();
    expect(() => checkLockMatchesManifest(rootLock, { dependencies: { app: '^2.0.0' } })).toThrow(
      'package-lock.json is out of date with package.json (app@^2.0.0): run npm install',
    );
  });

  it('cuts a closed tree from the real root lock: every entry is the root one, every need is met inside it', async () => {
    const real = JSON.parse(await readFile(new URL('../../package-lock.json', import.meta.url), 'utf8')) as Lockfile;
    const names = Object.keys(real.packages['']!.dependencies!);
    const cut = bundleLock(real, names, { name: 'everything' });
    for (const [path, e] of Object.entries(cut.packages)) {
      if (path === '') continue;
      const { dev: _d, devOptional: _o, optional: _x, peer: _p, ...rest } = real.packages[path]!;
      expect({ path, ...e, optional: undefined }).toEqual({ path, ...rest, optional: undefined });
      for (const dep of Object.keys(e.dependencies ?? {})) {
        expect(resolveInLock(cut.packages, path, dep), `${path} → ${dep}`).toBe(resolveInLock(real.packages, path, dep));
      }
    }
    for (const name of names) expect(cut.packages['']!.dependencies![name]).toBe(real.packages[`node_modules/${name}`]!.version);
    expect(Object.values(cut.packages).some((e) => e.dev)).toBe(false);
  });
});
