import type { Request, Response } from '@google-cloud/functions-framework';
import { authenticate, isAdmin, type Principal } from './authenticate.js';
import { ContentionError } from '../core/result.js';
import { jsonLogger, traceFields } from '../core/logger.js';
import type { Context } from '../core/context.js';
import { getRuntime, startupConfig } from '../app/runtime.js';
import { functionCatalog, type FunctionSpec } from '../app/function-catalog.js';
import { corsPolicy } from './cors.js';
import type { HttpRequest, HttpResponse } from './http-types.js';
import { answerFrameworkErrorsAsJson } from './framework-errors.js';
import { errorOf, errorResponse } from './respond.js';
import { router, type RouteHandler, type Routes } from './router.js';

/** A route handler that is told who is calling. */
export type CallerHandler = (ctx: Context, caller: Principal, req: HttpRequest, params: Record<string, string>) => Promise<HttpResponse>;

async function callerOf(req: HttpRequest): Promise<{ ctx: Context } & ({ caller: Principal } | { denied: HttpResponse })> {
  const { ctx, config } = await getRuntime();
  const who = await authenticate(config, req.headers);
  return who.ok ? { ctx, caller: who.value } : { ctx, denied: errorResponse(who) };
}

/** A public route: no token is asked for, and the handler acts for nobody in particular. */
export function forAnyone(
  handler: (ctx: Context, req: HttpRequest, params: Record<string, string>) => Promise<HttpResponse>,
): RouteHandler {
  return async (req, params) => handler((await getRuntime()).ctx, req, params);
}

/** A route for any authenticated customer; the handler acts for the caller only. */
export function forCaller(handler: CallerHandler): RouteHandler {
  return async (req, params) => {
    const a = await callerOf(req);
    return 'denied' in a ? a.denied : handler(a.ctx, a.caller, req, params);
  };
}

/** A route for callers with role `admin`. */
export function forAdmin(handler: CallerHandler): RouteHandler {
  return forCaller((ctx, caller, req, params) =>
    isAdmin(caller) ? handler(ctx, caller, req, params) : Promise.resolve(errorOf('FORBIDDEN', 'This route needs role admin')),
  );
}

/** Faults a retry can cure: contention, a lost connection, a busy server (FerretDB's SQLite answers SQLITE_BUSY). */
function isTransient(e: unknown): boolean {
  if (e instanceof ContentionError) return true;
  if (!(e instanceof Error)) return false;
  return /^Mongo(Network|ServerSelection|NotConnected|PoolCleared)/.test(e.name) || /SQLITE_BUSY|database is locked/.test(e.message);
}

function toHttpRequest(req: Request): HttpRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  const query: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.query)) {
    const first = Array.isArray(v) ? v[0] : v;
    query[k] = typeof first === 'string' ? first : undefined;
  }
  return { method: req.method, path: req.path, headers, query, body: req.body };
}

/**
 * An HTTP function for functions-framework: routes the request, answers expected failures with
 * their status and code, and faults with 503 (transient) or 500, logged with the trace id.
 */
export function httpFunction(name: string, routes: Routes): (req: Request, res: Response) => Promise<void> {
  startupConfig();
  answerFrameworkErrorsAsJson();
  const dispatch = router(routes);
  const spec: FunctionSpec | undefined = functionCatalog.find((f) => f.name === name);
  const cors = spec?.trigger === 'http' && spec.crossOrigin ? corsPolicy(spec.crossOrigin) : null;
  return async (req, res) => {
    const request = toHttpRequest(req);
    // The origins come from the runtime's configuration (the local host's, in tests), else the process's.
    const origins = cors
      ? await getRuntime().then(
          (r) => r.config.card.allowedOrigins,
          () => startupConfig().card.allowedOrigins,
        )
      : [];
    let response: HttpResponse;
    try {
      response = cors?.preflight(request, origins) ?? (await dispatch(request));
    } catch (e) {
      // The fault may be that the runtime itself could not be made (a database not reachable yet).
      const logger = await getRuntime().then(
        (r) => r.ctx.logger,
        () => jsonLogger(),
      );
      const log = logger.child({
        function: name,
        ...traceFields(request.headers['x-cloud-trace-context'], startupConfig().pubsub?.projectId),
      });
      log.log('ERROR', `${request.method} ${request.path} failed: ${e instanceof Error ? e.message : String(e)}`, {
        stack: e instanceof Error ? e.stack : undefined,
      });
      const transient = isTransient(e);
      response = {
        status: transient ? 503 : 500,
        body: {
          error: { code: transient ? 'UNAVAILABLE' : 'INTERNAL', message: transient ? 'Temporarily unavailable; retry' : 'Internal error' },
        },
        ...(transient ? { headers: { 'Retry-After': '1' } } : {}),
      };
    }
    const headers = { ...response.headers, ...cors?.headersFor(request, origins) };
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (response.bytes) res.status(response.status).send(response.bytes);
    else if (response.body === undefined) res.status(response.status).end();
    else res.status(response.status).json(response.body);
  };
}
