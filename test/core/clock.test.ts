import { describe, expect, it } from 'vitest';
import { addCalendarMonths } from '#shared/core/clock.js';

describe('addCalendarMonths', () => {
  it.each([
    ['2026-08-31T10:00:00Z', 6, '2027-02-28T10:00:00.000Z'],
    ['2027-08-31T10:00:00Z', 6, '2028-02-29T10:00:00.000Z'],
    ['2026-01-15T00:00:00Z', 6, '2026-07-15T00:00:00.000Z'],
    ['2026-12-31T23:59:59Z', 6, '2027-06-30T23:59:59.000Z'],
    ['2026-03-31T12:00:00Z', 1, '2026-04-30T12:00:00.000Z'],
  ])('%s plus %i months is %s (UTC, clamped to the month end)', (from, months, to) => {
    expect(addCalendarMonths(new Date(from), months).toISOString()).toBe(to);
  });
});
