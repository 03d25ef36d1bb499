/**
 * Expected failures, each with a stable code and its HTTP status. This is the one table
 * that maps codes to statuses.
 */
export const errorStatus = {
  INVALID_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  RATE_LIMITED: 429,
  CODE_NOT_FOUND: 404,
  CODE_INACTIVE: 422,
  CODE_NOT_GENERATED: 404,
  REFERRER_DISABLED: 422,
  SELF_REFERRAL: 422,
  REFEREE_DISABLED: 403,
  REFEREE_NOT_NEW: 422,
  REFEREE_ALREADY_REFERRED: 409,
  DEAL_NOT_FOUND: 404,
  DEAL_NOT_OWNED: 403,
  DEAL_ALREADY_CONVERTED: 409,
  DEAL_ALREADY_HAS_CODE: 409,
  REFERRER_LIMIT_REACHED: 422,
  REFERRAL_NOT_FOUND: 404,
  CUSTOMER_NOT_FOUND: 404,
  USAGE_NOT_FOUND: 404,
  CREDIT_NOT_WITHHELD: 409,
  INSUFFICIENT_POINTS: 422,
  REDEMPTION_NOT_FOUND: 404,
  REDEMPTION_ALREADY_REVERSED: 409,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  IDEMPOTENCY_CONFLICT: 409,
  UNKNOWN_JOB: 404,
  CONFLICT: 409,
  LOCAL_ONLY: 403,
} as const;

/** A stable error code. */
export type ErrorCode = keyof typeof errorStatus;

/** An expected failure, returned as a value. */
export interface DomainError {
  ok: false;
  code: ErrorCode;
  message: string;
  details?: unknown;
  /** Seconds, for `Retry-After`. */
  retryAfter?: number;
}

/** A use case's answer: a value, or an expected failure. */
export type Result<T> = { ok: true; value: T } | DomainError;

/** Wraps a value. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** Builds an expected failure. */
export function fail(code: ErrorCode, message: string, extra: Partial<Pick<DomainError, 'details' | 'retryAfter'>> = {}): DomainError {
  return { ok: false, code, message, ...extra };
}

/** Thrown when a store cannot settle a write after retries; a fault, not an expected failure. */
export class ContentionError extends Error {
  override name = 'ContentionError';
}
