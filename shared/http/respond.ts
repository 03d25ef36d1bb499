import type { ZodError } from 'zod';
import type { DomainError, ErrorCode, Result } from '../core/result.js';
import { errorStatus } from './error-status.js';
import type { HttpResponse } from './http-types.js';

/** The error body of docs/rules.md §4.1, with the status of the code. */
export function errorResponse(e: Pick<DomainError, 'code' | 'message' | 'details' | 'retryAfter'>): HttpResponse {
  return {
    status: errorStatus[e.code],
    body: { error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } },
    ...(e.retryAfter === undefined ? {} : { headers: { 'Retry-After': String(e.retryAfter) } }),
  };
}

/** A 4xx for a code with a message. */
export function errorOf(code: ErrorCode, message: string, details?: unknown): HttpResponse {
  return errorResponse({ code, message, details });
}

/** 400 `INVALID_REQUEST` naming every offending field. */
export function invalidRequest(error: ZodError, where = 'body'): HttpResponse {
  const fields = error.issues.map((i) => ({ field: [where, ...i.path.map(String)].join('.'), problem: i.message }));
  return errorOf('INVALID_REQUEST', `Invalid request: ${fields.map((f) => `${f.field} ${f.problem}`).join('; ')}`, { fields });
}

/** The value with `status`, or the failure's error answer. */
export function fromResult<T>(result: Result<T>, status = 200, map: (v: T) => unknown = (v) => v): HttpResponse {
  return result.ok ? { status, body: map(result.value) } : errorResponse(result);
}
