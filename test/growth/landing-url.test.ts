import { describe, expect, it } from 'vitest';
import { landingUrl } from '#shared/growth/landing-url.js';

describe('the landing page of a share link', () => {
  it.each([
    ['https://example.travel/?ref={code}', 'https://example.travel/?ref=ASH-7K2P', 'https://example.travel/'],
    [
      'https://example.travel/?utm_source=share&ref={code}',
      'https://example.travel/?utm_source=share&ref=ASH-7K2P',
      'https://example.travel/?utm_source=share',
    ],
    [
      'https://example.travel/join/{code}?utm=share',
      'https://example.travel/join/ASH-7K2P?utm=share',
      'https://example.travel/join?utm=share',
    ],
    ['https://example.travel/{code}', 'https://example.travel/ASH-7K2P', 'https://example.travel/'],
  ])('%s: with the code and without one', (template, withCode, without) => {
    expect(landingUrl(template, 'ASH-7K2P')).toBe(withCode);
    expect(landingUrl(template, null)).toBe(without);
  });

  it('encodes what it puts in the URL', () => {
    expect(landingUrl('https://example.travel/?ref={code}', 'A&B=C')).toBe('https://example.travel/?ref=A%26B%3DC');
  });
});
