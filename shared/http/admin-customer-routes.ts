import { audited, pageAudit } from '../audit/admin-audit.js';
import type { AuditAction } from '../audit/audit-entry.js';
import type { Context } from '../core/context.js';
import { fail, type Result } from '../core/result.js';
import { eraseCustomer } from '../customers/erase-customer.js';
import { getCustomerOverview, setCodeActive, setCustomerEnabled, type CustomerSwitch } from '../customers/manage-customers.js';
import { searchCustomers } from '../customers/search-customers.js';
import { adjustPoints } from '../points/adjust-points.js';
import { getLedgerPage, ledgerEntryView } from '../points/points-views.js';
import { pageCustomerUsages } from '../usages/customer-usages.js';
import { forAdmin } from './http-function.js';
import type { HttpResponse } from './http-types.js';
import { parseIdempotencyKey, parseInput } from './parse.js';
import { fromResult } from './respond.js';
import type { RouteHandler, Routes } from './router.js';
import {
  adjustBodySchema,
  approveBodySchema,
  auditQuerySchema,
  customerSearchQuerySchema,
  customerUsagesQuerySchema,
  ledgerQuerySchema,
  pathIdSchema,
  reasonBodySchema,
} from './schemas.js';

const customerId = (params: Record<string, string>) => parseInput(pathIdSchema, params.customer_id, 'path');

/** Answers `read` for a known customer, `CUSTOMER_NOT_FOUND` otherwise (one lookup by key). */
async function ofKnownCustomer<T>(ctx: Context, id: string, read: () => Promise<Result<T>>): Promise<HttpResponse> {
  if (!(await ctx.stores.customers.getCustomer(id))) return fromResult(fail('CUSTOMER_NOT_FOUND', `No customer ${id}`));
  return fromResult(await read());
}

/**
 * A route that switches something of a customer off (the body gives a reason) or back on (the
 * reason optional), recorded in the audit trail when it succeeds.
 */
function switchRoute<T>(change: CustomerSwitch<T>, on: boolean, action: AuditAction, outcome: string): RouteHandler {
  return forAdmin(async (ctx, admin, req, params) => {
    const id = customerId(params);
    const body = on ? parseInput(approveBodySchema, req.body ?? {}) : parseInput(reasonBodySchema, req.body);
    if (!id.ok) return id.response;
    if (!body.ok) return body.response;
    const reason = body.value.reason ?? null;
    const r = await change(ctx, id.value, on, admin.sub, reason);
    return fromResult(await audited(ctx, r, () => ({ customer_id: id.value, action, actor: admin.sub, reason, outcome })));
  });
}

/** The support console's customer routes: find, read (overview, usages, ledger, audit trail) and change one customer. */
export const adminCustomerRoutes: Routes = {
  'GET /v1/admin/customers': forAdmin(async (ctx, _a, req) => {
    const q = parseInput(customerSearchQuerySchema, req.query, 'query');
    return q.ok ? { status: 200, body: await searchCustomers(ctx, q.value.query) } : q.response;
  }),
  'GET /v1/admin/customers/{customer_id}': forAdmin(async (ctx, _a, _req, params) => {
    const id = customerId(params);
    return id.ok ? fromResult(await getCustomerOverview(ctx, id.value)) : id.response;
  }),
  'GET /v1/admin/customers/{customer_id}/usages': forAdmin(async (ctx, _a, req, params) => {
    const id = customerId(params);
    const q = parseInput(customerUsagesQuerySchema, req.query, 'query');
    if (!id.ok) return id.response;
    if (!q.ok) return q.response;
    return ofKnownCustomer(ctx, id.value, () => pageCustomerUsages(ctx, id.value, q.value.side, q.value.limit, q.value.cursor ?? null));
  }),
  'GET /v1/admin/customers/{customer_id}/ledger': forAdmin(async (ctx, _a, req, params) => {
    const id = customerId(params);
    const q = parseInput(ledgerQuerySchema, req.query, 'query');
    if (!id.ok) return id.response;
    if (!q.ok) return q.response;
    return ofKnownCustomer(ctx, id.value, async () => {
      const page = await getLedgerPage(ctx, id.value, q.value.limit, q.value.cursor ?? null);
      return { ok: true, value: { ...page, entries: page.entries.map(ledgerEntryView) } };
    });
  }),
  'GET /v1/admin/customers/{customer_id}/audit': forAdmin(async (ctx, _a, req, params) => {
    const id = customerId(params);
    const q = parseInput(auditQuerySchema, req.query, 'query');
    if (!id.ok) return id.response;
    if (!q.ok) return q.response;
    return ofKnownCustomer(ctx, id.value, () => pageAudit(ctx, id.value, q.value.limit, q.value.cursor ?? null));
  }),
  'POST /v1/admin/customers/{customer_id}/referral-code/deactivate': switchRoute(setCodeActive, false, 'code.deactivated', 'code inactive'),
  'POST /v1/admin/customers/{customer_id}/referral-code/activate': switchRoute(setCodeActive, true, 'code.activated', 'code active'),
  'POST /v1/admin/customers/{customer_id}/disable': switchRoute(setCustomerEnabled, false, 'customer.disabled', 'customer disabled'),
  'POST /v1/admin/customers/{customer_id}/enable': switchRoute(setCustomerEnabled, true, 'customer.enabled', 'customer enabled'),
  'POST /v1/admin/customers/{customer_id}/points/adjust': forAdmin(async (ctx, admin, req, params) => {
    const id = customerId(params);
    const body = parseInput(adjustBodySchema, req.body);
    const key = parseIdempotencyKey(req.headers);
    if (!id.ok) return id.response;
    if (!body.ok) return body.response;
    if (!key.ok) return key.response;
    const { points, reason } = body.value;
    const r = await adjustPoints(ctx, { customerId: id.value, points, reason, idempotencyKey: key.value, actor: admin.sub });
    const outcome = (balance: number) => `${points > 0 ? '+' : ''}${points} points, balance ${balance}`;
    const logged = await audited(ctx, r, (e) => ({
      customer_id: id.value,
      action: 'points.adjusted',
      actor: admin.sub,
      reason,
      target: e.entry_id,
      key: e.entry_id,
      outcome: outcome(e.balance_after),
    }));
    return fromResult(logged, 201);
  }),
  'POST /v1/admin/customers/{customer_id}/erase': forAdmin(async (ctx, admin, req, params) => {
    const id = customerId(params);
    const body = parseInput(reasonBodySchema, req.body);
    if (!id.ok) return id.response;
    if (!body.ok) return body.response;
    const { reason } = body.value;
    const r = await eraseCustomer(ctx, id.value, admin.sub, reason);
    const logged = await audited(ctx, r, (c) => ({
      customer_id: c.customer_id,
      action: 'customer.erased',
      actor: admin.sub,
      reason,
      key: c.customer_id,
      outcome: 'customer erased',
    }));
    return fromResult(logged);
  }),
};
