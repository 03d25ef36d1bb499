import { randomInt } from 'node:crypto';

/** Crockford base32: digits and letters without I, L, O and U. */
export const crockfordAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Random characters in a new code; widened when a prefix gets crowded. */
export const baseRandomLength = 4;
/** The widest random part a code may get. */
export const maxRandomLength = 8;

/** `PPP`: the first three A–Z letters of the name, upper-cased, padded with `X`. */
export function codePrefix(name: string | null | undefined): string {
  const letters = (name ?? '').toUpperCase().replace(/[^A-Z]/g, '');
  return letters.slice(0, 3).padEnd(3, 'X');
}

/** A new code `PPP-XXXX` with `length` random Crockford characters. */
export function makeReferralCode(
  name: string | null | undefined,
  length = baseRandomLength,
  random: (max: number) => number = randomInt,
): string {
  let tail = '';
  for (let i = 0; i < length; i += 1) tail += crockfordAlphabet[random(crockfordAlphabet.length)];
  return `${codePrefix(name)}-${tail}`;
}

const prefixLookalikes: Record<string, string> = { '0': 'O', '1': 'I' };
const tailLookalikes: Record<string, string> = { O: '0', I: '1', L: '1' };

/**
 * Reads what a person typed as a code: trims, upper-cases, ignores spaces, accepts a missing
 * hyphen, and reads look-alike characters the way the alphabet intends. Returns null when the
 * text cannot be a code at all.
 */
export function normalizeReferralCode(input: string): string | null {
  const compact = input.trim().toUpperCase().replace(/\s+/g, '');
  const match = /^([A-Z01]{3})-?([0-9A-Z]{4,8})$/.exec(compact);
  if (!match) return null;
  const prefix = [...match[1]!].map((c) => prefixLookalikes[c] ?? c).join('');
  const tail = [...match[2]!].map((c) => tailLookalikes[c] ?? c).join('');
  if ([...tail].some((c) => !crockfordAlphabet.includes(c))) return null;
  return `${prefix}-${tail}`;
}

/** What stands in an erased customer's code for the prefix taken from their name (docs/rules.md §7). */
export const erasedPrefix = '***';

/**
 * An erased customer's code as it is shown from then on: the prefix (letters of the name) replaced
 * by {@link erasedPrefix}, the random tail kept so support can still tell codes apart. No text of
 * this form is ever a valid code ({@link normalizeReferralCode} refuses `*`), so it can never be
 * applied or issued; the code registry keeps the original, so that one is never issued again.
 */
export function erasedCode(code: string): string {
  const tail = code.slice(code.lastIndexOf('-') + 1);
  return `${erasedPrefix}-${tail}`;
}
