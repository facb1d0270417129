import { describe, expect, it } from 'vitest';
import { createAccessToken, tokenMatches } from './access-token';

describe('access token', () => {
  it('is 43 URL-safe characters (32 random bytes) and different every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => createAccessToken()));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('matches only the same token: not a prefix, a longer string, another case, empty or absent', () => {
    const token = createAccessToken();
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, token.slice(0, -1))).toBe(false);
    expect(tokenMatches(token, `${token}x`)).toBe(false);
    expect(tokenMatches(token, token.toLowerCase() === token ? token.toUpperCase() : token.toLowerCase())).toBe(false);
    expect(tokenMatches(token, '')).toBe(false);
    expect(tokenMatches(token, null)).toBe(false);
    expect(tokenMatches(token, undefined)).toBe(false);
  });
});
