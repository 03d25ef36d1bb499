/**
 * Counters of unknown-code attempts per referee and fixed time window, shared by every
 * function instance (MongoDB `code_attempts`).
 */
export interface AttemptStore {
  /** Attempts counted for `key` in the window starting at `windowStart`. */
  countAttempts(key: string, windowStart: Date): Promise<number>;
  /** Counts one more attempt and returns the new count. */
  addAttempt(key: string, windowStart: Date, windowEnd: Date): Promise<number>;
}
