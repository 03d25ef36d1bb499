import { http } from '@google-cloud/functions-framework';
import { isAdmin } from '#shared/http/authenticate.js';
import { forCaller, httpFunction } from '#shared/http/http-function.js';
import { parseIdempotencyKey, parseInput } from '#shared/http/parse.js';
import { fromResult } from '#shared/http/respond.js';
import { approveBodySchema, ledgerQuerySchema, pathIdSchema, redeemBodySchema } from '#shared/http/schemas.js';
import { getLedgerPage, getPoints } from '#shared/points/points-views.js';
import { redeemPoints, reverseRedemptionOf } from '#shared/points/redeem-points.js';

/** A customer's points: balance and lots, ledger, redemptions and their reversal. */
export const handler = httpFunction('points', {
  'GET /v1/points': forCaller(async (ctx, caller) => ({ status: 200, body: await getPoints(ctx, caller.sub) })),
  'GET /v1/points/ledger': forCaller(async (ctx, caller, req) => {
    const q = parseInput(ledgerQuerySchema, req.query, 'query');
    if (!q.ok) return q.response;
    return { status: 200, body: await getLedgerPage(ctx, caller.sub, q.value.limit, q.value.cursor ?? null) };
  }),
  'POST /v1/points/redeem': forCaller(async (ctx, caller, req) => {
    const body = parseInput(redeemBodySchema, req.body);
    if (!body.ok) return body.response;
    const key = parseIdempotencyKey(req.headers);
    if (!key.ok) return key.response;
    const r = await redeemPoints(ctx, {
      customerId: caller.sub,
      points: body.value.points,
      dealId: body.value.deal_id,
      idempotencyKey: key.value,
      actor: caller.sub,
    });
    return fromResult(r, 201);
  }),
  'POST /v1/points/redemptions/{redemption_id}/reverse': forCaller(async (ctx, caller, req, params) => {
    const id = parseInput(pathIdSchema, params.redemption_id, 'path');
    const body = parseInput(approveBodySchema, req.body ?? {});
    if (!id.ok) return id.response;
    if (!body.ok) return body.response;
    const reason = body.value.reason ?? null;
    return fromResult(await reverseRedemptionOf(ctx, { redemptionId: id.value, callerId: caller.sub, isAdmin: isAdmin(caller), reason }));
  }),
});
http('points', handler);
