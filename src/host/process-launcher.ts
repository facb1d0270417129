/**
 * The port through which the host starts a trainer process. Under Node (CLI, server, tests) it is
 * node-launcher.ts (child_process.fork with an IPC channel); in the app it will be Electron's utilityProcess.
 * The host sees only this: send a message, hear messages, output and the exit, kill.
 */
import type { HostMessage } from '../shared/protocol';

export interface LaunchRequest {
  /** The trainer's entry module (a .js file, or .ts run through `execArgv: ['--import', 'tsx']`). */
  entry: string;
  execArgv: readonly string[];
  /** Added to the host's environment. */
  env: Readonly<Record<string, string>>;
}

export interface TrainerProcess {
  readonly pid: number;
  /** Sends a message; false when the channel is already closed (the exit will follow). */
  send(message: HostMessage): boolean;
  /** Every message the trainer sends, unparsed: the host parses it with the protocol schema. */
  onMessage(listener: (message: unknown) => void): void;
  /** The trainer's stdout and stderr, in chunks: kept for crash diagnosis (a heap OOM prints its reason there). */
  onOutput(listener: (text: string) => void): void;
  /**
   * Called once, after the process exited and every message it sent before dying was delivered.
   * `signal` is set when a signal ended it (SIGKILL, SIGABRT on a V8 abort), `code` otherwise.
   */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
}

export interface ProcessLauncher {
  /** Resolves once the process is spawned; rejects when it cannot be (missing executable, no resources). */
  launch(request: LaunchRequest): Promise<TrainerProcess>;
}
