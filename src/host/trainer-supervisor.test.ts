import { describe, expect, it } from 'vitest';
import type { HostMessage, TrainerMessage } from '../shared/protocol';
import { PROTOCOL_VERSION } from '../shared/protocol';
import type { Clock, LogLevel, TimerHandle } from './ports';
import type { TrainerProcess } from './process-launcher';
import { superviseTrainer } from './trainer-supervisor';

/** Timers that run only when the test advances time. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  const timers = new Map<TimerHandle, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const handle = { id: Symbol('timer') };
      timers.set(handle, { at: now + ms, callback });
      return handle;
    },
    clearTimeout(handle) {
      timers.delete(handle);
    },
    advance(ms) {
      now += ms;
      for (const [handle, timer] of [...timers]) {
        if (timer.at <= now) {
          timers.delete(handle);
          timer.callback();
        }
      }
    },
  };
}

/** An in-memory trainer process: the test plays the trainer's side. */
function fakeProcess() {
  let onMessage: (m: unknown) => void = () => undefined;
  let onOutput: (t: string) => void = () => undefined;
  let onExit: (code: number | null, signal: string | null) => void = () => undefined;
  const sent: HostMessage[] = [];
  const kills: string[] = [];
  let alive = true;
  const exit = (code: number | null, signal: string | null): void => {
    if (!alive) return;
    alive = false;
    onExit(code, signal);
  };
  const process: TrainerProcess = {
    pid: 4242,
    send: (m) => {
      sent.push(m);
      return alive;
    },
    onMessage: (l) => (onMessage = l),
    onOutput: (l) => (onOutput = l),
    onExit: (l) => (onExit = l),
    kill: (signal) => {
      kills.push(signal);
      exit(null, signal);
    },
  };
  return {
    process,
    sent,
    kills,
    say: (m: unknown) => onMessage(m),
    print: (t: string) => onOutput(t),
    exit,
  };
}

function setUp(overrides: { readyTimeoutMs?: number; exitTimeoutMs?: number } = {}) {
  const clock = manualClock();
  const trainer = fakeProcess();
  const received: TrainerMessage[] = [];
  const logs: { level: LogLevel; message: string }[] = [];
  const supervisor = superviseTrainer({
    process: trainer.process,
    runId: 5,
    clock,
    log: { log: (level, message) => logs.push({ level, message }) },
    readyTimeoutMs: overrides.readyTimeoutMs ?? 1000,
    exitTimeoutMs: overrides.exitTimeoutMs ?? 500,
    onMessage: (m) => received.push(m),
  });
  return { clock, trainer, received, logs, supervisor };
}

const ready = { type: 'ready', protocolVersion: PROTOCOL_VERSION, pid: 4242 };
const metrics = { type: 'step-metrics', step: 3, epoch: 0, metrics: { 'child/loss': 0.5 } };

describe('superviseTrainer', () => {
  it('resolves ready on a compatible handshake and forwards parsed messages in order', async () => {
    const { trainer, received, supervisor } = setUp();
    trainer.say(ready);
    expect(await supervisor.ready).toBe(true);
    trainer.say(metrics);
    trainer.say({ type: 'finished', stopped: false, results: { score: 1 } });
    trainer.exit(0, null);
    expect(received.map((m) => m.type)).toEqual(['step-metrics', 'finished']);
    expect(await supervisor.ended).toEqual({
      outcome: { kind: 'finished', stopped: false, results: { score: 1 } },
      exit: { code: 0, signal: null },
    });
  });

  it('kills the trainer and fails with TRAINER_PROTOCOL on a message that does not parse, quoting it', async () => {
    const { trainer, received, supervisor, logs } = setUp();
    trainer.say(ready);
    trainer.say({ type: 'step-metrics', step: -1, metrics: {} });
    trainer.say(metrics);
    expect(trainer.kills).toEqual(['SIGKILL']);
    const end = await supervisor.ended;
    expect(end.outcome.kind).toBe('failed');
    if (end.outcome.kind !== 'failed') return;
    expect(end.outcome.error.code).toBe('TRAINER_PROTOCOL');
    expect(end.outcome.error.message).toContain('received {"type":"step-metrics","step":-1,"metrics":{}}');
    expect(received).toEqual([]);
    expect(logs.map((l) => l.level)).toContain('error');
  });

  it('refuses a message other than log before ready', async () => {
    const { trainer, supervisor } = setUp();
    trainer.say({ type: 'log', level: 'info', message: 'loading tfjs' });
    trainer.say(metrics);
    expect(await supervisor.ready).toBe(false);
    const end = await supervisor.ended;
    expect(end.outcome).toMatchObject({ kind: 'failed', error: { code: 'TRAINER_PROTOCOL' } });
  });

  it('refuses another protocol version', async () => {
    const { trainer, supervisor } = setUp();
    trainer.say({ ...ready, protocolVersion: PROTOCOL_VERSION + 1 });
    expect(await supervisor.ready).toBe(false);
    expect((await supervisor.ended).outcome).toMatchObject({ kind: 'failed', error: { code: 'TRAINER_VERSION' } });
  });

  it('kills a trainer that is not ready within the timeout', async () => {
    const { clock, trainer, supervisor } = setUp({ readyTimeoutMs: 1000 });
    clock.advance(999);
    expect(trainer.kills).toEqual([]);
    clock.advance(1);
    expect(trainer.kills).toEqual(['SIGKILL']);
    expect((await supervisor.ended).outcome).toMatchObject({ kind: 'failed', error: { code: 'TRAINER_TIMEOUT' } });
  });

  it('tells a crash by signal apart from a clean end', async () => {
    const { trainer, supervisor } = setUp();
    trainer.say(ready);
    trainer.exit(null, 'SIGSEGV');
    const end = await supervisor.ended;
    expect(end.outcome).toMatchObject({ kind: 'crashed', error: { code: 'TRAINER_CRASHED' } });
    expect(end.exit).toEqual({ code: null, signal: 'SIGSEGV' });
  });

  it('names an out-of-memory crash from what V8 printed', async () => {
    const { trainer, supervisor } = setUp();
    trainer.say(ready);
    trainer.print('<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n');
    trainer.exit(null, 'SIGABRT');
    expect((await supervisor.ended).outcome).toMatchObject({ kind: 'crashed', error: { code: 'TRAINER_OUT_OF_MEMORY' } });
  });

  it('stops by asking first and killing only after the stop timeout', async () => {
    const { clock, trainer, supervisor } = setUp();
    trainer.say(ready);
    const ended = supervisor.stop(2000);
    expect(trainer.sent).toEqual([{ type: 'stop' }]);
    clock.advance(1999);
    expect(trainer.kills).toEqual([]);
    clock.advance(1);
    expect(trainer.kills).toEqual(['SIGKILL']);
    expect((await ended).outcome).toEqual({ kind: 'killed' });
  });

  it('ends as stopped without a kill when the trainer finishes within the stop timeout', async () => {
    const { clock, trainer, supervisor } = setUp();
    trainer.say(ready);
    const ended = supervisor.stop(2000);
    clock.advance(500);
    trainer.say({ type: 'finished', stopped: true, results: {} });
    trainer.exit(0, null);
    clock.advance(5000);
    expect(trainer.kills).toEqual([]);
    expect((await ended).outcome).toEqual({ kind: 'finished', stopped: true, results: {} });
  });

  it('kills a trainer that lingers after finished, keeping the finished outcome', async () => {
    const { clock, trainer, supervisor } = setUp({ exitTimeoutMs: 500 });
    trainer.say(ready);
    trainer.say({ type: 'failed', error: { code: 'SEARCH_DIVERGED', message: 'NaN' } });
    clock.advance(500);
    expect(trainer.kills).toEqual(['SIGKILL']);
    expect((await supervisor.ended).outcome).toEqual({ kind: 'failed', error: { code: 'SEARCH_DIVERGED', message: 'NaN' } });
  });
});
