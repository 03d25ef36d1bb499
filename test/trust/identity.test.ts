import { describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/app/config.js';
import { newCustomer, type Customer } from '#shared/customers/customer.js';
import { isDisposableEmail } from '#shared/trust/disposable-email.js';
import { identityKeys, isSamePerson } from '#shared/trust/identity.js';

const trust = loadConfig({}).rules.trust;
const person = (id: string, profile: Partial<Pick<Customer, 'email' | 'phone_number'>>): Customer => ({ ...newCustomer(id), ...profile });

describe('isSamePerson', () => {
  it.each([
    ['the same e-mail up to dots and tags on Gmail', { email: 'riya.k+1@gmail.com' }, { email: 'RiyaK@googlemail.com' }, true],
    ['the same phone in another format', { phone_number: '+91 98765-43210' }, { phone_number: '09876543210' }, true],
    ['different e-mails', { email: 'riya@example.com' }, { email: 'sam@example.com' }, false],
    ['dots that count outside Gmail', { email: 'r.iya@example.com' }, { email: 'riya@example.com' }, false],
    ['nothing on record', {}, {}, false],
  ])('%s: %s', (_name, a, b, same) => {
    expect(isSamePerson(person('a', a), person('b', b), trust)).toBe(same);
  });

  it('recognises an erased customer by the hashes kept for them', () => {
    const before = person('a', { email: 'riya@gmail.com', phone_number: '+91 98765 43210' });
    const keys = identityKeys(before, trust);
    const erased: Customer = {
      ...newCustomer('a'),
      erasure: {
        email_hash: keys.email,
        phone_hash: keys.phone,
        email_disposable: false,
        erased_at: '2026-01-01T00:00:00.000Z',
        erased_by: 'ops',
        reason: 'asked',
      },
    };
    expect(isSamePerson(erased, person('b', { email: 'r.i.y.a@gmail.com' }), trust)).toBe(true);
    expect(isSamePerson(erased, person('c', { phone_number: '9876543210' }), trust)).toBe(true);
    expect(isSamePerson(erased, person('d', { email: 'someone@gmail.com' }), trust)).toBe(false);
  });

  it('keys hashes with the secret: another secret gives other hashes', () => {
    const c = person('a', { email: 'riya@example.com' });
    const other = loadConfig({ PII_HASH_SECRET: 'another-secret-of-at-least-32-characters' }).rules.trust;
    expect(identityKeys(c, trust).email).toMatch(/^[0-9a-f]{64}$/);
    expect(identityKeys(c, other).email).not.toBe(identityKeys(c, trust).email);
  });
});

describe('isDisposableEmail', () => {
  it.each([
    ['riya@mailinator.com', true],
    ['riya@inbox.mailinator.com', true],
    ['riya@tempmail.test', true],
    ['riya@gmail.com', false],
    ['riya@example.com', false],
    [null, false],
  ])('%s: %s', async (email, disposable) => {
    expect(await isDisposableEmail(email, new Set(['tempmail.test']))).toBe(disposable);
  });
});
