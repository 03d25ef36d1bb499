/**
 * Stable codes of expected failures. Their HTTP statuses are the edge's business
 * (shared/http/error-status.ts); the domain only names what went wrong.
 */
export const errorCodes = [
  'INVALID_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'ORIGIN_NOT_ALLOWED',
  'RATE_LIMITED',
  'CODE_NOT_FOUND',
  'CODE_INACTIVE',
  'CODE_NOT_GENERATED',
  'REFERRER_DISABLED',
  'SELF_REFERRAL',
  'REFEREE_DISABLED',
  'REFEREE_NOT_NEW',
  'REFEREE_ALREADY_REFERRED',
  'DEAL_NOT_FOUND',
  'DEAL_NOT_OWNED',
  'DEAL_ALREADY_CONVERTED',
  'DEAL_ALREADY_HAS_CODE',
  'REFERRER_LIMIT_REACHED',
  'REFERRAL_NOT_FOUND',
  'CUSTOMER_NOT_FOUND',
  'CUSTOMER_ERASED',
  'USAGE_NOT_FOUND',
  'CREDIT_NOT_WITHHELD',
  'USAGE_NOT_IN_REVIEW',
  'REVIEW_ALREADY_DECIDED',
  'INSUFFICIENT_POINTS',
  'REDEMPTION_NOT_FOUND',
  'IDEMPOTENCY_KEY_REQUIRED',
  'IDEMPOTENCY_CONFLICT',
  'UNKNOWN_JOB',
  'LOCAL_ONLY',
  'TERMS_NOT_FOUND',
  'TERMS_ALREADY_IN_FORCE',
] as const;

/** A stable error code. */
export type ErrorCode = (typeof errorCodes)[number];

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

/** Builds an expected failure. */
export function fail(code: ErrorCode, message: string, extra: Partial<Pick<DomainError, 'details' | 'retryAfter'>> = {}): DomainError {
  return { ok: false, code, message, ...extra };
}

/** Thrown when a store cannot settle a write after retries; a fault, not an expected failure. */
export class ContentionError extends Error {
  override name = 'ContentionError';
}
