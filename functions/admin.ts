import { http } from '@google-cloud/functions-framework';
import { adminRoutes } from '#shared/http/admin-routes.js';
import { httpFunction } from '#shared/http/http-function.js';

/** The admin dashboard's API: customers, codes, points adjustments, credits, programme terms, reviews, erasure, reports and jobs. */
export const handler = httpFunction('admin', adminRoutes);
http('admin', handler);
