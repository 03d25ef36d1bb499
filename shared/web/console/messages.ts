import type { ApiFailure } from './api.js';

/**
 * What an agent reads for each error code of the API: the one place that turns a code into words.
 * The API's own message is shown beneath it, so a code without a line here still says something.
 */
const explanations: Record<string, string> = {
  INVALID_REQUEST: 'Some fields need fixing.',
  UNAUTHENTICATED: 'Your session has ended. Sign in again.',
  FORBIDDEN: 'Your account is not allowed to use the console.',
  CUSTOMER_NOT_FOUND: 'There is no customer with that id.',
  CUSTOMER_ERASED: "This customer's data was erased; their code and account stay closed.",
  CODE_NOT_GENERATED: 'This customer has no referral code yet (it comes with the first paid booking).',
  USAGE_NOT_FOUND: 'That referral does not exist.',
  USAGE_NOT_IN_REVIEW: 'That referral is not waiting for review.',
  REVIEW_ALREADY_DECIDED: 'Someone already decided this case.',
  CREDIT_NOT_WITHHELD: 'That credit is not withheld.',
  REDEMPTION_NOT_FOUND: 'That redemption does not exist.',
  REDEMPTION_NOT_REVERSIBLE: 'That redemption can no longer be reversed.',
  INSUFFICIENT_POINTS: 'The customer does not have that many points.',
  IDEMPOTENCY_CONFLICT: 'This form was already sent with other values. Reload the page to start a new one.',
  TERMS_NOT_FOUND: 'That version of the terms does not exist.',
  TERMS_ALREADY_IN_FORCE: 'That version has already started and can no longer be withdrawn.',
  RATE_LIMITED: 'Too many attempts. Wait a moment and try again.',
  NETWORK: 'The connection dropped. Nothing was lost: retry when you are back online.',
  UNAVAILABLE: 'The service is busy. Retry in a moment; the action will not be done twice.',
  INTERNAL: 'Something went wrong on our side. Retry; the action will not be done twice.',
};

/** The sentence for a failure, and the API's own code and message for the record. */
export function explain(failure: Pick<ApiFailure, 'code' | 'message'>): { headline: string; detail: string } {
  return { headline: explanations[failure.code] ?? 'The request was refused.', detail: `${failure.code}: ${failure.message}` };
}

/** Field-level problems of a 400, keyed by the field path without its `body.` or `query.` prefix. */
export function fieldProblems(failure: ApiFailure | null): Record<string, string> {
  if (!failure || failure.kind !== 'refused' || failure.code !== 'INVALID_REQUEST') return {};
  const fields = (failure.details as { fields?: Array<{ field: string; problem: string }> } | undefined)?.fields ?? [];
  const out: Record<string, string> = {};
  for (const f of fields) out[f.field.replace(/^(body|query|path)\./, '')] = f.problem;
  return out;
}
