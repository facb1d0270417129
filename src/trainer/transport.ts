/**
 * The trainer's side of the protocol channel. Under Electron the trainer is a utilityProcess and talks over
 * `process.parentPort`; under the CLI and the server it is a Node child process forked with an IPC channel
 * and talks over `process.send`. Everything received is parsed with the protocol schema here, once.
 */
import { hostMessageSchema } from '../shared/protocol';
import type { HostMessage, TrainerMessage } from '../shared/protocol';

export interface TrainerTransport {
  send(message: TrainerMessage): void;
  onMessage(handler: (message: HostMessage) => void, onInvalid: (why: string) => void): void;
  /** Resolves once every message sent so far has been handed to the OS (before a deliberate exit). */
  flush(): Promise<void>;
}

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function createTransport(): TrainerTransport {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  const parse = (raw: unknown, handler: (m: HostMessage) => void, onInvalid: (why: string) => void): void => {
    const parsed = hostMessageSchema.safeParse(raw);
    if (parsed.success) handler(parsed.data);
    else onInvalid(parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; '));
  };
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (handler, onInvalid) => parentPort.on('message', (event) => parse(event.data, handler, onInvalid)),
      // parentPort.postMessage has no completion callback; exiting in the same tick can drop the last
      // message (`finished`), which the host would then count as a crash. A short grace period lets it leave.
      flush: () => new Promise<void>((resolve) => setTimeout(resolve, 250)),
    };
  }
  const send = process.send?.bind(process);
  if (!send) {
    throw new Error('the trainer must be started by the workbench host (no IPC channel: run it through `enas search`)');
  }
  // The host is gone (it crashed or was killed): nothing computed from here on would be stored, and a
  // restarted host resumes the run from its last checkpoint with a trainer of its own. An orphan would train
  // on for nobody, writing into the staging folder the new trainer uses (docs/reliability.md T1.5).
  process.once('disconnect', () => process.exit(1));
  let pending: Promise<void> = Promise.resolve();
  return {
    send: (message) => {
      pending = new Promise<void>((resolve) => send(message, undefined, undefined, () => resolve()));
    },
    onMessage: (handler, onInvalid) => process.on('message', (raw) => parse(raw, handler, onInvalid)),
    flush: () => pending,
  };
}
