import type { Request, Response } from '@google-cloud/functions-framework';
import { startupConfig } from '../app/runtime.js';
import { consoleRoutes } from './console-routes.js';
import { httpFunction } from './http-function.js';
import type { Routes } from './router.js';
import { consoleAssetsIn } from './static-assets.js';

/**
 * The console function: the console's page and files, and the admin API on the same origin (so
 * the page calls nothing cross-origin and Identity-Aware Proxy guards both). `assetsDir` is the
 * `assets/` folder the build puts beside the bundle.
 */
export function consoleFunction(assetsDir: URL, adminRoutes: Routes): (req: Request, res: Response) => Promise<void> {
  return httpFunction('console', { ...consoleRoutes(consoleAssetsIn(assetsDir), startupConfig), ...adminRoutes });
}
