/**
 * The workbench API on Electron IPC: one `ipcMain.handle` channel per method (no generic channel), each
 * message's sender checked first and its payload parsed by the UI dispatcher before any handler runs
 * (docs/reliability.md T4.3). Replies are ApiResult envelopes, since an error thrown from a handler reaches
 * the renderer as a bare message. Pushed events go to each window in batches of one 50 ms window.
 */
import type { WorkbenchEvent } from '../shared/api';
import { API_METHODS, IPC_EVENTS_CHANNEL, ipcChannelOf } from '../shared/api/transport';
import type { ApiResult } from '../shared/api/transport';
import { createEventBatcher } from '../host/event-batcher';
import type { Clock, Logger } from '../host/ports';
import type { UiDispatcher } from '../host/ui-dispatch';
import type { IpcSender, SenderCheck } from './sender-check';

/** What the binding uses of `ipcMain`. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSender, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** What the binding uses of a window's webContents. */
export interface EventSink {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

const FORBIDDEN: ApiResult = {
  ok: false,
  error: { code: 'TRANSPORT_FORBIDDEN_SENDER', message: 'TRANSPORT_FORBIDDEN_SENDER: this frame may not call the workbench' },
};

export function bindWorkbenchToIpc(options: {
  ipcMain: IpcMainLike;
  dispatcher: UiDispatcher<IpcSender>;
  isTrustedSender: SenderCheck;
  log: Logger;
}): () => void {
  const { ipcMain, dispatcher, isTrustedSender, log } = options;
  for (const method of API_METHODS) {
    ipcMain.handle(ipcChannelOf(method), async (event, ...args) => {
      if (!isTrustedSender(event)) {
        log.log('warn', `refused ${method} from an untrusted sender (${event.senderFrame?.url.slice(0, 200) ?? 'no frame'})`);
        return FORBIDDEN;
      }
      return dispatcher.dispatch(method, args[0], event);
    });
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(ipcChannelOf(method));
  };
}

/** Pushes the workbench's events to one window until it is destroyed or the returned function is called. */
export function pushEventsTo(
  target: EventSink,
  subscribe: (listener: (event: WorkbenchEvent) => void) => () => void,
  clock: Clock,
  windowMs?: number,
): () => void {
  const batcher = createEventBatcher(
    (events) => {
      if (!target.isDestroyed()) target.send(IPC_EVENTS_CHANNEL, events);
    },
    clock,
    windowMs,
  );
  const unsubscribe = subscribe((event) => batcher.push(event));
  return () => {
    unsubscribe();
    batcher.dispose();
  };
}
