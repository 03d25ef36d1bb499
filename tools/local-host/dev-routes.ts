import express from 'express';
import { z } from 'zod';
import { issueDevToken } from '#shared/http/authenticate.js';
import type { SettableClock } from '#shared/core/clock.js';
import { dealSchema } from '#shared/deals/deal.js';
import { errorOf, invalidRequest } from '#shared/http/respond.js';
import type { HttpResponse } from '#shared/http/http-types.js';
import { scheduledJobs } from '#shared/app/function-catalog.js';
import type { Context } from '#shared/core/context.js';
import type { Config } from '#shared/app/config.js';
import type { FunctionName } from '#shared/app/function-catalog.js';
import type { FunctionServer } from './function-servers.js';
import { deliver, subscribers } from './pubsub-bridge.js';
import type { RecordingPublisher } from './recording-publisher.js';

const id = z.string().trim().min(1).max(128);
const customerBody = z.object({
  name: z.string().max(200),
  email: z.string().max(320).nullish(),
  phone_number: z.string().max(40).nullish(),
});
const dealBody = z.object({
  customer_id: id,
  amount: z
    .union([z.number().int().nonnegative(), z.object({ amount: z.number().int().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) })])
    .optional(),
  is_converted: z.boolean().optional(),
  referral_code_applied: z.string().max(32).nullish(),
  sold_ts: z.string().datetime({ offset: true }).nullish(),
});
const publishBody = z.object({ data: z.unknown(), attributes: z.record(z.string(), z.string()).default({}) });
const tokenBody = z.object({ sub: id, roles: z.array(z.string().max(50)).max(10).optional() });
const clockBody = z.object({ now: z.string().datetime({ offset: true }) });

function send(res: express.Response, r: HttpResponse): void {
  for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
  if (r.body === undefined) res.status(r.status).end();
  else res.status(r.status).json(r.body);
}

/** Parts the local-only routes work on. */
export interface DevRouteDeps {
  ctx: Context;
  config: Config;
  clock: SettableClock;
  recorder: RecordingPublisher;
  servers: Map<FunctionName, FunctionServer>;
}

/** The local-only routes of docs/rules.md §4.6: publish, scheduler, seeding, tokens, clock. Refused in production. */
export function devRoutes(deps: DevRouteDeps): express.Router {
  const { ctx, config, clock, recorder, servers } = deps;
  const r = express.Router();
  r.use((req, res, next) => {
    if (!/^\/_(pubsub|scheduler|dev)\//.test(req.path)) return next('router');
    if (config.production) return send(res, errorOf('LOCAL_ONLY', `${req.path} exists only on the local host`));
    next();
  });
  r.use(express.json({ limit: '1mb' }));
  const handle =
    <S extends z.ZodType>(schema: S, fn: (body: z.infer<S>, req: express.Request) => Promise<HttpResponse>) =>
    async (req: express.Request, res: express.Response) => {
      const parsed = schema.safeParse(req.body ?? {});
      send(res, parsed.success ? await fn(parsed.data, req) : invalidRequest(parsed.error));
    };

  r.post(
    '/_pubsub/:topic',
    handle(publishBody, async (body, req) => {
      const topic = String(req.params.topic);
      const data = typeof body.data === 'string' ? body.data : JSON.stringify(body.data ?? null);
      const kept = recorder.record(topic, {
        data: typeof body.data === 'object' && body.data !== null ? (body.data as Record<string, unknown>) : { raw: data },
        attributes: body.attributes,
      });
      const deliveries = await deliver(servers, topic, { data, attributes: body.attributes, messageId: kept.messageId });
      return { status: 200, body: { message_id: kept.messageId, topic, subscribers: subscribers(topic), deliveries } };
    }),
  );
  r.get('/_pubsub/:topic/messages', async (req, res) =>
    send(res, { status: 200, body: { messages: recorder.messages(String(req.params.topic)) } }),
  );
  r.post('/_scheduler/:job', async (req, res) => {
    const job = String(req.params.job);
    const server = (scheduledJobs as readonly string[]).includes(job) ? servers.get(job as FunctionName) : undefined;
    if (!server) return send(res, errorOf('UNKNOWN_JOB', `No scheduled job ${job}; jobs are ${scheduledJobs.join(', ')}`));
    const answer = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    send(res, { status: answer.status, body: { job, report: await answer.json() } });
  });
  r.put(
    '/_dev/customers/:id',
    handle(customerBody, async (body, req) => {
      const customerId = id.safeParse(req.params.id);
      if (!customerId.success) return invalidRequest(customerId.error, 'path');
      const c = await ctx.stores.customers.upsertProfile(customerId.data, {
        name: body.name,
        email: body.email ?? null,
        phone_number: body.phone_number ?? null,
      });
      return { status: 200, body: c };
    }),
  );
  r.put(
    '/_dev/deals/:id',
    handle(dealBody, async (body, req) => {
      const amount =
        typeof body.amount === 'number' ? { amount: body.amount, currency: ctx.rules.refereeDiscount.currency } : (body.amount ?? null);
      const deal = dealSchema.safeParse({
        ...body,
        deal_id: req.params.id,
        amount,
        sold_ts: body.sold_ts ?? ctx.clock.now().toISOString(),
      });
      if (!deal.success) return invalidRequest(deal.error, 'path');
      await ctx.stores.deals.putDeal(deal.data);
      return { status: 200, body: deal.data };
    }),
  );
  r.get('/_dev/deals/:id', async (req, res) => {
    const deal = await ctx.stores.deals.getDeal(String(req.params.id));
    send(res, deal ? { status: 200, body: deal } : errorOf('DEAL_NOT_FOUND', `No deal ${req.params.id}`));
  });
  r.post(
    '/_dev/token',
    handle(tokenBody, async (body) => ({ status: 200, body: { token: await issueDevToken(config, body.sub, body.roles ?? []) } })),
  );
  r.put(
    '/_dev/clock',
    handle(clockBody, async (body) => {
      clock.set(new Date(body.now));
      return { status: 200, body: { now: clock.now().toISOString(), set: true } };
    }),
  );
  r.delete('/_dev/clock', async (_req, res) => {
    clock.clear();
    send(res, { status: 200, body: { now: clock.now().toISOString(), set: false } });
  });
  return r;
}
