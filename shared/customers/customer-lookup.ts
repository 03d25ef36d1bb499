import type { Customer } from './customer.js';

/**
 * What the admin search finds a customer by besides id and code: keyed hashes (HMAC, as the
 * self-referral check makes them) of the normalised e-mail and phone, never the values. The
 * customer store keeps them on each customer, indexed, from every profile change; cleared at
 * erasure.
 */
export interface CustomerLookup {
  email: string | null;
  phone: string | null;
}

/** Makes a customer's lookup keys (the store is given one, made from the configured hash key). */
export type LookupOf = (c: Pick<Customer, 'email' | 'phone_number' | 'erasure'>) => CustomerLookup;

/** What one search looks for: each a key of its own index; null where the query cannot be one. */
export interface CustomerSearch {
  customerId: string | null;
  /** A normalised code. */
  code: string | null;
  /** Lookup keys, as {@link CustomerLookup}. */
  email: string | null;
  phone: string | null;
}
