import { describe, expect, it } from 'vitest';
import type { WireError } from '../shared/errors';
import { decideRunEnd } from './run-outcome';

const policy = { maxAttempts: 3, baseDelayMs: 1000 };
const crash: WireError = { code: 'TRAINER_CRASHED', message: 'died' };

describe('decideRunEnd', () => {
  it('completes a finished run and stops one that finished on request', () => {
    expect(decideRunEnd({ outcome: { kind: 'finished', stopped: false, results: {} } }, false, 1, policy).status).toBe('completed');
    expect(decideRunEnd({ outcome: { kind: 'finished', stopped: true, results: {} } }, true, 1, policy).status).toBe('stopped');
  });

  it('restarts a crash with doubling backoff, then fails keeping the crash code', () => {
    const decisions = [1, 2, 3, 4].map((attempt) => decideRunEnd({ outcome: { kind: 'crashed', error: crash } }, false, attempt, policy));
    expect(decisions.map((d) => [d.status, d.restartInMs])).toEqual([
      ['interrupted', 1000],
      ['interrupted', 2000],
      ['interrupted', 4000],
      ['failed', undefined],
    ]);
    expect(decisions[3]?.error).toEqual({ code: 'TRAINER_CRASHED', message: 'died; gave up after 3 automatic restarts' });
  });

  it('leaves a crash interrupted without restarting when restarts are off', () => {
    const decision = decideRunEnd({ outcome: { kind: 'crashed', error: crash } }, false, 1, { maxAttempts: 0, baseDelayMs: 1000 });
    expect(decision).toMatchObject({ status: 'interrupted', error: crash });
    expect(decision.restartInMs).toBeUndefined();
  });

  it('stops a run that crashed or was killed while stopping', () => {
    expect(decideRunEnd({ outcome: { kind: 'crashed', error: crash } }, true, 1, policy).status).toBe('stopped');
    expect(decideRunEnd({ outcome: { kind: 'killed' } }, true, 1, policy).status).toBe('stopped');
  });

  it('pauses on a full disk and fails on another store error, whatever the trainer did', () => {
    const full: WireError = { code: 'STORE_DISK_FULL', message: 'disk full' };
    const io: WireError = { code: 'STORE_IO', message: 'I/O error' };
    const finished = { kind: 'finished', stopped: false, results: {} } as const;
    expect(decideRunEnd({ outcome: finished, storeError: full }, false, 1, policy)).toMatchObject({ status: 'paused', error: full });
    expect(decideRunEnd({ outcome: finished, storeError: io }, false, 1, policy)).toMatchObject({ status: 'failed', error: io });
  });
});
