/** Where the current time comes from; a port so that expiry can be seen without waiting. */
export interface Clock {
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that follows the system clock until it is set, for the local host and tests. */
export class SettableClock implements Clock {
  #fixed: Date | null = null;

  now(): Date {
    return this.#fixed ? new Date(this.#fixed) : new Date();
  }

  /** Freezes the clock at the given instant. */
  set(instant: Date): void {
    this.#fixed = new Date(instant);
  }

  /** Moves a set clock forward (or sets it, from now). */
  advance(ms: number): void {
    this.#fixed = new Date(this.now().getTime() + ms);
  }

  /** Goes back to the system clock. */
  clear(): void {
    this.#fixed = null;
  }

  /** Whether the clock is set. */
  get isSet(): boolean {
    return this.#fixed !== null;
  }
}

/**
 * Adds calendar months in UTC, clamped to the end of the target month
 * (Aug 31 + 6 months is Feb 28, or Feb 29 in a leap year).
 */
export function addCalendarMonths(instant: Date, months: number): Date {
  const year = instant.getUTCFullYear();
  const month = instant.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(instant.getUTCDate(), lastDay);
  return new Date(
    Date.UTC(year, month, day, instant.getUTCHours(), instant.getUTCMinutes(), instant.getUTCSeconds(), instant.getUTCMilliseconds()),
  );
}
