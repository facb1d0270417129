/**
 * Supervises one trainer process, after VS Code's UtilityProcess: a handshake (`ready` within a timeout,
 * with our PROTOCOL_VERSION), every message parsed with the protocol schema, a crash (a signal, or any exit
 * without `finished`/`failed`) told apart from a clean end, and a stop that asks first, waits, then kills.
 *
 * A message that does not parse is not guessed at: the trainer is killed and the end says what it sent.
 * The supervisor decides nothing about the run; it reports one `TrainerEnd` and the session acts on it.
 */
import { EnasError, toWireError } from '../shared/errors';
import type { WireError } from '../shared/errors';
import { PROTOCOL_VERSION, trainerMessageSchema } from '../shared/protocol';
import type { HostMessage, TrainerMessage } from '../shared/protocol';
import { describeIssues } from './describe-issues';
import type { Clock, Logger, TimerHandle } from './ports';
import type { TrainerProcess } from './process-launcher';

export interface TrainerExit {
  code: number | null;
  signal: string | null;
}

/** How a trainer's life ended, as far as the run is concerned. */
export type TrainerOutcome =
  /** It sent `finished` (after a stop request, `stopped` is true). */
  | { kind: 'finished'; stopped: boolean; results: Record<string, number> }
  /** It sent `failed`, or the host refused it: no ready in time, another protocol version, garbage. */
  | { kind: 'failed'; error: WireError }
  /** It died without saying how it ended; resuming from the last checkpoint is the remedy. */
  | { kind: 'crashed'; error: WireError }
  /** The host killed it because it did not stop within the stop timeout. */
  | { kind: 'killed' };

export interface TrainerEnd {
  outcome: TrainerOutcome;
  exit: TrainerExit;
}

export interface SuperviseOptions {
  process: TrainerProcess;
  runId: number;
  clock: Clock;
  log: Logger;
  /** How long the trainer may take to send `ready` (it loads tfjs and picks a backend first). */
  readyTimeoutMs: number;
  /** How long it may take to exit after `finished`/`failed` before it is killed. */
  exitTimeoutMs: number;
  /** Every valid message after `ready`, in order. */
  onMessage(message: TrainerMessage): void;
}

export interface TrainerSupervisor {
  readonly pid: number;
  /** True once a compatible `ready` arrived; false when the trainer ended or was refused first. */
  readonly ready: Promise<boolean>;
  /** Resolves once, after the process exited. */
  readonly ended: Promise<TrainerEnd>;
  send(message: HostMessage): void;
  /** Sends `stop`, waits up to `timeoutMs` for the exit, then kills. */
  stop(timeoutMs: number): Promise<TrainerEnd>;
  /** SIGKILL now. */
  kill(): void;
}

/** Output kept for diagnosis: the end of stderr says why a process aborted. */
const OUTPUT_TAIL_CHARS = 8192;
/** What V8 prints when the heap limit is hit (`FATAL ERROR: Reached heap limit … JavaScript heap out of memory`). */
const OUT_OF_MEMORY = /JavaScript heap out of memory|Reached heap limit|Allocation failed - process out of memory/;
const PREVIEW_CHARS = 300;

function preview(raw: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? String(raw);
  } catch {
    text = String(raw);
  }
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

function describeExit({ code, signal }: TrainerExit): string {
  return signal !== null ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`;
}

export function superviseTrainer(options: SuperviseOptions): TrainerSupervisor {
  const { process: child, runId, clock, log } = options;
  const who = `the trainer of run ${runId} (pid ${child.pid})`;
  let outputTail = '';
  let isReady = false;
  /** Set by the first terminal message or host decision; the exit then only completes it. */
  let terminal: TrainerOutcome | undefined;
  let refused = false;
  let exited = false;
  let stopRequested = false;
  let forcedKill = false;
  const timers = new Set<TimerHandle>();

  let resolveReady: (ready: boolean) => void = () => undefined;
  const ready = new Promise<boolean>((resolve) => (resolveReady = resolve));
  let resolveEnded: (end: TrainerEnd) => void = () => undefined;
  const ended = new Promise<TrainerEnd>((resolve) => (resolveEnded = resolve));

  const after = (ms: number, action: () => void): void => {
    const handle = clock.setTimeout(() => {
      timers.delete(handle);
      action();
    }, ms);
    timers.add(handle);
  };
  const refuse = (error: EnasError): void => {
    if (refused || terminal !== undefined) return;
    refused = true;
    terminal = { kind: 'failed', error: toWireError(error) };
    log.log('error', error.message, { runId, pid: child.pid });
    resolveReady(false);
    child.kill('SIGKILL');
  };

  after(options.readyTimeoutMs, () => {
    if (!isReady) {
      refuse(new EnasError('TRAINER_TIMEOUT', `${who} did not send "ready" within ${options.readyTimeoutMs} ms; it was killed`));
    }
  });

  child.onOutput((text) => {
    outputTail = (outputTail + text).slice(-OUTPUT_TAIL_CHARS);
  });

  child.onMessage((raw) => {
    if (refused) return;
    const parsed = trainerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      refuse(
        new EnasError(
          'TRAINER_PROTOCOL',
          `${who} sent a message outside protocol v${PROTOCOL_VERSION} (${describeIssues(parsed.error)}); received ${preview(raw)}`,
        ),
      );
      return;
    }
    const message = parsed.data;
    if (message.type === 'ready') {
      if (isReady) return;
      if (message.protocolVersion !== PROTOCOL_VERSION) {
        refuse(
          new EnasError(
            'TRAINER_VERSION',
            `${who} speaks protocol v${message.protocolVersion}, this app v${PROTOCOL_VERSION}: reinstall so both come from the same version`,
          ),
        );
        return;
      }
      isReady = true;
      resolveReady(true);
      return;
    }
    if (!isReady && message.type !== 'log') {
      refuse(new EnasError('TRAINER_PROTOCOL', `${who} sent "${message.type}" before "ready"; received ${preview(raw)}`));
      return;
    }
    if (message.type === 'finished' && terminal === undefined) {
      terminal = { kind: 'finished', stopped: message.stopped, results: message.results };
    } else if (message.type === 'failed' && terminal === undefined) {
      terminal = { kind: 'failed', error: message.error };
    }
    options.onMessage(message);
    if (message.type === 'finished' || message.type === 'failed') {
      after(options.exitTimeoutMs, () => {
        log.log('warn', `${who} did not exit within ${options.exitTimeoutMs} ms of "${message.type}"; killed`, { runId });
        child.kill('SIGKILL');
      });
    }
  });

  child.onExit((code, signal) => {
    exited = true;
    for (const handle of timers) clock.clearTimeout(handle);
    timers.clear();
    const exit = { code, signal };
    resolveReady(false);
    let outcome = terminal;
    if (outcome === undefined && forcedKill) outcome = { kind: 'killed' };
    if (outcome === undefined) {
      const outOfMemory = OUT_OF_MEMORY.test(outputTail);
      const error = outOfMemory
        ? new EnasError(
            'TRAINER_OUT_OF_MEMORY',
            `${who} ran out of memory (${describeExit(exit)}); resume with a smaller batch size or network, or give it more memory`,
            { exitCode: code, signal },
          )
        : new EnasError(
            'TRAINER_CRASHED',
            `${who} ended with ${describeExit(exit)} before finishing${stopRequested ? ' while stopping' : ''}; resume continues from its last checkpoint`,
            { exitCode: code, signal },
          );
      outcome = { kind: 'crashed', error: toWireError(error) };
      log.log('warn', error.message, { runId, outputTail });
    } else if (outcome.kind === 'finished' && (code !== 0 || signal !== null)) {
      log.log('warn', `${who} sent "finished" and then ended with ${describeExit(exit)}`, { runId, outputTail });
    }
    resolveEnded({ outcome, exit });
  });

  return {
    pid: child.pid,
    ready,
    ended,
    send(message) {
      if (!child.send(message)) log.log('debug', `${who}: "${message.type}" not sent, the channel is closed`, { runId });
    },
    stop(timeoutMs) {
      if (!stopRequested && !exited) {
        stopRequested = true;
        child.send({ type: 'stop' });
        after(timeoutMs, () => {
          forcedKill = true;
          log.log('warn', `${who} did not stop within ${timeoutMs} ms; killed`, { runId });
          child.kill('SIGKILL');
        });
      }
      return ended;
    },
    kill() {
      child.kill('SIGKILL');
    },
  };
}
