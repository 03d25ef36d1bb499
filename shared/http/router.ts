import type { HttpRequest, HttpResponse } from './http-types.js';
import { errorOf } from './respond.js';

/** A handler of one route, given the path parameters. */
export type RouteHandler = (req: HttpRequest, params: Record<string, string>) => Promise<HttpResponse>;

/** `'POST /v1/points/redemptions/{redemption_id}/reverse'` and what serves it. */
export type Routes = Record<string, RouteHandler>;

interface CompiledRoute {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler;
}

function compile(routes: Routes): CompiledRoute[] {
  return Object.entries(routes).map(([spec, handler]) => {
    const [method, path] = spec.split(' ') as [string, string];
    const names: string[] = [];
    const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { method, pattern: new RegExp(`^${source}/?$`), names, handler };
  });
}

/** A path parameter decoded; one that is not valid percent-encoding stays as it came (a share link must still answer). */
function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Dispatches a request to the route that matches its method and path (404 or 405 otherwise). */
export function router(routes: Routes): (req: HttpRequest) => Promise<HttpResponse> {
  const compiled = compile(routes);
  return async (req) => {
    const matches = compiled
      .map((r) => ({ r, m: r.pattern.exec(req.path) }))
      .filter((x): x is { r: CompiledRoute; m: RegExpExecArray } => x.m !== null);
    const hit = matches.find((x) => x.r.method === req.method);
    if (!hit) {
      if (matches.length > 0) {
        return {
          ...errorOf('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path}`),
          headers: { Allow: matches.map((x) => x.r.method).join(', ') },
        };
      }
      return errorOf('NOT_FOUND', `No route for ${req.method} ${req.path}`);
    }
    const params: Record<string, string> = {};
    hit.r.names.forEach((name, i) => {
      params[name] = decodeParam(hit.m[i + 1]!);
    });
    return hit.r.handler(req, params);
  };
}
