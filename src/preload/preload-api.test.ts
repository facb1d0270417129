import { describe, expect, it } from 'vitest';
import type { WorkbenchEvent } from '../shared/api';
import { API_METHODS, IPC_EVENTS_CHANNEL, IPC_GRANT_PATH_CHANNEL, PRELOAD_KEYS, ipcChannelOf } from '../shared/api/transport';
import { buildPreloadApi } from './preload-api';
import type { PreloadIpc } from './preload-api';

function fakeIpc() {
  const invoked: { channel: string; args: unknown[] }[] = [];
  const sent: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const ipc = {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return { ok: true, value: channel };
    },
    send: (channel: string, ...args: unknown[]) => sent.push({ channel, args }),
    on(channel: string, listener: (...args: unknown[]) => void) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
      return this;
    },
    removeListener(channel: string, listener: (...args: unknown[]) => void) {
      listeners.get(channel)?.delete(listener);
      return this;
    },
  };
  const emit = (channel: string, ...args: unknown[]) => listeners.get(channel)?.forEach((l) => l(...args));
  return { ipc: ipc as unknown as PreloadIpc, invoked, sent, emit, listeners };
}

describe('buildPreloadApi', () => {
  it('exposes exactly the committed allowlist: one function per API method, onEvents and pathForFile, nothing else', () => {
    const { ipc } = fakeIpc();
    const api = buildPreloadApi(ipc, { getPathForFile: () => '' });
    expect(Object.keys(api).sort()).toEqual([...PRELOAD_KEYS].sort());
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
    expect(Object.keys(api)).not.toContain('invoke');
    expect(Object.keys(api)).not.toContain('send');
  });

  it("makes each method invoke its own channel only, with the request as the one argument", async () => {
    const { ipc, invoked } = fakeIpc();
    const api = buildPreloadApi(ipc, { getPathForFile: () => '' }) as unknown as Record<string, (r: unknown) => Promise<unknown>>;
    for (const method of API_METHODS) {
      expect(await api[method]?.({ probe: method })).toEqual({ ok: true, value: ipcChannelOf(method) });
    }
    expect(invoked).toEqual(API_METHODS.map((method) => ({ channel: ipcChannelOf(method), args: [{ probe: method }] })));
  });

  it('relays event batches without the IPC event object (its sender would hand the page ipcRenderer) and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const api = buildPreloadApi(ipc, { getPathForFile: () => '' });
    const received: unknown[][] = [];
    const stop = api.onEvents((...args) => received.push(args));
    const batch: WorkbenchEvent[] = [{ type: 'run-deleted', runId: 4 }];
    emit(IPC_EVENTS_CHANNEL, { sender: 'ipcRenderer' }, batch);
    expect(received).toEqual([[batch]]);
    stop();
    expect(listeners.get(IPC_EVENTS_CHANNEL)?.size).toBe(0);
  });

  it('gives the real path of a dropped file and grants main that path; a file with no path grants nothing', () => {
    const { ipc, sent } = fakeIpc();
    const paths = new Map<object, string>();
    const dropped = {};
    const scripted = {};
    paths.set(dropped, '/home/ada/cifar-10-binary.tar.gz');
    const api = buildPreloadApi(ipc, { getPathForFile: (file) => paths.get(file) ?? '' });
    expect(api.pathForFile(dropped)).toBe('/home/ada/cifar-10-binary.tar.gz');
    expect(api.pathForFile(scripted)).toBe('');
    expect(sent).toEqual([{ channel: IPC_GRANT_PATH_CHANNEL, args: ['/home/ada/cifar-10-binary.tar.gz'] }]);
  });
});
