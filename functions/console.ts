import { http } from '@google-cloud/functions-framework';
import { adminRoutes } from '#shared/http/admin-routes.js';
import { consoleFunction } from '#shared/http/console-function.js';

/** The support console behind Identity-Aware Proxy: its page, and the admin API on the same origin. */
export const handler = consoleFunction(new URL('./assets/', import.meta.url), adminRoutes);
http('console', handler);
