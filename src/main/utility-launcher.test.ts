import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ForkOptions, UtilityProcess } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../host/ports';
import { superviseTrainer } from '../host/trainer-supervisor';
import { PROTOCOL_VERSION } from '../shared/protocol';
import { createUtilityLauncher } from './utility-launcher';

/** Electron's UtilityProcess as the launcher sees it: events, two output pipes, postMessage and kill. */
class FakeUtility extends EventEmitter {
  pid: number | undefined;
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly posted: unknown[] = [];
  gracefulKills = 0;

  postMessage(message: unknown): void {
    this.posted.push(message);
  }

  kill(): boolean {
    this.gracefulKills += 1;
    return true;
  }

  spawn(pid: number): void {
    this.pid = pid;
    this.emit('spawn');
  }
}

function setUp() {
  const forks: { modulePath: string; options: ForkOptions; child: FakeUtility }[] = [];
  const pidKills: [number, string][] = [];
  const launcher = createUtilityLauncher({
    fork: (modulePath, _args, options) => {
      const child = new FakeUtility();
      forks.push({ modulePath, options, child });
      return child as unknown as UtilityProcess;
    },
    killPid: (pid, signal) => pidKills.push([pid, signal]),
    baseEnv: { PATH: '/usr/bin', UNSET: undefined },
  });
  return { launcher, forks, pidKills };
}

async function launched(setup: ReturnType<typeof setUp>, pid = 77) {
  const promise = setup.launcher.launch({ entry: '/app/out/main/chunks/trainer.js', execArgv: ['--max-old-space-size=4096'], env: { ENAS_X: '1' } });
  const fork = setup.forks.at(-1);
  if (fork === undefined) throw new Error('not forked');
  fork.child.spawn(pid);
  return { process: await promise, child: fork.child, fork };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createUtilityLauncher', () => {
  it('forks the entry as a utility process with piped output, its flags and the merged environment', async () => {
    const setup = setUp();
    const { process, fork } = await launched(setup);
    expect(process.pid).toBe(77);
    expect(fork.modulePath).toBe('/app/out/main/chunks/trainer.js');
    expect(fork.options).toMatchObject({ stdio: 'pipe', execArgv: ['--max-old-space-size=4096'], env: { PATH: '/usr/bin', ENAS_X: '1' } });
    expect(fork.options.env).not.toHaveProperty('UNSET');
  });

  it('rejects the launch when the process exits before it spawned', async () => {
    const setup = setUp();
    const promise = setup.launcher.launch({ entry: '/missing.js', execArgv: [], env: {} });
    setup.forks[0]?.child.emit('exit', 1);
    await expect(promise).rejects.toThrow('/missing.js: the utility process exited with code 1 before it spawned');
  });

  it('delivers messages, output and a V8 fatal error, and reports the exit only after the messages that trail it', async () => {
    const setup = setUp();
    const { process, child } = await launched(setup);
    const seen: string[] = [];
    process.onMessage((m) => seen.push(`message ${JSON.stringify(m)}`));
    process.onOutput((t) => seen.push(`output ${t.trim()}`));
    process.onExit((code, signal) => seen.push(`exit ${code} ${signal}`));
    child.emit('message', { type: 'log' });
    child.stderr.write('FATAL ERROR: Reached heap limit\n');
    child.emit('error', 'FatalError', 'v8::internal::Heap', '{}');
    child.emit('exit', 134);
    child.emit('message', { type: 'step-metrics' });
    await vi.advanceTimersByTimeAsync(250);
    expect(seen).toEqual([
      'message {"type":"log"}',
      'output FATAL ERROR: Reached heap limit',
      'output FatalError at v8::internal::Heap',
      'message {"type":"step-metrics"}',
      'exit 134 null',
    ]);
    expect(process.send({ type: 'stop' })).toBe(false);
  });

  it('stops gracefully with kill() and forces with SIGKILL on the pid, since kill() is only SIGTERM', async () => {
    const setup = setUp();
    const { process, child } = await launched(setup, 91);
    expect(process.send({ type: 'stop' })).toBe(true);
    expect(child.posted).toEqual([{ type: 'stop' }]);
    process.kill('SIGTERM');
    expect(child.gracefulKills).toBe(1);
    process.kill('SIGKILL');
    expect(setup.pidKills).toEqual([[91, 'SIGKILL']]);
    child.emit('exit', 0);
    process.kill('SIGKILL');
    expect(setup.pidKills).toHaveLength(1);
  });

  it("under the host's supervisor: a ready with another protocol version is refused and the trainer killed", async () => {
    const setup = setUp();
    const { process, child } = await launched(setup, 12);
    const supervisor = superviseTrainer({
      process,
      runId: 1,
      clock: systemClock,
      log: { log: () => undefined },
      readyTimeoutMs: 1000,
      exitTimeoutMs: 1000,
      onMessage: () => undefined,
    });
    child.emit('message', { type: 'ready', protocolVersion: PROTOCOL_VERSION + 1, pid: 12 });
    expect(await supervisor.ready).toBe(false);
    expect(setup.pidKills).toEqual([[12, 'SIGKILL']]);
    child.emit('exit', 9);
    await vi.advanceTimersByTimeAsync(250);
    const end = await supervisor.ended;
    expect(end.outcome).toMatchObject({ kind: 'failed', error: { code: 'TRAINER_VERSION' } });
  });

  it('under the supervisor: an exit without finished is a crash, and a stop that is not obeyed ends in SIGKILL', async () => {
    const setup = setUp();
    const first = await launched(setup, 21);
    const crashed = superviseTrainer({
      process: first.process,
      runId: 2,
      clock: systemClock,
      log: { log: () => undefined },
      readyTimeoutMs: 1000,
      exitTimeoutMs: 1000,
      onMessage: () => undefined,
    });
    first.child.emit('message', { type: 'ready', protocolVersion: PROTOCOL_VERSION, pid: 21 });
    expect(await crashed.ready).toBe(true);
    first.child.emit('exit', 1);
    await vi.advanceTimersByTimeAsync(250);
    expect((await crashed.ended).outcome).toMatchObject({ kind: 'crashed', error: { code: 'TRAINER_CRASHED' } });

    const second = await launched(setup, 22);
    const stubborn = superviseTrainer({
      process: second.process,
      runId: 3,
      clock: systemClock,
      log: { log: () => undefined },
      readyTimeoutMs: 1000,
      exitTimeoutMs: 1000,
      onMessage: () => undefined,
    });
    second.child.emit('message', { type: 'ready', protocolVersion: PROTOCOL_VERSION, pid: 22 });
    await stubborn.ready;
    const stopped = stubborn.stop(5000);
    expect(second.child.posted).toEqual([{ type: 'stop' }]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(setup.pidKills).toContainEqual([22, 'SIGKILL']);
    second.child.emit('exit', 137);
    await vi.advanceTimersByTimeAsync(250);
    expect((await stopped).outcome).toEqual({ kind: 'killed' });
  });
});
