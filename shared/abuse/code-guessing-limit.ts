import type { Rules } from '../core/rules.js';
import { fail, type DomainError } from '../core/result.js';
import type { AttemptStore } from './attempt-store.js';

function window(now: Date, rules: Rules): { start: Date; end: Date } {
  const size = rules.codeAttemptWindowSeconds * 1000;
  const start = new Date(Math.floor(now.getTime() / size) * size);
  return { start, end: new Date(start.getTime() + size) };
}

/** `RATE_LIMITED` when the referee has used up this window's unknown-code attempts. */
export async function checkCodeGuessingLimit(
  attempts: AttemptStore,
  refereeId: string,
  now: Date,
  rules: Rules,
): Promise<DomainError | null> {
  const w = window(now, rules);
  const used = await attempts.countAttempts(refereeId, w.start);
  if (used < rules.codeAttemptLimit) return null;
  const retryAfter = Math.max(1, Math.ceil((w.end.getTime() - now.getTime()) / 1000));
  return fail('RATE_LIMITED', `Too many unknown codes tried; try again in ${retryAfter} s`, { retryAfter });
}

/** Counts one unknown-code attempt of the referee. */
export async function recordUnknownCode(attempts: AttemptStore, refereeId: string, now: Date, rules: Rules): Promise<void> {
  const w = window(now, rules);
  await attempts.addAttempt(refereeId, w.start, w.end);
}
