import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, APP_ORIGIN, trustedOrigin } from './app-url';
import { createSenderCheck, hostOriginOf } from './sender-check';
import type { IpcSender } from './sender-check';

const check = createSenderCheck(APP_ORIGIN, () => new Set([7]));
const from = (url: string, options: { parent?: unknown; id?: number } = {}): IpcSender => ({
  senderFrame: { url, parent: options.parent ?? null },
  sender: { id: options.id ?? 7 },
});

describe('createSenderCheck', () => {
  it("accepts the top frame of our window showing our page, whatever its path, query or hash", () => {
    expect(check(from(APP_INDEX_URL))).toBe(true);
    expect(check(from(`${APP_ORIGIN}/index.html?view=runs#compare`))).toBe(true);
  });

  it('ignores a message from an unknown origin, a file: page, a frame that is gone, a sub-frame or another window', () => {
    expect(check(from('https://evil'))).toBe(false);
    expect(check(from('https://evil/index.html'))).toBe(false);
    expect(check(from('file:///other/index.html'))).toBe(false);
    expect(check(from('app://workbench.evil/index.html'))).toBe(false);
    expect(check(from('app://evil/index.html'))).toBe(false);
    expect(check(from('null'))).toBe(false);
    expect(check(from(''))).toBe(false);
    expect(check({ senderFrame: null, sender: { id: 7 } })).toBe(false);
    expect(check(from(APP_INDEX_URL, { parent: { url: APP_INDEX_URL } }))).toBe(false);
    expect(check(from(APP_INDEX_URL, { id: 8 }))).toBe(false);
  });

  it("trusts the dev server's origin in development and only then", () => {
    const dev = createSenderCheck(trustedOrigin('http://localhost:5173/'), () => new Set([1]));
    expect(dev({ senderFrame: { url: 'http://localhost:5173/index.html', parent: null }, sender: { id: 1 } })).toBe(true);
    expect(dev({ senderFrame: { url: 'http://localhost:5174/', parent: null }, sender: { id: 1 } })).toBe(false);
    expect(dev({ senderFrame: { url: APP_INDEX_URL, parent: null }, sender: { id: 1 } })).toBe(false);
  });
});

describe('hostOriginOf', () => {
  it('builds scheme://host for our non-special scheme, where WHATWG says "null"', () => {
    expect(new URL(APP_INDEX_URL).origin).toBe('null');
    expect(hostOriginOf(APP_INDEX_URL)).toBe(APP_ORIGIN);
    expect(hostOriginOf('data:text/html,hi')).toBeUndefined();
  });
});
