import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { SettableClock } from '#shared/core/clock.js';
import type { Config } from '#shared/app/config.js';
import { errorOf } from '#shared/http/respond.js';
import { openApiDocument } from '#shared/http/openapi.js';
import type { Logger } from '#shared/core/logger.js';
import type { StepObserver } from '#shared/core/context.js';
import { createRuntime, setRuntime, type Runtime } from '#shared/app/runtime.js';
import { devRoutes } from './dev-routes.js';
import { httpRouteTable, startFunctionServers, type FunctionServer } from './function-servers.js';
import type { FunctionName } from '#shared/app/function-catalog.js';
import { RecordingPublisher } from './recording-publisher.js';
import { provideAssets, provideConsoleAssets } from '#shared/http/static-assets.js';
import { cardBundleOnce, consoleBundleOnce } from '../build/web-bundles.js';

/** A running local host. */
export interface LocalHost {
  url: string;
  runtime: Runtime;
  clock: SettableClock;
  recorder: RecordingPublisher;
  /** Each function's own server, as functions-framework serves it. */
  servers: Map<FunctionName, FunctionServer>;
  close(): Promise<void>;
}

/**
 * Serves every function of the catalog in one process (docs/rules.md §4.6): `/v1/...` goes to the HTTP
 * function that owns the route, through functions-framework's own request handling; Pub/Sub,
 * Scheduler and seeding are simulated under `/_...`.
 */
export async function startLocalHost(
  config: Config,
  options: { port?: number; logger?: Logger; steps?: StepObserver } = {},
): Promise<LocalHost> {
  const clock = new SettableClock();
  // Messages are recorded for GET /_pubsub/{topic}/messages, and also sent on when Pub/Sub is configured.
  let recorder: RecordingPublisher | undefined;
  const runtime = await createRuntime(config, {
    clock,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.steps ? { steps: options.steps } : {}),
    wrapPublisher: (publisher) => (recorder = new RecordingPublisher(config.pubsub ? publisher : null)),
  });
  if (!recorder) throw new Error('The runtime did not take the recording publisher');
  // The referral_events table the BigQuery subscription fills in production, filled here by the
  // recorder; in production mode the table is Terraform's.
  const { events } = runtime.ctx.stores;
  if (config.bigquery && !config.production && 'ensureTable' in events && typeof events.ensureTable === 'function')
    await events.ensureTable();
  recorder.feed(events);
  setRuntime(runtime);
  // The console is bundled in memory at start (esbuild, well under a second), so /console/ serves the source as it is now.
  provideConsoleAssets((await consoleBundleOnce()).assets);
  // The referrer's card, served by shareLink at /card/{file} as in production.
  provideAssets('card', (await cardBundleOnce()).assets);
  const servers = await startFunctionServers();
  const routes = httpRouteTable();
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, stores: runtime.description });
  });
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  app.use(devRoutes({ ctx: runtime.ctx, config, clock, recorder, servers }));
  app.use((req, res) => {
    const onPath = routes.filter((r) => r.pattern.test(req.path));
    const route = onPath.find((r) => r.method === req.method);
    const server = route ? servers.get(route.name) : undefined;
    if (server) return server.listener(req, res);
    if (onPath.length > 0) {
      res.setHeader('Allow', [...new Set(onPath.map((r) => r.method))].join(', '));
      return void res.status(405).json(errorOf('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path}`).body);
    }
    const e = errorOf('NOT_FOUND', `No route for ${req.method} ${req.path}`);
    res.status(e.status).json(e.body);
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(options.port ?? config.port, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    runtime,
    clock,
    recorder,
    servers,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of servers.values()) await new Promise<void>((resolve) => s.server.close(() => resolve()));
      await runtime.close();
    },
  };
}
