import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSocketClient } from './socket-client';
import type { SocketLike } from './socket-client';

/** A WebSocket the test drives: open, receive, close. */
class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: string[] = [];
  private readonly listeners = new Map<string, ((event: { data: unknown }) => void)[]>();

  constructor(readonly url: string, readonly protocol: string) {}

  send(data: string): void {
    this.sent.push(data);
  }

  close(): void {
    this.fire('close');
  }

  addEventListener(type: string, listener: (event: { data: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  fire(type: string, data?: unknown): void {
    if (type === 'open') this.readyState = 1;
    if (type === 'close') this.readyState = 3;
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }

  reply(frame: unknown): void {
    this.fire('message', JSON.stringify(frame));
  }
}

function setUp() {
  const sockets: FakeSocket[] = [];
  const client = createSocketClient({
    url: 'ws://127.0.0.1:8765/api?token=t',
    protocol: 'enas-workbench.v1',
    createSocket: (url, protocol) => {
      const socket = new FakeSocket(url, protocol);
      sockets.push(socket);
      return socket;
    },
    retryDelayMs: 100,
    maxDelayMs: 400,
  });
  const last = (): FakeSocket => {
    const socket = sockets.at(-1);
    if (socket === undefined) throw new Error('no socket');
    return socket;
  };
  return { client, sockets, last };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createSocketClient', () => {
  it('holds calls made before the connection opens, then matches each result to its call by id', async () => {
    const { client, last } = setUp();
    expect(last().protocol).toBe('enas-workbench.v1');
    const a = client.invoke('runs.list', {});
    const b = client.invoke('runs.get', { runId: 2 });
    expect(last().sent).toEqual([]);
    last().fire('open');
    const frames = last().sent.map((s) => JSON.parse(s) as { id: number; method: string; request: unknown });
    expect(frames.map((f) => [f.method, f.request])).toEqual([
      ['runs.list', {}],
      ['runs.get', { runId: 2 }],
    ]);
    last().reply({ type: 'result', id: frames[1]?.id, result: { ok: false, error: { code: 'RUN_NOT_FOUND', message: 'no run' } } });
    last().reply({ type: 'result', id: frames[0]?.id, result: { ok: true, value: [] } });
    expect(await a).toEqual({ ok: true, value: [] });
    expect(await b).toEqual({ ok: false, error: { code: 'RUN_NOT_FOUND', message: 'no run' } });
  });

  it('delivers event batches and ignores frames that are not the wire format', () => {
    const { client, last } = setUp();
    const batches: unknown[] = [];
    client.onEvents((events) => batches.push(events));
    last().fire('open');
    last().fire('message', 'not json');
    last().reply({ type: 'events', events: [{ type: 'no-such-event' }] });
    last().fire('message', new ArrayBuffer(4));
    last().reply({ type: 'events', events: [{ type: 'run-deleted', runId: 3 }] });
    expect(batches).toEqual([[{ type: 'run-deleted', runId: 3 }]]);
  });

  it('says it is not connected until the socket opens, answers calls in flight TRANSPORT_CLOSED when it drops, reconnects with backoff', async () => {
    const { client, sockets, last } = setUp();
    const states: boolean[] = [];
    client.onConnection((connected) => states.push(connected));
    expect(states).toEqual([false]);
    last().fire('open');
    const inFlight = client.invoke('runs.start', { runId: 1 });
    last().fire('close');
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'TRANSPORT_CLOSED' } });
    const waiting = client.invoke('runs.list', {});
    await vi.advanceTimersByTimeAsync(99);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
    last().fire('close');
    await vi.advanceTimersByTimeAsync(200);
    expect(sockets).toHaveLength(3);
    last().fire('open');
    const frame = JSON.parse(last().sent[0] ?? '{}') as { id: number };
    last().reply({ type: 'result', id: frame.id, result: { ok: true, value: ['run'] } });
    expect(await waiting).toEqual({ ok: true, value: ['run'] });
    expect(states).toEqual([false, true, false, true]);
  });

  it('closes for good: no reconnect, later calls answered TRANSPORT_CLOSED', async () => {
    const { client, sockets, last } = setUp();
    last().fire('open');
    client.close();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(1);
    expect(await client.invoke('runs.list', {})).toMatchObject({ ok: false, error: { code: 'TRANSPORT_CLOSED' } });
  });
});
