import { describe, expect, it } from 'vitest';
import { emailDomain, normalizeEmail } from '#shared/customers/email.js';

describe('normalizeEmail', () => {
  it.each([
    ['  Riya@Example.com ', 'riya@example.com'],
    ['RIYA@EXAMPLE.COM', 'riya@example.com'],
    ['riya+travel@example.com', 'riya@example.com'],
    ['riya+a+b@example.com', 'riya@example.com'],
    ['r.i.y.a@example.com', 'r.i.y.a@example.com'],
    ['r.i.y.a@gmail.com', 'riya@gmail.com'],
    ['Riya.Kapoor+deals@GMail.com', 'riyakapoor@gmail.com'],
    ['riya.kapoor@googlemail.com', 'riyakapoor@gmail.com'],
    ['riyakapoor+x@googlemail.com', 'riyakapoor@gmail.com'],
    ['riya@mail.gmail.com', 'riya@mail.gmail.com'],
    ['+tag@example.com', '+tag@example.com'],
    ['...@gmail.com', '...@gmail.com'],
    ['not-an-email', 'not-an-email'],
    ['riya@', 'riya@'],
    ['   ', null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('reads %j as %j', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it.each([
    ['riya@example.com', 'riya@example.org'],
    ['riya.k@example.com', 'riyak@example.com'],
    ['riya@gmail.com', 'riya@gmail.co'],
    ['riya@gmail.com', 'riya@yahoo.com'],
    ['riya1@gmail.com', 'riya@gmail.com'],
    ['riya@googlemail.com', 'riya@mail.google.com'],
  ])('keeps %j and %j apart', (a, b) => {
    expect(normalizeEmail(a)).not.toBe(normalizeEmail(b));
  });

  it('takes the dot-insensitive domains it is given, the first standing for all', () => {
    const domains = ['corp.example', 'corp-mail.example'];
    expect(normalizeEmail('r.i.y.a@corp-mail.example', domains)).toBe('riya@corp.example');
    expect(normalizeEmail('r.i.y.a@gmail.com', domains)).toBe('r.i.y.a@gmail.com');
  });
});

describe('emailDomain', () => {
  it.each([
    [' Riya@Mailinator.COM ', 'mailinator.com'],
    ['riya', null],
    [null, null],
  ])('finds the domain of %j: %j', (input, expected) => {
    expect(emailDomain(input)).toBe(expected);
  });
});
