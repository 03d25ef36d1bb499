import type { Context } from '../core/context.js';
import type { Result } from '../core/result.js';
import { usagePage } from '../usages/page-cursor.js';
import { auditId, type AuditAction, type AuditEntry } from './audit-entry.js';

/** An admin action to record; `key` makes it one (see {@link auditId}), the instant when nothing else does. */
export interface AdminAction {
  customer_id: string;
  action: AuditAction;
  actor: string;
  reason: string | null;
  target?: string | null;
  outcome: string;
  key?: string;
}

/**
 * Records an admin action in the audit trail, after the action's own write succeeded: at least
 * once (a crash between the two leaves the action unrecorded until the admin's retry, which the
 * deterministic id records once), never for an action that was refused.
 */
export async function recordAdminAction(ctx: Context, a: AdminAction): Promise<void> {
  const at = ctx.clock.now().toISOString();
  const entry: AuditEntry = {
    audit_id: auditId(a.action, a.customer_id, a.key ?? at),
    customer_id: a.customer_id,
    action: a.action,
    actor: a.actor,
    at,
    reason: a.reason,
    target: a.target ?? null,
    outcome: a.outcome,
  };
  await ctx.stores.audit.record(entry);
}

/** Records `a` of a successful result (built from its value) and answers the result unchanged. */
export async function audited<T>(ctx: Context, result: Result<T>, a: (value: T) => AdminAction | null): Promise<Result<T>> {
  if (result.ok) {
    const action = a(result.value);
    if (action) await recordAdminAction(ctx, action);
  }
  return result;
}

/** A page of a customer's audit trail, newest first, with the cursor of the next page (null after the last). */
export async function pageAudit(
  ctx: Context,
  customerId: string,
  limit: number,
  cursor: string | null,
): Promise<Result<{ entries: AuditEntry[]; next_cursor: string | null }>> {
  const read = await usagePage(
    cursor,
    limit,
    (after, n) => ctx.stores.audit.pageByCustomer(customerId, after && { at: after.at, audit_id: after.usage_id }, n),
    (e) => [e.at, e.audit_id],
  );
  return read.ok ? { ok: true, value: { entries: read.value.items, next_cursor: read.value.next_cursor } } : read;
}
