/**
 * The e-mail domains whose local part ignores dots, by default (docs/rules.md §7): Gmail's two
 * names for one mailbox. The first is the one the others are read as.
 */
export const defaultDotInsensitiveDomains = ['gmail.com', 'googlemail.com'] as const;

/**
 * An e-mail as self-referral and review checks compare it (docs/rules.md §7): trimmed and
 * lower-cased, a `+tag` dropped from the local part; for the domains in `dotInsensitive`, the
 * dots of the local part are dropped too and every one of them reads as the first. Null for no
 * e-mail; text without an `@` is compared as it stands after trimming and lower-casing.
 */
export function normalizeEmail(
  email: string | null | undefined,
  dotInsensitive: readonly string[] = defaultDotInsensitiveDomains,
): string | null {
  const v = email?.trim().toLowerCase() ?? '';
  if (v === '') return null;
  const at = v.lastIndexOf('@');
  if (at <= 0 || at === v.length - 1) return v;
  const domain = v.slice(at + 1);
  let local = v.slice(0, at);
  const plus = local.indexOf('+');
  // A local part that is only a tag ("+x@…") is kept whole: dropping it would leave nothing to compare.
  if (plus > 0) local = local.slice(0, plus);
  if (!dotInsensitive.includes(domain)) return `${local}@${domain}`;
  const dotless = local.replaceAll('.', '');
  return `${dotless === '' ? local : dotless}@${dotInsensitive[0]}`;
}

/** The domain of an e-mail, lower-cased, or null when it has none. */
export function emailDomain(email: string | null | undefined): string | null {
  const v = email?.trim().toLowerCase() ?? '';
  const at = v.lastIndexOf('@');
  return at > 0 && at < v.length - 1 ? v.slice(at + 1) : null;
}
