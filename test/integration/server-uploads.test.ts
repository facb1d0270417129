/**
 * Browser-mode dataset uploads against a real server and workbench: `POST /uploads`, `PUT` per file and
 * `datasets.importUpload` over the WebSocket. The boundary refuses what it must (no token 401, unknown id
 * 404, other methods 405, paths that would leave the upload folder 400, bodies over the caps 413 with no
 * file kept), a refused import leaves no dataset row and no upload or staging files, and a valid upload is
 * imported with exact counts while progress reports are pushed, the last one `done`.
 */
import { request } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WorkbenchEvent } from '../../src/shared/api';
import { WS_PROTOCOL } from '../../src/shared/api/transport';
import { nodeLauncher } from '../../src/host/node-launcher';
import { createWorkbench } from '../../src/host/workbench';
import type { Workbench } from '../../src/host/workbench';
import { startWorkbenchServer } from '../../src/server/workbench-server';
import type { WorkbenchServer } from '../../src/server/workbench-server';
import { openStore } from '../../src/store/store';
import type { Store } from '../../src/store/store';
import { bridgeOver, socketTransport } from '../../src/renderer/api/bridge';
import type { WorkbenchBridge } from '../../src/renderer/api/bridge';
import { createSocketClient } from '../../src/renderer/api/socket-client';
import type { SocketClient, SocketLike } from '../../src/renderer/api/socket-client';
import { NAMES, validIdxSet } from '../fixtures/datasets/idx-folders';
import { rejection } from './server-transports';

const TOKEN = 'upload-test-token';
/** Small caps, so the tests can cross them cheaply. */
const MAX_FILE = 200_000;
const MAX_TOTAL = 300_000;

let dir: string;
let store: Store;
let workbench: Workbench;
let server: WorkbenchServer;
let client: SocketClient;
let bridge: WorkbenchBridge;
const pushed: WorkbenchEvent[] = [];

interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/** One raw HTTP request: the path goes out exactly as written (no URL normalisation on the way). */
function send(method: string, path: string, body?: Uint8Array | Uint8Array[], headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text === '' ? undefined : (JSON.parse(text) as unknown), headers: res.headers });
      });
    });
    req.on('error', reject);
    if (Array.isArray(body)) {
      // Chunked, with no Content-Length: the server only learns the size while reading.
      for (const part of body) req.write(part);
      req.end();
    } else {
      req.end(body);
    }
  });
}

const q = `?token=${TOKEN}`;

async function newUpload(): Promise<string> {
  const answer = await send('POST', `/uploads${q}`);
  expect(answer.status).toBe(201);
  return (answer.body as { uploadId: string }).uploadId;
}

/** Every file under `root`, as relative paths. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enas-uploads-'));
  store = openStore(join(dir, 'workbench.db'));
  workbench = await createWorkbench({
    store,
    launcher: nodeLauncher,
    trainer: { entry: join(dir, 'no-trainer.js') },
    paths: { dataDir: join(dir, 'data'), checkpointDir: join(dir, 'checkpoints') },
    uploadLimits: { maxFileBytes: MAX_FILE, maxTotalBytes: MAX_TOTAL, maxFiles: 5 },
  });
  workbench.subscribe((event) => pushed.push(event));
  server = await startWorkbenchServer({ workbench, rendererDir: join(dir, 'renderer'), exportsDir: join(dir, 'exports'), token: TOKEN, port: 0, log: { log: () => undefined } });
  client = createSocketClient({
    url: `ws://127.0.0.1:${server.port}/api?token=${TOKEN}`,
    protocol: WS_PROTOCOL,
    createSocket: (url, protocol) => new WebSocket(url, protocol) as unknown as SocketLike,
  });
  bridge = bridgeOver(socketTransport(client));
});

afterAll(async () => {
  client?.close();
  await server?.close();
  await workbench?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the upload endpoint', () => {
  it('refuses every request without the right token with 401 and the API error shape', async () => {
    const id = await newUpload();
    for (const [method, path] of [
      ['POST', '/uploads'],
      ['POST', '/uploads?token=wrong'],
      ['PUT', `/uploads/${id}/a.txt`],
      ['DELETE', `/uploads/${id}?token=`],
    ] as const) {
      const answer = await send(method, path, method === 'PUT' ? new Uint8Array(10) : undefined);
      expect(answer.status, `${method} ${path}`).toBe(401);
      expect(answer.body).toEqual({ code: 'UPLOAD_UNAUTHORIZED', message: expect.stringContaining('token') });
    }
    expect(filesUnder(workbench.uploads.root)).toEqual([]);
    expect((await send('DELETE', `/uploads/${id}${q}`)).status).toBe(204);
  });

  it('refuses a cross-site page (an Origin that is not this server) with 401', async () => {
    const answer = await send('POST', `/uploads${q}`, undefined, { Origin: 'https://evil.example' });
    expect(answer.status).toBe(401);
  });

  it('answers 404 for an unknown upload id and 405 for methods it does not take', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await send('PUT', `/uploads/${unknown}/a.txt${q}`, new Uint8Array(3))).status).toBe(404);
    expect((await send('PUT', `/uploads/not-an-id/a.txt${q}`, new Uint8Array(3))).body).toMatchObject({ code: 'UPLOAD_NOT_FOUND' });
    expect((await send('DELETE', `/uploads/${unknown}${q}`)).status).toBe(404);
    const id = await newUpload();
    const get = await send('GET', `/uploads${q}`);
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await send('POST', `/uploads/${id}/a.txt${q}`, new Uint8Array(3))).status).toBe(405);
    expect((await send('PATCH', `/uploads/${id}${q}`)).status).toBe(405);
    expect((await send('DELETE', `/uploads/${id}${q}`)).status).toBe(204);
    expect((await send('PUT', `/uploads/${id}/a.txt${q}`, new Uint8Array(3))).status).toBe(404);
  });

  it('refuses paths that would leave the upload folder, and writes nothing for them', async () => {
    const id = await newUpload();
    const hostile = [
      '..',
      '../escaped.txt',
      'a/../../escaped.txt',
      '%2e%2e/escaped.txt',
      'a/%2E%2E/%2e%2e/escaped.txt',
      '..%2Fescaped.txt',
      '/etc/passwd',
      '%2Fetc%2Fpasswd',
      'a%5C..%5C..%5Cescaped.txt',
      'nul%00byte.txt',
      'a//b.txt',
      './a.txt',
      'C:%5Cwindows.txt',
      Array.from({ length: 17 }, () => 'd').join('/'),
      'x'.repeat(256),
      '%E0%A4%A',
    ];
    for (const path of hostile) {
      const answer = await send('PUT', `/uploads/${id}/${path}${q}`, new TextEncoder().encode('escape'));
      expect(answer.status, path).toBe(400);
      expect(answer.body, path).toMatchObject({ code: 'UPLOAD_BAD_PATH' });
    }
    expect(filesUnder(workbench.uploads.root)).toEqual([]);
    expect(filesUnder(dir).filter((f) => f.includes('escaped') || f.includes('passwd'))).toEqual([]);
    // A sound nested path in the same upload is still taken.
    expect((await send('PUT', `/uploads/${id}/flowers/daisy/1.png${q}`, new Uint8Array(5))).status).toBe(201);
    expect((await send('PUT', `/uploads/${id}/flowers/daisy/1.png${q}`, new Uint8Array(5))).body).toMatchObject({ code: 'UPLOAD_FILE_EXISTS' });
    expect((await send('DELETE', `/uploads/${id}${q}`)).status).toBe(204);
  });

  it('stops a body over the file cap while it streams and keeps no part of it', async () => {
    const id = await newUpload();
    // Declared too large: refused before the body is read.
    const declared = await send('PUT', `/uploads/${id}/big.bin${q}`, new Uint8Array(MAX_FILE + 1));
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ code: 'UPLOAD_TOO_LARGE', message: expect.stringContaining('big.bin') });
    // Undeclared (chunked): refused at the chunk that crosses the cap, the partial file removed.
    const chunks = Array.from({ length: 40 }, () => new Uint8Array(16_384));
    const streamed = await send('PUT', `/uploads/${id}/streamed.bin${q}`, chunks).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
    // The server answers 413 or, when the client is still writing as it cuts the connection, the client sees a reset.
    if (!(streamed instanceof Error)) expect(streamed.status).toBe(413);
    expect(filesUnder(workbench.uploads.root)).toEqual([]);
    // The total cap counts every file of the upload.
    expect((await send('PUT', `/uploads/${id}/one.bin${q}`, new Uint8Array(MAX_FILE - 10))).status).toBe(201);
    const over = await send('PUT', `/uploads/${id}/two.bin${q}`, new Uint8Array(MAX_TOTAL - MAX_FILE + 20));
    expect(over.status).toBe(413);
    expect(filesUnder(join(workbench.uploads.root, id))).toEqual(['one.bin']);
    expect((await send('DELETE', `/uploads/${id}${q}`)).status).toBe(204);
    expect(existsSync(join(workbench.uploads.root, id))).toBe(false);
  });

  it('refuses more files than the count cap', async () => {
    const id = await newUpload();
    for (let i = 0; i < 5; i++) expect((await send('PUT', `/uploads/${id}/f${i}.txt${q}`, new Uint8Array(1))).status).toBe(201);
    expect((await send('PUT', `/uploads/${id}/f5.txt${q}`, new Uint8Array(1))).body).toMatchObject({ code: 'UPLOAD_TOO_MANY_FILES' });
    expect((await send('DELETE', `/uploads/${id}${q}`)).status).toBe(204);
  });
});

describe('datasets.import over the WebSocket', () => {
  it('refuses any path outside the upload area (a system file, a folder of images, a symlink out), and imports nothing', async () => {
    const before = store.datasets.list().length;
    const outside = join(dir, 'outside');
    mkdirSync(join(outside, 'cats'), { recursive: true });
    writeFileSync(join(outside, 'secret.txt'), 'the secret first line\n'.repeat(50));
    mkdirSync(workbench.uploads.root, { recursive: true });
    const link = join(workbench.uploads.root, 'link-out');
    symlinkSync(outside, link);
    try {
      for (const [path, format] of [
        ['/etc/passwd', 'text'],
        [join(outside, 'secret.txt'), 'text'],
        [outside, 'image-folder'],
        [join(link, 'secret.txt'), 'text'],
        [join(workbench.uploads.root, '..', '..', 'outside', 'secret.txt'), 'text'],
        [`${workbench.uploads.root}-sibling/secret.txt`, 'text'],
        [workbench.uploads.root, 'text'],
      ] as const) {
        const err = await rejection(bridge.call('datasets.import', { path, format }));
        expect(err.code, path).toBe('TRANSPORT_FORBIDDEN_PATH');
        expect(err.message, path).toContain('upload');
      }
    } finally {
      rmSync(link);
    }
    expect(store.datasets.list()).toHaveLength(before);
  });

  it('imports a path inside the upload area (where a browser upload lands)', async () => {
    const set = validIdxSet(3);
    const id = await newUpload();
    expect((await send('PUT', `/uploads/${id}/${NAMES.trainImages}${q}`, set.trainImages)).status).toBe(201);
    expect((await send('PUT', `/uploads/${id}/${NAMES.trainLabels}${q}`, set.trainLabels)).status).toBe(201);
    const dataset = await bridge.call('datasets.import', { path: join(workbench.uploads.root, id), name: 'in the area', options: { validationSize: 6 } });
    expect(dataset).toMatchObject({ name: 'in the area', format: 'idx', summary: { counts: { train: 54, valid: 6 } } });
    expect((await send('DELETE', `/uploads/${id}${q}`)).status).toBe(204);
  });
});

describe('datasets.importUpload', () => {
  it('imports an uploaded gzip IDX pair with exact counts, pushes progress, and removes the upload', async () => {
    const set = validIdxSet(3);
    const id = await newUpload();
    expect((await send('PUT', `/uploads/${id}/${NAMES.trainImages}.gz${q}`, gzipSync(set.trainImages))).status).toBe(201);
    expect((await send('PUT', `/uploads/${id}/${NAMES.trainLabels}.gz${q}`, gzipSync(set.trainLabels))).status).toBe(201);
    pushed.length = 0;
    const dataset = await bridge.call('datasets.importUpload', { uploadId: id, name: 'tiny idx', options: { validationSize: 6 } });
    expect(dataset).toMatchObject({ name: 'tiny idx', kind: 'image', format: 'idx', summary: { counts: { train: 54, valid: 6 } } });
    expect(store.datasets.get(dataset.id)).toEqual(dataset);
    const reports = pushed.flatMap((e) => (e.type === 'dataset-import-progress' ? [e.progress] : []));
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((r) => r.importId === id && r.name === 'tiny idx')).toBe(true);
    expect(reports.at(-1)).toMatchObject({ phase: 'done' });
    expect(workbench.uploads.has(id)).toBe(false);
    expect(readdirSync(workbench.uploads.root)).not.toContain(id);
    const preview = await bridge.call('datasets.preview', { datasetId: dataset.id, perClass: 2 });
    if (preview.kind !== 'image') throw new Error('expected an image preview');
    expect(preview.classCounts.train.reduce((a, b) => a + b, 0)).toBe(54);
    expect(preview.samples.length).toBeGreaterThan(0);
  });

  it('a refused import leaves no dataset row, no upload and no staging files, and names the file', async () => {
    const before = store.datasets.list().length;
    const set = validIdxSet(4);
    const broken = Uint8Array.from(set.trainImages);
    broken[2] = 0x07;
    const id = await newUpload();
    await send('PUT', `/uploads/${id}/${NAMES.trainImages}${q}`, broken);
    await send('PUT', `/uploads/${id}/${NAMES.trainLabels}${q}`, set.trainLabels);
    pushed.length = 0;
    const err = await rejection(bridge.call('datasets.importUpload', { uploadId: id }));
    expect(err.code).toBe('IDX_BAD_TYPE');
    expect(err.message).toContain(NAMES.trainImages);
    expect(err.detail).toMatchObject({ file: expect.stringContaining(NAMES.trainImages) });
    expect(store.datasets.list()).toHaveLength(before);
    expect(readdirSync(workbench.uploads.root)).not.toContain(id);
    expect(filesUnder(join(dir, 'data', '.staging'))).toEqual([]);
    const last = pushed.flatMap((e) => (e.type === 'dataset-import-progress' ? [e.progress] : [])).at(-1);
    expect(last).toMatchObject({ importId: id, phase: 'failed' });
  });

  it('answers UPLOAD_NOT_FOUND for an unknown id and UPLOAD_EMPTY (and drops it) for an upload with no files', async () => {
    expect((await rejection(bridge.call('datasets.importUpload', { uploadId: '00000000-0000-4000-8000-000000000000' }))).code).toBe('UPLOAD_NOT_FOUND');
    const id = await newUpload();
    expect((await rejection(bridge.call('datasets.importUpload', { uploadId: id }))).code).toBe('UPLOAD_EMPTY');
    expect(workbench.uploads.has(id)).toBe(false);
    // Every test removed what it uploaded: nothing is left in the upload area.
    expect(readdirSync(workbench.uploads.root)).toEqual([]);
  });
});
