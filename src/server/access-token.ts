/**
 * The browser-mode access token, as Jupyter's: printed once at start as part of the URL, required on every
 * WebSocket connection and download. It comes from the OS CSPRNG (crypto.randomBytes), not from the seeded
 * Prng the engine uses: a token must be unpredictable, not replayable. Compared in constant time.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url: 43 URL-safe characters. */
export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenMatches(expected: string, received: string | null | undefined): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
