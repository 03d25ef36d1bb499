import type { Customer } from '../customers/customer.js';
import { normalizePhone } from '../customers/customer.js';
import { defaultDotInsensitiveDomains, normalizeEmail } from '../customers/email.js';
import type { CustomerLookup, LookupOf } from '../customers/customer-lookup.js';
import type { TrustRules } from '../core/rules.js';
import { devPiiHashSecret, piiHash } from './pii-hash.js';

/** What the identity keys are made with: the hash key and the e-mail normalisation. */
export type HashRules = Pick<TrustRules, 'piiHashSecret' | 'dotInsensitiveDomains'>;

/** How a customer is recognised across accounts: keyed hashes of the normalised e-mail and phone. */
export interface IdentityKeys {
  email: string | null;
  phone: string | null;
}

/**
 * A customer's identity keys: those kept at erasure, or else the hashes of the e-mail and phone
 * on record, normalised (docs/rules.md §7), so an erased customer is still recognised.
 */
export function identityKeys(c: Pick<Customer, 'email' | 'phone_number' | 'erasure'>, trust: HashRules): IdentityKeys {
  if (c.erasure) return { email: c.erasure.email_hash, phone: c.erasure.phone_hash };
  const email = normalizeEmail(c.email, trust.dotInsensitiveDomains);
  const phone = normalizePhone(c.phone_number);
  return {
    email: email === null ? null : piiHash(trust.piiHashSecret, 'email', email),
    phone: phone === null ? null : piiHash(trust.piiHashSecret, 'phone', phone),
  };
}

/** Whether two customers are the same person: the same id, normalised e-mail or phone (docs/rules.md §2.2 `SELF_REFERRAL`). */
export function isSamePerson(a: Customer, b: Customer, trust: TrustRules): boolean {
  if (a.customer_id === b.customer_id) return true;
  const [ka, kb] = [identityKeys(a, trust), identityKeys(b, trust)];
  return (ka.email !== null && ka.email === kb.email) || (ka.phone !== null && ka.phone === kb.phone);
}

/**
 * The lookup keys a customer is found by in the admin search: the identity keys of the e-mail and
 * phone on record, none once erased (an erased customer is found by id only).
 */
export function lookupKeysOf(trust: HashRules): LookupOf {
  return (c): CustomerLookup => (c.erasure ? { email: null, phone: null } : identityKeys(c, trust));
}

/** The lookup keys under the development hash key and the default normalisation (tests, the embedded default). */
export const developmentLookupKeys: LookupOf = lookupKeysOf({
  piiHashSecret: devPiiHashSecret,
  dotInsensitiveDomains: defaultDotInsensitiveDomains,
});
