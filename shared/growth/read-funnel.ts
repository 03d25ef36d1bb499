import type { Context } from '../core/context.js';
import type { FunnelQuery, FunnelReport } from './funnel.js';

/** `GET /v1/admin/reports/funnel`: the funnel of a span from the event warehouse, in one query. */
export function readFunnel(ctx: Pick<Context, 'stores'>, q: FunnelQuery): Promise<FunnelReport> {
  return ctx.stores.events.funnel(q);
}
