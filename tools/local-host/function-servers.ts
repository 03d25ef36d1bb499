import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { functionCatalog, preflightRoutes, type FunctionName } from '#shared/app/function-catalog.js';
import { functionModules } from './function-modules.js';

/** One function served by functions-framework, as it is in production, on a loopback port. */
export interface FunctionServer {
  name: FunctionName;
  url: string;
  /** The framework's request listener, to serve a request without another hop. */
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  server: Server;
}

/**
 * Loads every function of the catalog (each registers itself with functions-framework) and
 * serves each with the framework's own server, one per function, as Cloud Run would.
 */
export async function startFunctionServers(): Promise<Map<FunctionName, FunctionServer>> {
  const servers = new Map<FunctionName, FunctionServer>();
  for (const f of functionCatalog) {
    await functionModules[f.name]();
    const server = getTestServer(f.name);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const listener = server.listeners('request')[0] as FunctionServer['listener'];
    servers.set(f.name, { name: f.name, url: `http://127.0.0.1:${port}`, listener, server });
  }
  return servers;
}

/** Which HTTP function serves a method and path, by the catalog's routes and their CORS preflights. */
export function httpRouteTable(): Array<{ method: string; pattern: RegExp; name: FunctionName }> {
  return functionCatalog.flatMap((f) =>
    f.trigger === 'http' || f.trigger === 'iap'
      ? [...f.routes, ...preflightRoutes(f)].map((r) => {
          const [method, path] = r.split(' ') as [string, string];
          return { method, pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}/?$`), name: f.name };
        })
      : [],
  );
}
