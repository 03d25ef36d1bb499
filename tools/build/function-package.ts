import { isBuiltin } from 'node:module';

/** The parts of the root package.json the per-function manifests are made from. */
export interface RootManifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** The package.json written beside one function's bundle. */
export interface FunctionManifest {
  name: string;
  private: true;
  type: 'module';
  main: 'index.js';
  engines: { node: '>=24' };
  dependencies: Record<string, string>;
}

/**
 * The npm package an import specifier belongs to (`@scope/name/sub` → `@scope/name`),
 * or null for Node built-ins and relative paths, which need no installation.
 */
export function packageOf(specifier: string): string | null {
  if (isBuiltin(specifier) || specifier.startsWith('.') || specifier.startsWith('/')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? null);
}

/**
 * The dependencies a bundle needs at run time, with the versions of the root package.json.
 * A bundle that imports a package the root lists only as a dev dependency, or not at all,
 * is refused: Cloud Build would deploy a function that fails on its first import.
 */
export function dependenciesFor(functionName: string, externalImports: readonly string[], root: RootManifest): Record<string, string> {
  const packages = [...new Set(externalImports.map(packageOf).filter((p): p is string => p !== null))].sort();
  const missing = packages.filter((p) => root.dependencies?.[p] === undefined);
  if (missing.length > 0) {
    const where = missing.map((p) => (root.devDependencies?.[p] ? `${p} (only in devDependencies)` : p));
    throw new Error(`functions/${functionName}.ts imports ${where.join(', ')}, which package.json "dependencies" does not list`);
  }
  return Object.fromEntries(packages.map((p) => [p, root.dependencies![p]!]));
}

/** The manifest Cloud Build installs one function from: its own runtime dependencies and nothing else. */
export function functionManifest(functionName: string, dependencies: Record<string, string>): FunctionManifest {
  return {
    name: functionName.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
    private: true,
    type: 'module',
    main: 'index.js',
    engines: { node: '>=24' },
    dependencies,
  };
}
