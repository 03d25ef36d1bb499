/**
 * The lock file shipped beside each function bundle: the part of the root package-lock.json
 * that the bundle's runtime dependencies pull in, so Cloud Build's `npm ci` installs exactly the
 * versions the tests ran against instead of whatever a caret range allows on deploy day.
 */

/** One `packages` entry of an npm lockfile v3 (only the fields read here are named). */
export interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  engines?: Record<string, string>;
  [field: string]: unknown;
}

/** An npm lockfile v3 (`package-lock.json` / `npm-shrinkwrap.json`). */
export interface Lockfile {
  name?: string;
  version?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

/** What the bundle's own package.json says, as far as its lock's root entry repeats it. */
export interface BundleManifest {
  name: string;
  engines?: Record<string, string>;
}

/** The file name the lock is written under in `dist/<name>/`. */
export const BUNDLE_LOCK_FILE = 'package-lock.json';

/**
 * Where npm finds package `name` when the package installed at `from` requires it (lockfile v3
 * paths; `''` is the project itself): in `from`'s own node_modules, then in each enclosing
 * node_modules up to the top, as Node's module resolution walks up the folders.
 */
export function resolveInLock(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const up = base.lastIndexOf('/node_modules/');
    base = up === -1 ? '' : base.slice(0, up);
  }
}

interface Edge {
  name: string;
  optional: boolean;
}

/** The edges npm installs for one package: dependencies, optional ones, and non-optional peers. */
function edgesOf(entry: LockEntry): Edge[] {
  const peerMeta = entry.peerDependenciesMeta ?? {};
  return [
    ...Object.keys(entry.dependencies ?? {}).map((name) => ({ name, optional: false })),
    ...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
    // Optional peers are never installed for their own sake; a required peer is (npm 7+).
    ...Object.keys(entry.peerDependencies ?? {})
      .filter((name) => peerMeta[name]?.optional !== true)
      .map((name) => ({ name, optional: false })),
  ];
}

/** Every lock path reachable from the top-level dependencies, following `optional` edges or not. */
function reachable(root: Lockfile, dependencyNames: readonly string[], followOptional: boolean): Set<string> {
  const { packages } = root;
  const seen = new Set<string>();
  const queue: string[] = [];
  const visit = (from: string, edge: Edge): void => {
    if (edge.optional && !followOptional) return;
    const path = resolveInLock(packages, from, edge.name);
    if (path === undefined) {
      // A platform-specific optional dependency the root install skipped: npm skips it too.
      if (edge.optional) return;
      const who = from === '' ? 'the bundle' : from;
      throw new Error(`${who} needs ${edge.name}, which package-lock.json does not hold: run npm install`);
    }
    if (packages[path]!.link) throw new Error(`${path} is a link (workspace or file: dependency), which a bundle cannot ship`);
    if (seen.has(path)) return;
    seen.add(path);
    queue.push(path);
  };
  for (const name of dependencyNames) visit('', { name, optional: false });
  while (queue.length > 0) {
    const path = queue.shift()!;
    for (const edge of edgesOf(packages[path]!)) visit(path, edge);
  }
  return seen;
}

/** The entry as the bundle's lock holds it: the same package, with flags for the bundle's tree. */
function bundleEntry(entry: LockEntry, optional: boolean): LockEntry {
  const flags = new Set(['dev', 'devOptional', 'peer', 'optional']);
  const out: LockEntry = {};
  let placed = false;
  const place = (): void => {
    if (optional && !placed) out.optional = true;
    placed = true;
  };
  for (const [field, value] of Object.entries(entry)) {
    // Nothing in a bundle is a dev dependency; optional and peer are recomputed for its own tree,
    // and `optional` goes where npm had a flag (or after the license), so the file reads as npm's.
    if (flags.has(field)) place();
    else out[field] = value;
    if (field === 'license' && !Object.keys(entry).some((f) => flags.has(f))) place();
  }
  place();
  return out;
}

/** What a bundle's package.json lists for a locked top-level package: its exact version. */
function pinnedSpec(name: string, entry: LockEntry): string {
  if (entry.version === undefined) throw new Error(`package-lock.json has no version for ${name}`);
  return entry.name !== undefined && entry.name !== name ? `npm:${entry.name}@${entry.version}` : entry.version;
}

/**
 * The lock file of one bundle: for its runtime dependencies (`dependencyNames`, top-level
 * packages of the root project) and everything they need at run time, the root lock's own
 * entries at the same paths (same version, resolved and integrity), so `npm ci --omit=dev` in
 * the bundle installs exactly the tree the root install tested. Dependencies are resolved as npm
 * does (from the requiring package's folder up); dev-only packages, and anything the bundle's
 * dependencies do not reach, are left out. Packages reached only through optional dependencies
 * are marked optional. The root entry pins each dependency to its locked version; the bundle's
 * package.json must list the same (see {@link pinnedDependencies}).
 */
export function bundleLock(root: Lockfile, dependencyNames: readonly string[], manifest: BundleManifest): Lockfile {
  if (root.lockfileVersion < 2) {
    throw new Error(`package-lock.json is lockfile version ${root.lockfileVersion}; regenerate it with npm 7 or later`);
  }
  const names = [...new Set(dependencyNames)].sort();
  const all = reachable(root, names, true);
  const required = reachable(root, names, false);
  const dependencies = Object.fromEntries(names.map((n) => [n, pinnedSpec(n, root.packages[`node_modules/${n}`]!)]));
  const packages: Record<string, LockEntry> = {
    '': {
      name: manifest.name,
      ...(names.length > 0 ? { dependencies } : {}),
      ...(manifest.engines ? { engines: manifest.engines } : {}),
    },
  };
  // The root lock's order is npm's own; keeping it keeps the file as npm would write it.
  for (const [path, entry] of Object.entries(root.packages)) {
    if (all.has(path)) packages[path] = bundleEntry(entry, !required.has(path));
  }
  return { name: manifest.name, lockfileVersion: 3, requires: true, packages };
}

/** The dependencies a bundle's package.json lists: those its lock's root entry pins. */
export function pinnedDependencies(lock: Lockfile): Record<string, string> {
  return { ...lock.packages['']?.dependencies };
}

/**
 * Refuses a root lock that no longer matches the root package.json (someone edited a range and
 * did not run npm install): its versions would not be the ones package.json asks for.
 */
export function checkLockMatchesManifest(root: Lockfile, manifest: { dependencies?: Record<string, string> }): void {
  const locked = root.packages['']?.dependencies ?? {};
  const stale = Object.entries(manifest.dependencies ?? {}).filter(
    ([name, range]) => locked[name] !== range || root.packages[`node_modules/${name}`] === undefined,
  );
  if (stale.length > 0) {
    const list = stale.map(([name, range]) => `${name}@${range}`).join(', ');
    throw new Error(`package-lock.json is out of date with package.json (${list}): run npm install`);
  }
}
