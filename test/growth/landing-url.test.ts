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

  it('puts the click id where the template asks for it, and leaves it out with no click or no code', () => {
    const template = 'https://example.travel/?ref={code}&click={click_id}';
    expect(landingUrl(template, 'ASH-7K2P', 'clk_1')).toBe('https://example.travel/?ref=ASH-7K2P&click=clk_1');
    expect(landingUrl(template, 'ASH-7K2P', null)).toBe('https://example.travel/?ref=ASH-7K2P');
    expect(landingUrl(template, null, 'clk_1')).toBe('https://example.travel/');
  });

  it('encodes what it puts in the URL', () => {
    expect(landingUrl('https://example.travel/?ref={code}', 'A&B=C')).toBe('https://example.travel/?ref=A%26B%3DC');
  });

  it('answers for the template it is given, when templates alternate (each is parsed once, then reused)', () => {
    const query = 'https://example.travel/?ref={code}&click={click_id}';
    const path = 'https://example.travel/join/{code}';
    for (let i = 0; i < 3; i += 1) {
      expect(landingUrl(query, 'ASH-7K2P', 'clk_1')).toBe('https://example.travel/?ref=ASH-7K2P&click=clk_1');
      expect(landingUrl(path, 'ASH-7K2P', 'clk_1')).toBe('https://example.travel/join/ASH-7K2P');
      expect(landingUrl(path, null)).toBe('https://example.travel/join');
      expect(landingUrl(query, null)).toBe('https://example.travel/');
    }
  });
});
