/** How the console writes numbers and instants: points with separators, money from integer minor units, dates in UTC. */

const integer = new Intl.NumberFormat('en-IN');

/** `12,500 points`. */
export function points(n: number): string {
  return `${integer.format(n)} ${Math.abs(n) === 1 ? 'point' : 'points'}`;
}

/** `₹2,000.00` from `200000` minor units (two decimals for INR and most currencies). */
export function money(minor: number, currency: string): string {
  return new Intl.NumberFormat('en-IN', { style: 'currency', currency }).format(minor / 100);
}

/** `4 Dec 2026` (UTC). */
export function day(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** `4 Dec 2026, 09:30 UTC`. */
export function instant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `${day(iso)}, ${time} UTC`;
}

/** A signed number of points: `+2,000` or `−500`. */
export function signed(n: number): string {
  return n > 0 ? `+${integer.format(n)}` : n < 0 ? `−${integer.format(-n)}` : '0';
}

/** Words for the API's `snake_case` states and dotted actions: `under_review` → `under review`, `points.adjusted` → `points adjusted`. */
export function words(value: string | null | undefined): string {
  return (value ?? '—').replace(/[_.]/g, ' ');
}
