/**
 * The host's ProcessLauncher in the app: the trainer runs as an Electron utility process
 * (`utilityProcess.fork`, a Node.js child of the Chromium service model that needs no ELECTRON_RUN_AS_NODE,
 * so it works with that fuse off, docs/reliability.md T4.5). The host's supervisor does the rest, as VS Code's
 * UtilityProcess does: the `ready` handshake with the protocol version, a crash told apart from an exit,
 * stop then kill.
 *
 * Differences from a Node child process this adapter absorbs: `exit` reports a code and never a signal;
 * `kill()` is a graceful SIGTERM, so a forced kill signals the pid directly; a V8 fatal error arrives as an
 * `error` event, passed on as output so the supervisor can name an out-of-memory death.
 */
import type { ForkOptions, UtilityProcess } from 'electron';
import type { LaunchRequest, ProcessLauncher, TrainerProcess } from '../host/process-launcher';
import type { HostMessage } from '../shared/protocol';

/**
 * How long after `exit` the exit is reported. Messages travel over a Mojo pipe and the exit is watched
 * separately, so the last messages of a trainer can arrive just after its exit; the host must persist them
 * before it marks the run interrupted (docs/reliability.md T1.1).
 */
const DRAIN_GRACE_MS = 200;

export type ForkUtility = (modulePath: string, args: string[], options: ForkOptions) => UtilityProcess;

export interface UtilityLauncherDeps {
  fork: ForkUtility;
  /** `process.kill`; injected so tests need no real process. */
  killPid(pid: number, signal: 'SIGKILL'): void;
  /** The environment the trainer inherits (`process.env`). */
  baseEnv: Readonly<Record<string, string | undefined>>;
}

function spawned(child: UtilityProcess, entry: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number): void => reject(new Error(`${entry}: the utility process exited with code ${code} before it spawned`));
    child.once('exit', onExit);
    child.once('spawn', () => {
      child.off('exit', onExit);
      if (child.pid === undefined) reject(new Error(`${entry}: the utility process has no pid after spawn`));
      else resolve(child.pid);
    });
  });
}

function wrap(child: UtilityProcess, pid: number, killPid: UtilityLauncherDeps['killPid']): TrainerProcess {
  const messageListeners: ((message: unknown) => void)[] = [];
  const outputListeners: ((text: string) => void)[] = [];
  const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
  let exited = false;
  const output = (text: string): void => {
    for (const listener of outputListeners) listener(text);
  };
  // Read both pipes from the start: a full pipe would block the trainer's writes.
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (text: string) => output(text));
  }
  child.on('message', (message: unknown) => {
    for (const listener of messageListeners) listener(message);
  });
  child.on('error', (type, location) => output(`\n${type} at ${location}\n`));
  child.on('exit', (code) => {
    exited = true;
    setTimeout(() => {
      for (const listener of exitListeners) listener(code, null);
    }, DRAIN_GRACE_MS);
  });
  return {
    pid,
    send(message: HostMessage) {
      if (exited) return false;
      try {
        child.postMessage(message);
        return true;
      } catch {
        return false;
      }
    },
    onMessage(listener) {
      messageListeners.push(listener);
    },
    onOutput(listener) {
      outputListeners.push(listener);
    },
    onExit(listener) {
      exitListeners.push(listener);
    },
    kill(signal) {
      if (exited) return;
      if (signal === 'SIGTERM') {
        child.kill();
        return;
      }
      try {
        killPid(pid, 'SIGKILL');
      } catch {
        // Already gone: the exit event follows.
      }
    },
  };
}

export function createUtilityLauncher(deps: UtilityLauncherDeps): ProcessLauncher {
  return {
    async launch({ entry, execArgv, env }: LaunchRequest) {
      const merged: Record<string, string> = {};
      for (const [key, value] of Object.entries({ ...deps.baseEnv, ...env })) if (value !== undefined) merged[key] = value;
      const child = deps.fork(entry, [], {
        execArgv: [...execArgv],
        env: merged,
        stdio: 'pipe',
        serviceName: 'ENAS trainer',
      });
      const pid = await spawned(child, entry);
      return wrap(child, pid, deps.killPid);
    },
  };
}
