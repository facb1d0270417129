import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EnasError } from '../shared/errors';
import type { CheckpointRecord } from '../shared/run';
import { nodeStoreFs } from './store-fs';
import type { StoreFile, StoreFs } from './store-fs';
import { newRun, openTempStore } from './temp-store';
import type { TempStore } from './temp-store';

/** Deterministic checkpoint bytes (a checkpoint's content does not matter here, only that it differs). */
function bytes(length: number, salt: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (Math.imul(i + salt, 2_654_435_761) >>> 24) & 0xff;
  return out;
}

const sha = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

type FaultMode = 'once' | 'always';

/**
 * node:fs with SQLite's I/O-error loop (test_vfs / ioerr tests): once armed, the Nth mutating call fails
 * with EIO, and in `always` mode every later one fails too (a disk that went away).
 */
function faultyFs(errno = 'EIO'): { fs: StoreFs; arm(n: number, mode: FaultMode): void; disarm(): number } {
  let count = 0;
  let failAt = Infinity;
  let mode: FaultMode = 'once';
  const hit = (op: string): void => {
    count++;
    if (count === failAt || (mode === 'always' && count > failAt)) {
      throw Object.assign(new Error(`${errno}: injected failure of ${op} (call ${count})`), { code: errno });
    }
  };
  const wrapFile = (file: StoreFile): StoreFile => ({
    write: async (data, position) => (hit('write'), file.write(data, position)),
    sync: async () => (hit('fsync'), file.sync()),
    // close(2) releases the descriptor even when it reports an error, so the fake does too.
    close: async () => {
      try {
        hit('close');
      } finally {
        await file.close();
      }
    },
  });
  const fs: StoreFs = {
    mkdir: async (dir) => (hit('mkdir'), nodeStoreFs.mkdir(dir)),
    create: async (path) => (hit('create'), wrapFile(await nodeStoreFs.create(path))),
    syncDir: async (dir) => (hit('fsync dir'), nodeStoreFs.syncDir(dir)),
    rename: async (from, to) => (hit('rename'), nodeStoreFs.rename(from, to)),
    unlink: async (path) => (hit('unlink'), nodeStoreFs.unlink(path)),
    readdir: (dir) => nodeStoreFs.readdir(dir),
    size: (path) => nodeStoreFs.size(path),
  };
  return {
    fs,
    arm(n, m) {
      count = 0;
      failAt = n;
      mode = m;
    },
    disarm() {
      failAt = Infinity;
      return count;
    },
  };
}

/** Rows and files of a checkpoint directory, and whether every row's file has its recorded size and sha. */
function snapshot(t: TempStore, dir: string, runId: number): { rows: CheckpointRecord[]; files: string[]; consistent: boolean } {
  const rows = t.store.checkpoints.list(runId);
  const files = existsSync(dir) ? readdirSync(dir).sort() : [];
  const consistent = rows.every((r) => {
    if (!existsSync(r.path)) return false;
    const content = readFileSync(r.path);
    return content.length === r.bytes && sha(content) === r.sha256;
  });
  return { rows, files, consistent };
}

let temp: TempStore | undefined;
afterEach(() => temp?.dispose());

function setup(fs?: StoreFs): { t: TempStore; dir: string; runId: number } {
  temp = openTempStore(fs === undefined ? { now: () => 5 } : { now: () => 5, fs });
  return { t: temp, dir: join(temp.dir, 'checkpoints'), runId: temp.store.runs.create(newRun()).id };
}

describe('checkpoint files', () => {
  it('writes the file, then its row, with size and sha256, and finds it as the latest', async () => {
    const { t, dir, runId } = setup();
    const data = bytes(3_000_000, 1);
    const record = await t.store.checkpointFiles.writeCheckpoint(dir, runId, 100, data);
    expect(record).toMatchObject({ runId, step: 100, bytes: data.length, sha256: sha(data), createdAt: 5 });
    expect(Buffer.from(data).equals(readFileSync(record.path))).toBe(true);
    expect(t.store.checkpoints.latest(runId)).toEqual(record);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('replaces the checkpoint of a step rewritten after a resume, removing the old file', async () => {
    const { t, dir, runId } = setup();
    const old = await t.store.checkpointFiles.writeCheckpoint(dir, runId, 7, bytes(10, 1));
    const fresh = await t.store.checkpointFiles.writeCheckpoint(dir, runId, 7, bytes(10, 2));
    expect(fresh.path).not.toBe(old.path);
    expect(t.store.checkpoints.list(runId)).toEqual([fresh]);
    expect(existsSync(old.path)).toBe(false);
  });

  it('deletes the row and the file', async () => {
    const { t, dir, runId } = setup();
    const record = await t.store.checkpointFiles.writeCheckpoint(dir, runId, 1, bytes(100, 1));
    await t.store.checkpointFiles.deleteCheckpoint(record.id);
    expect(t.store.checkpoints.get(record.id)).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
    await expect(t.store.checkpointFiles.deleteCheckpoint(record.id)).rejects.toThrow(/STORE_NOT_FOUND/);
  });

  it('sweeps temp files, files without a row and rows without a file, and leaves other files alone', async () => {
    const { t, dir, runId } = setup();
    const kept = await t.store.checkpointFiles.writeCheckpoint(dir, runId, 1, bytes(100, 1));
    const lost = await t.store.checkpointFiles.writeCheckpoint(dir, runId, 2, bytes(100, 2));
    unlinkSync(lost.path);
    writeFileSync(join(dir, 'run-1-step-3-00000000deadbeef.ckpt.4242-1.tmp'), 'half');
    writeFileSync(join(dir, 'run-99-step-1-00000000deadbeef.ckpt'), 'no row');
    writeFileSync(join(dir, 'notes.txt'), 'not ours');
    const report = await t.store.checkpointFiles.sweepOrphans(dir);
    expect(report.tempFiles.map((p) => p.slice(dir.length + 1))).toEqual(['run-1-step-3-00000000deadbeef.ckpt.4242-1.tmp']);
    expect(report.orphanFiles.map((p) => p.slice(dir.length + 1))).toEqual(['run-99-step-1-00000000deadbeef.ckpt']);
    expect(report.danglingRows.map((r) => r.id)).toEqual([lost.id]);
    expect(t.store.checkpoints.list(runId)).toEqual([kept]);
    expect(readdirSync(dir).sort()).toEqual([kept.path.slice(dir.length + 1), 'notes.txt'].sort());
  });

  it('removes the checkpoint files of a deleted run at the next sweep', async () => {
    const { t, dir, runId } = setup();
    await t.store.checkpointFiles.writeCheckpoint(dir, runId, 1, bytes(100, 1));
    t.store.runs.delete(runId);
    expect((await t.store.checkpointFiles.sweepOrphans(dir)).orphanFiles).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  // docs/reliability.md T2.2: for every N, fail the Nth fs call once, then always.
  for (const scenario of ['new step', 'rewritten step'] as const) {
    for (const mode of ['once', 'always'] as const) {
      it(`leaves a ${scenario} unchanged or fully applied when the Nth fs call fails ${mode}`, async () => {
        const probe = faultyFs();
        const counted = setup(probe.fs);
        const data = bytes(2_500_000, 9);
        if (scenario === 'rewritten step') await counted.t.store.checkpointFiles.writeCheckpoint(counted.dir, counted.runId, 4, bytes(64, 1));
        probe.arm(Infinity, mode);
        await counted.t.store.checkpointFiles.writeCheckpoint(counted.dir, counted.runId, 4, data);
        const calls = probe.disarm();
        expect(calls).toBeGreaterThanOrEqual(8); // mkdir, create, 3 writes, fsync, close, rename, fsync dir, …
        counted.t.dispose();

        for (let n = 1; n <= calls; n++) {
          const faults = faultyFs();
          const { t, dir, runId } = setup(faults.fs);
          if (scenario === 'rewritten step') await t.store.checkpointFiles.writeCheckpoint(dir, runId, 4, bytes(64, 1));
          const before = snapshot(t, dir, runId);
          faults.arm(n, mode);
          const outcome = await t.store.checkpointFiles.writeCheckpoint(dir, runId, 4, data).then(
            () => 'applied' as const,
            (err: unknown) => err,
          );
          faults.disarm();
          if (outcome !== 'applied') {
            expect(outcome, `call ${n}`).toBeInstanceOf(EnasError);
            expect((outcome as EnasError).code).toBe('STORE_IO');
            expect((outcome as EnasError).message).toMatch(/injected failure/);
          }
          const after = snapshot(t, dir, runId);
          expect(after.consistent, `call ${n}`).toBe(true);
          if (mode === 'once') expect(after.files.filter((f) => f.endsWith('.tmp')), `call ${n}`).toEqual([]);
          await t.store.checkpointFiles.sweepOrphans(dir);
          const swept = snapshot(t, dir, runId);
          const applied = swept.rows.length === 1 && swept.rows[0]?.sha256 === sha(data);
          if (outcome === 'applied') expect(applied, `call ${n}`).toBe(true);
          if (!applied) expect(swept.rows, `call ${n}`).toEqual(before.rows);
          expect(swept.files, `call ${n}`).toEqual(swept.rows.map((r) => r.path.slice(dir.length + 1)).sort());
          expect(swept.consistent).toBe(true);
          expect(t.store.integrityCheck().ok).toBe(true);
          t.dispose();
        }
      });
    }
  }

  it('reports a full disk during a checkpoint write as STORE_DISK_FULL naming the file, leaving no temp file', async () => {
    const faults = faultyFs('ENOSPC');
    const { t, dir, runId } = setup(faults.fs);
    faults.arm(3, 'once'); // mkdir, create, then the first write
    const err: unknown = await t.store.checkpointFiles.writeCheckpoint(dir, runId, 1, bytes(100, 1)).catch((e: unknown) => e);
    faults.disarm();
    expect(err).toBeInstanceOf(EnasError);
    expect((err as EnasError).code).toBe('STORE_DISK_FULL');
    expect((err as EnasError).message).toMatch(/run-\d+-step-1-[0-9a-f]{16}\.ckpt\.\d+-\d+\.tmp: disk full during write/);
    expect(readdirSync(dir)).toEqual([]);
    expect(t.store.checkpoints.list(runId)).toEqual([]);
  });

  it('reports a failed unlink on delete as STORE_IO, and the next sweep finishes the delete', async () => {
    const faults = faultyFs();
    const { t, dir, runId } = setup(faults.fs);
    const record = await t.store.checkpointFiles.writeCheckpoint(dir, runId, 1, bytes(100, 1));
    faults.arm(1, 'once');
    await expect(t.store.checkpointFiles.deleteCheckpoint(record.id)).rejects.toThrow(
      /STORE_IO: .*unlink failed: EIO.*swept at the next start/,
    );
    faults.disarm();
    expect(t.store.checkpoints.get(record.id)).toBeUndefined();
    await t.store.checkpointFiles.sweepOrphans(dir);
    expect(readdirSync(dir)).toEqual([]);
  });
});
