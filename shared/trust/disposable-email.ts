import { emailDomain } from '../customers/email.js';

let listed: Promise<ReadonlySet<string>> | undefined;

/**
 * The maintained list of disposable e-mail domains (the `disposable-email-domains` package),
 * loaded once per instance on first use: only the function that converts referrals pays for it.
 */
function disposableDomains(): Promise<ReadonlySet<string>> {
  listed ??= import('disposable-email-domains', { with: { type: 'json' } }).then((m) => new Set<string>(m.default));
  return listed;
}

/** Whether the e-mail's domain, or a domain it is under, is disposable: on the package's list or on the configured one. */
export async function isDisposableEmail(email: string | null | undefined, extra: ReadonlySet<string>): Promise<boolean> {
  const domain = emailDomain(email);
  if (domain === null) return false;
  const list = await disposableDomains();
  const labels = domain.split('.');
  for (let i = 0; i < labels.length - 1; i += 1) {
    const d = labels.slice(i).join('.');
    if (list.has(d) || extra.has(d)) return true;
  }
  return false;
}
