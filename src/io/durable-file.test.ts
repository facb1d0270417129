import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeDurableFs, writeFileDurably } from './durable-file';
import type { DurableFs } from './durable-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'enas-durable-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The node fs, recording every call, with one call made to fail. */
function recording(fail?: keyof DurableFs | 'write' | 'sync'): { fs: DurableFs; calls: string[] } {
  const calls: string[] = [];
  const boom = (what: string): never => {
    throw Object.assign(new Error(`${what} failed`), { code: 'EIO' });
  };
  const fs: DurableFs = {
    async create(path) {
      calls.push('create');
      const handle = await nodeDurableFs.create(path);
      return {
        write: async (data, position) => (calls.push('write'), fail === 'write' ? boom('write') : handle.write(data, position)),
        sync: async () => (calls.push('sync'), fail === 'sync' ? boom('sync') : handle.sync()),
        close: () => handle.close(),
      };
    },
    rename: async (from, to) => (calls.push('rename'), fail === 'rename' ? boom('rename') : nodeDurableFs.rename(from, to)),
    unlink: (path) => nodeDurableFs.unlink(path),
    syncDir: async (path) => (calls.push('syncDir'), fail === 'syncDir' ? boom('syncDir') : nodeDurableFs.syncDir(path)),
  };
  return { fs, calls };
}

describe('the durable write', () => {
  it('writes through a temp file: write, fsync, rename, fsync the folder, in that order', async () => {
    const { fs, calls } = recording();
    const target = join(dir, 'a.bin');
    expect(await writeFileDurably(target, new Uint8Array([1, 2, 3]), { fs })).toBe(3);
    expect(calls).toEqual(['create', 'write', 'sync', 'rename', 'syncDir']);
    expect([...readFileSync(target)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['a.bin']);
  });

  it('leaves the old file whole and no temp file when a write, fsync or rename fails', async () => {
    const target = join(dir, 'a.bin');
    writeFileSync(target, 'old');
    for (const fail of ['write', 'sync', 'rename'] as const) {
      await expect(writeFileDurably(target, new Uint8Array([9]), { fs: recording(fail).fs }), fail).rejects.toThrow(`${fail} failed`);
      expect(readFileSync(target, 'utf8'), fail).toBe('old');
      expect(readdirSync(dir), fail).toEqual(['a.bin']);
    }
  });

  it('removes the new file when the folder fsync fails (it might not survive a crash)', async () => {
    const target = join(dir, 'b.bin');
    await expect(writeFileDurably(target, new Uint8Array([9]), { fs: recording('syncDir').fs })).rejects.toThrow('syncDir failed');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes a producer that writes piece by piece', async () => {
    const target = join(dir, 'c.txt');
    const bytes = await writeFileDurably(target, async (write) => {
      for (const line of ['a,b\n', '1,2\n']) await write(new TextEncoder().encode(line));
    });
    expect(bytes).toBe(8);
    expect(readFileSync(target, 'utf8')).toBe('a,b\n1,2\n');
  });
});
