/**
 * The packaged app's Electron fuses (electron-builder.yml): each one that hardens it must be set, to the
 * safe value. electron-builder leaves an unnamed fuse at Electron's default, which is the unsafe one for
 * every fuse listed here, so a fuse dropped from the file is a regression this test catches.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const REQUIRED: Record<string, boolean> = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
};

/** The `key: value` lines of the top-level `electronFuses:` block. */
function fuses(yml: string): Map<string, string> {
  const lines = yml.split('\n');
  const start = lines.findIndex((line) => line.trimEnd() === 'electronFuses:');
  const found = new Map<string, string>();
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}(\w+):\s*(\S+)\s*(#.*)?$/.exec(line);
    if (match === null) break;
    found.set(match[1]!, match[2]!);
  }
  return found;
}

describe('electron fuses', () => {
  it('sets every hardening fuse to its safe value', () => {
    const found = fuses(readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8'));
    for (const [fuse, value] of Object.entries(REQUIRED)) expect(found.get(fuse), fuse).toBe(String(value));
  });
});
