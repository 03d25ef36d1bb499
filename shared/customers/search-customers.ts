import type { Context } from '../core/context.js';
import { normalizeReferralCode } from '../referral-codes/code-format.js';
import { lookupKeysOf } from '../trust/identity.js';
import { piiHash } from '../trust/pii-hash.js';
import { normalizePhone, type Customer } from './customer.js';
import type { CustomerLookup, CustomerSearch } from './customer-lookup.js';
import { normalizeEmail } from './email.js';

/** How a search result was found, strongest first. */
export const matchKinds = ['customer_id', 'code', 'email', 'phone'] as const;
/** One of {@link matchKinds}. */
export type MatchKind = (typeof matchKinds)[number];

/** One customer a search found, as the support console lists it. */
export interface CustomerMatch {
  customer_id: string;
  /** Null when erased (or never told). */
  name: string | null;
  /** The code as shown: an erased customer's without the letters of the name. */
  code: string | null;
  code_status: 'active' | 'inactive' | null;
  status: 'active' | 'disabled' | 'erased';
  matched_by: MatchKind;
}

/** How many customers one search answers at most. */
export const searchLimit = 10;

const phoneLike = /^\+?[\d\s().-]+$/;
const idLike = /^\S{1,128}$/;

/**
 * What a typed handle can be: a customer id (as typed), a code in any spelling apply forgives,
 * an e-mail normalised as the self-referral check does, or a phone's last ten digits, the last
 * two as their keyed hashes (docs/rules.md §7).
 */
export function searchKeys(query: string, trust: Context['rules']['trust']): CustomerSearch {
  const q = query.trim();
  const email = q.includes('@') ? normalizeEmail(q, trust.dotInsensitiveDomains) : null;
  const phone = phoneLike.test(q) ? normalizePhone(q) : null;
  return {
    customerId: idLike.test(q) ? q : null,
    code: normalizeReferralCode(q),
    email: email === null ? null : piiHash(trust.piiHashSecret, 'email', email),
    phone: phone === null ? null : piiHash(trust.piiHashSecret, 'phone', phone),
  };
}

function matchOf(c: Customer, keys: CustomerSearch, lookup: CustomerLookup): CustomerMatch {
  const by: MatchKind =
    c.customer_id === keys.customerId
      ? 'customer_id'
      : keys.code !== null && c.referral_code?.referral_code === keys.code
        ? 'code'
        : keys.email !== null && lookup.email === keys.email
          ? 'email'
          : 'phone';
  return {
    customer_id: c.customer_id,
    name: c.name,
    code: c.referral_code?.referral_code ?? null,
    code_status: c.referral_code?.status ?? null,
    status: c.erasure ? 'erased' : c.is_disabled ? 'disabled' : 'active',
    matched_by: by,
  };
}

/**
 * Finds customers by any handle support is given (`GET /v1/admin/customers?query=`): one indexed
 * query of the customer store, never a scan; an erased customer is found by id only (its lookup
 * keys are cleared and its code no longer reads as one). Strongest match first, then by id.
 */
export async function searchCustomers(ctx: Context, query: string): Promise<{ matches: CustomerMatch[] }> {
  const keys = searchKeys(query, ctx.rules.trust);
  const found = await ctx.stores.customers.searchCustomers(keys, searchLimit);
  const lookupOf = lookupKeysOf(ctx.rules.trust);
  const matches = found.map((c) => matchOf(c, keys, lookupOf(c)));
  return { matches: matches.sort((a, b) => matchKinds.indexOf(a.matched_by) - matchKinds.indexOf(b.matched_by)) };
}
