import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnasError } from '../shared/errors';
import { ownIdentity, processStartTicks } from './lock-holder';
import { acquireWriterLock } from './writer-lock';

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'enas-lock-'));
  db = join(dir, 'workbench.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function refusal(): EnasError {
  try {
    acquireWriterLock(db).release();
  } catch (err) {
    if (err instanceof EnasError) return err;
    throw err;
  }
  throw new Error('expected WORKBENCH_LOCKED');
}

describe('writer lock', () => {
  it('holds the lock with its identity, refuses a second taker, and leaves no temp file', () => {
    const lock = acquireWriterLock(db);
    expect(JSON.parse(readFileSync(`${db}.lock`, 'utf8'))).toEqual(ownIdentity());
    const err = refusal();
    expect(err.code).toBe('WORKBENCH_LOCKED');
    expect(err.message).toContain(`(pid ${process.pid})`);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over the lock of a pid that is alive but is another process (pid reused: other start time, other boot)', () => {
    const me = ownIdentity();
    if (me.start === undefined) return; // no procfs: only the boot check below applies
    expect(processStartTicks(process.pid)).toBe(me.start);
    writeFileSync(`${db}.lock`, JSON.stringify({ ...me, start: me.start + 12345 }));
    acquireWriterLock(db).release();
    writeFileSync(`${db}.lock`, JSON.stringify({ ...me, boot: 'another-boot' }));
    acquireWriterLock(db).release();
    expect(existsSync(`${db}.lock`)).toBe(false);
  });

  it('keeps a live holder of an older version (bare pid), and one on another host it cannot check', () => {
    writeFileSync(`${db}.lock`, String(process.pid));
    expect(refusal().code).toBe('WORKBENCH_LOCKED');
    writeFileSync(`${db}.lock`, JSON.stringify({ pid: 1, host: `not-${hostname()}`, boot: 'x' }));
    const err = refusal();
    expect(err.message).toContain(`pid 1 on not-${hostname()}`);
  });

  it('does not release a lock it no longer holds', () => {
    const lock = acquireWriterLock(db);
    writeFileSync(`${db}.lock`, JSON.stringify({ ...ownIdentity(), pid: 1 }));
    lock.release();
    expect(existsSync(`${db}.lock`)).toBe(true);
  });

  it('clears a takeover lock left by a process that died mid-takeover, once it is old', () => {
    writeFileSync(`${db}.lock`, '999999999');
    writeFileSync(`${db}.lock.takeover`, '{}');
    const old = new Date(Date.now() - 60_000);
    // utimes: the takeover file looks a minute old.
    utimesSync(`${db}.lock.takeover`, old, old);
    acquireWriterLock(db).release();
    expect(readdirSync(dir)).toEqual([]);
  });
});
