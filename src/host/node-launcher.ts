/**
 * The ProcessLauncher under Node: `child_process.fork` with an IPC channel (JSON serialisation, the same
 * shapes Electron's utilityProcess port carries). A TypeScript entry runs through tsx (`--import tsx`).
 *
 * The exit is reported only after the IPC channel has closed as well: a trainer killed right after sending
 * a message has that message already in the pipe, and the host must persist it before it marks the run
 * interrupted (docs/reliability.md T1.1 counts lost metric rows).
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { LaunchRequest, ProcessLauncher, TrainerProcess } from './process-launcher';

/** How long after `exit` we wait for the IPC channel to drain before reporting the exit anyway. */
const DRAIN_GRACE_MS = 1000;

function spawned(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', reject);
  });
}

function wrap(child: ChildProcess, pid: number): TrainerProcess {
  const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
  const outputListeners: ((text: string) => void)[] = [];
  // Read both pipes from the start, listeners or not: a full pipe would block the trainer's writes.
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8').on('data', (text: string) => {
      for (const listener of outputListeners) listener(text);
    });
  }
  let exited: { code: number | null; signal: string | null } | undefined;
  let disconnected = !child.connected;
  let reported = false;
  let grace: ReturnType<typeof setTimeout> | undefined;

  const report = (): void => {
    if (reported || exited === undefined) return;
    reported = true;
    if (grace !== undefined) clearTimeout(grace);
    for (const listener of exitListeners) listener(exited.code, exited.signal);
  };
  child.on('disconnect', () => {
    disconnected = true;
    report();
  });
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    if (disconnected) report();
    else grace = setTimeout(report, DRAIN_GRACE_MS);
  });
  // After spawn, 'error' means a failed send or kill on a dying process: the exit tells the rest.
  child.on('error', () => undefined);

  return {
    pid,
    send(message) {
      if (!child.connected) return false;
      try {
        // send() returning false only means a backlog: the message is queued all the same.
        child.send(message);
        return true;
      } catch {
        return false;
      }
    },
    onMessage(listener) {
      child.on('message', (message: unknown) => listener(message));
    },
    onOutput(listener) {
      outputListeners.push(listener);
    },
    onExit(listener) {
      exitListeners.push(listener);
    },
    kill(signal) {
      if (exited === undefined) child.kill(signal);
    },
  };
}

export const nodeLauncher: ProcessLauncher = {
  async launch({ entry, execArgv, env }: LaunchRequest) {
    const child = fork(entry, [], {
      execArgv: [...execArgv],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    await spawned(child);
    if (child.pid === undefined) throw new Error(`${entry}: the process has no pid after spawn`);
    return wrap(child, child.pid);
  },
};
