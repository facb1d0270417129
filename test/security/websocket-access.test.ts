/**
 * Browser mode's door (docs/reliability.md T4, docs/architecture.md §4): a WebSocket without the token, with a wrong one,
 * from another site's page or without our subprotocol is refused at the upgrade with an HTTP status, so it
 * never becomes a WebSocket and receives nothing, not even the events pushed meanwhile. With the token,
 * frames that are not the wire format are answered `rejected` and run nothing. Downloads need the token too,
 * and no URL reaches a file outside the UI or exports folders.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ApiHandlers } from '../../src/shared/api';
import { WS_PROTOCOL } from '../../src/shared/api/transport';
import type { ServerFrame } from '../../src/shared/api/transport';
import { startWorkbenchServer } from '../../src/server/workbench-server';
import type { WorkbenchServer } from '../../src/server/workbench-server';
import { openHarness } from '../fixtures/fake-trainer-harness';
import type { Harness } from '../fixtures/fake-trainer-harness';

const TOKEN = 'q7yV0c3XhQfWb2Z8s1dK9mN4pR6tU5wA_-xYzEeGgHh';
let h: Harness;
let server: WorkbenchServer;
let calls: string[];
let runId: number;

beforeAll(async () => {
  h = await openHarness();
  runId = (await h.createRun('watched')).id;
  calls = [];
  const handlers = Object.fromEntries(
    Object.entries(h.workbench.handlers).map(([method, handler]) => [
      method,
      (request: unknown) => {
        calls.push(method);
        return (handler as (r: unknown) => Promise<unknown>)(request);
      },
    ]),
  ) as ApiHandlers;
  const rendererDir = join(h.dir, 'renderer');
  const exportsDir = join(h.dir, 'exports');
  mkdirSync(rendererDir, { recursive: true });
  mkdirSync(exportsDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ui</title>');
  writeFileSync(join(exportsDir, 'run-1.json'), '{"secret":"export"}');
  writeFileSync(join(h.dir, 'outside.txt'), 'outside');
  server = await startWorkbenchServer({
    workbench: { handlers, subscribe: h.workbench.subscribe },
    rendererDir,
    exportsDir,
    token: TOKEN,
    port: 0,
    log: { log: () => undefined },
  });
});
afterAll(async () => {
  await server?.close();
  await h?.dispose();
});

/** A raw HTTP upgrade: everything the server sends back until it closes (or 1 s passes). */
function rawUpgrade(path: string, headers: Record<string, string> = {}, host = `127.0.0.1:${server.port}`): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    setTimeout(() => {
      socket.destroy();
      resolve(received);
    }, 1000);
    const lines = [
      `GET ${path} HTTP/1.1`,
      `Host: ${host}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Protocol: ${WS_PROTOCOL}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ];
    socket.write(lines.join('\r\n'));
  });
}

function open(query: string, options: { origin?: string; protocol?: string } = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${server.port}/api${query}`,
      options.protocol ?? WS_PROTOCOL,
      options.origin === undefined ? {} : { origin: options.origin },
    );
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextFrame(ws: WebSocket): Promise<ServerFrame> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)) as ServerFrame)));
}

describe('the WebSocket door', () => {
  it('gives a connection without the token nothing but a 401, even while events are pushed', async () => {
    const attempt = rawUpgrade('/api');
    await h.workbench.invoke('runs.rename', { runId, name: 'renamed while knocking' });
    const received = await attempt;
    expect(received).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(received).not.toContain('renamed while knocking');
    expect(received).not.toContain('101 Switching Protocols');
  });

  it('refuses a wrong token, a truncated one, another case, an empty one and the token in another parameter', async () => {
    const lower = TOKEN.toLowerCase();
    for (const query of ['?token=wrong', `?token=${TOKEN.slice(0, -1)}`, `?token=${lower}`, '?token=', `?access=${TOKEN}`]) {
      await expect(open(query), query).rejects.toThrow('HTTP 401');
    }
  });

  it("refuses another site's page even with the token (cross-site WebSocket hijacking), and a client without our subprotocol", async () => {
    await expect(open(`?token=${TOKEN}`, { origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(open(`?token=${TOKEN}`, { protocol: 'chat' })).rejects.toThrow('HTTP 400');
    const sameOrigin = await open(`?token=${TOKEN}`, { origin: `http://127.0.0.1:${server.port}` });
    sameOrigin.close();
    expect(await rawUpgrade(`/elsewhere?token=${TOKEN}`)).toMatch(/^HTTP\/1\.1 404/);
  });

  it('refuses a foreign Host even with the token and a matching Origin (DNS rebinding), and accepts the loopback names', async () => {
    for (const host of [`evil.example:${server.port}`, 'evil.example', `127.0.0.1:${server.port + 1}`, `127.0.0.1.evil.example:${server.port}`, '']) {
      const received = await rawUpgrade(`/api?token=${TOKEN}`, { Origin: `http://${host}` }, host);
      expect(received, host).toMatch(/^HTTP\/1\.1 421 /);
      expect(received, host).not.toContain('101 Switching Protocols');
    }
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`]) {
      expect(await rawUpgrade(`/api?token=${TOKEN}`, { Origin: `http://${host}` }, host), host).toMatch(/^HTTP\/1\.1 101 /);
    }
  });

  it('answers frames that are not the wire format `rejected`, and runs nothing', async () => {
    const ws = await open(`?token=${TOKEN}`);
    calls.length = 0;
    for (const frame of ['not json', '{"method":"runs.list","request":{}}', '{"id":-1,"method":"runs.list"}', '[1,2,3]', 'null']) {
      const answer = nextFrame(ws);
      ws.send(frame);
      expect(await answer, frame).toMatchObject({ type: 'rejected', error: { code: 'TRANSPORT_BAD_FRAME' } });
    }
    const binary = nextFrame(ws);
    ws.send(Buffer.from([1, 2, 3]));
    expect(await binary).toMatchObject({ type: 'rejected', error: { code: 'TRANSPORT_BAD_FRAME' } });
    const bad = nextFrame(ws);
    ws.send(JSON.stringify({ id: 1, method: 'runs.delete', request: { runId: 'all' } }));
    expect(await bad).toMatchObject({ type: 'result', id: 1, result: { ok: false, error: { code: 'API_BAD_REQUEST' } } });
    expect(calls).toEqual([]);
    const good = nextFrame(ws);
    ws.send(JSON.stringify({ id: 2, method: 'runs.get', request: { runId } }));
    expect(await good).toMatchObject({ type: 'result', id: 2, result: { ok: true } });
    expect(calls).toEqual(['runs.get']);
    ws.close();
  });

  it('closes a connection that sends a frame over 4 MiB (1009), before reading it as a call', async () => {
    const ws = await open(`?token=${TOKEN}`);
    calls.length = 0;
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ id: 1, method: 'runs.notes', request: { runId, notes: 'x'.repeat(5 * 1024 * 1024) } }));
    expect(await closed).toBe(1009);
    expect(calls).toEqual([]);
  });
});

describe('the HTTP side', () => {
  const get = (path: string, method = 'GET') => fetch(`http://127.0.0.1:${server.port}${path}`, { method });

  it('serves the UI with its CSP, and downloads an export only with the token', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await get('/exports/run-1.json')).status).toBe(401);
    expect((await get('/exports/run-1.json?token=wrong')).status).toBe(401);
    const download = await get(`/exports/run-1.json?token=${TOKEN}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="run-1.json"');
    expect(await download.text()).toBe('{"secret":"export"}');
  });

  it('serves nothing, not even the UI, to a request for a foreign Host', async () => {
    const viaHost = (host: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const socket = connect(server.port, '127.0.0.1');
        let received = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (received += chunk));
        socket.on('error', reject);
        socket.on('close', () => resolve(received));
        socket.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      });
    const foreign = await viaHost(`attacker.example:${server.port}`);
    expect(foreign).toMatch(/^HTTP\/1\.1 421 /);
    expect(foreign).not.toContain('<title>ui</title>');
    expect(await viaHost(`localhost:${server.port}`)).toMatch(/^HTTP\/1\.1 200 [\s\S]*<title>ui<\/title>/);
  });

  it('reaches no file outside its folders and answers only GET and HEAD', async () => {
    for (const path of ['/../outside.txt', '/%2e%2e/outside.txt', `/exports/..%2foutside.txt?token=${TOKEN}`, '/exports/../outside.txt', '/workbench.db']) {
      const response = await get(path);
      expect([401, 404], path).toContain(response.status);
      expect(await response.text()).not.toContain('outside');
    }
    expect((await get('/', 'POST')).status).toBe(405);
    expect((await get('/', 'HEAD')).status).toBe(200);
  });
});
