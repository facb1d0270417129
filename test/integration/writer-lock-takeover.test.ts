/**
 * Two writers starting together after a crash (a stale `<db>.lock` left by a dead process) must end with
 * exactly one holder: each of 40 rounds gives two real processes a stale lock at the same instant, and in
 * every round one takes it and the other is told WORKBENCH_LOCKED. Half the rounds use the bare-pid lock of
 * an older version, half the JSON lock of this one.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledEntry, removeBundles } from '../fixtures/bundled-entry';

const ROUNDS = 40;
const work = mkdtempSync(join(tmpdir(), 'enas-lock-race-'));
const children: ChildProcess[] = [];

afterAll(() => {
  writeFileSync(join(work, 'done'), '');
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
  removeBundles();
});

function start(entry: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, work, String(ROUNDS)], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    child.once('error', reject);
    child.stdout?.once('data', () => resolve(child));
  });
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('stale writer lock taken over by two processes at once', () => {
  it('gives exactly one writer in every round', async () => {
    const entry = await bundledEntry(join(import.meta.dirname, '..', 'fixtures', 'lock-contender.ts'));
    // A pid that certainly belonged to a process that is gone now.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    expect(dead).toBeGreaterThan(0);
    for (let r = 0; r < ROUNDS; r++) {
      const stale = r % 2 === 0 ? String(dead) : JSON.stringify({ pid: dead, host: hostname(), boot: 'an-earlier-boot' });
      writeFileSync(join(work, `db-${r}.lock`), stale);
    }
    const [a, b] = await Promise.all([start(entry), start(entry)]);
    const winners: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      writeFileSync(join(work, `go-${r}`), '');
      const files = [a, b].map((c) => join(work, `result-${r}-${c!.pid}`));
      await waitFor(() => files.every((f) => existsSync(f) && readFileSync(f, 'utf8') !== ''), `round ${r}`);
      const outcomes = files.map((f) => readFileSync(f, 'utf8')).sort();
      expect(outcomes, `round ${r}`).toEqual(['WORKBENCH_LOCKED', 'won']);
      const content = readFileSync(join(work, `db-${r}.lock`), 'utf8');
      const holder = /^\d+$/.test(content) ? Number(content) : (JSON.parse(content) as { pid: number }).pid;
      winners.push(holder);
      expect([a!.pid, b!.pid], `round ${r}`).toContain(holder);
    }
    // Both processes won some rounds: they really raced.
    console.log(`lock race: ${winners.filter((p) => p === a!.pid).length} rounds to one process, ${winners.filter((p) => p === b!.pid).length} to the other`);
  }, 60_000);
});
