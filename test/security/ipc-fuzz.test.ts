/**
 * docs/reliability.md T4.3, over the real IPC binding and a real workbench (handlers imported directly, no
 * Electron binary): for every channel, ≥ 500 generated invalid payloads are rejected by the schema with
 * API_BAD_REQUEST, and messages from forged senders (`https://evil`, `file:///other/index.html`, a frame
 * that is gone, a sub-frame, another window) are refused with TRANSPORT_FORBIDDEN_SENDER, in both cases
 * before any side effect: no handler runs, the database is unchanged, and node:fs (spied on) is not touched
 * outside the workbench's own folder. A path the user did not drop is refused for datasets.import.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type * as NodeFs from 'node:fs';
import type * as NodeFsPromises from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiHandlers, ApiMethod } from '../../src/shared/api';
import { API_METHODS, IPC_GRANT_PATH_CHANNEL, ipcChannelOf, uiRequestSchema } from '../../src/shared/api/transport';
import type { ApiResult } from '../../src/shared/api/transport';
import { createUiDispatcher } from '../../src/host/ui-dispatch';
import { APP_INDEX_URL, APP_ORIGIN } from '../../src/main/app-url';
import { bindWorkbenchToIpc } from '../../src/main/ipc-binding';
import { bindPathGrants, createPathGrants, importGuard } from '../../src/main/path-grants';
import { createSenderCheck } from '../../src/main/sender-check';
import type { IpcSender } from '../../src/main/sender-check';
import { openHarness } from '../fixtures/fake-trainer-harness';
import type { Harness } from '../fixtures/fake-trainer-harness';
import { fakeIpcPair } from '../integration/server-transports';
import { uiExamples } from './api-examples';

/** Every path our modules hand to node:fs and node:fs/promises, recorded by a wrapper around each function. */
const fsSpy = vi.hoisted(() => {
  const paths: string[] = [];
  const wrap = <T extends object>(real: T): T => {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(real)) {
      out[name] =
        typeof value === 'function' && /^[a-z]/.test(name)
          ? (...args: unknown[]) => {
              const [first] = args;
              if (typeof first === 'string' || first instanceof URL) paths.push(String(first));
              return (value as (...a: unknown[]) => unknown).apply(real, args);
            }
          : value;
    }
    return out as T;
  };
  return { paths, wrap };
});
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof NodeFs>();
  return { ...fsSpy.wrap(real), default: fsSpy.wrap(real) };
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof NodeFsPromises>();
  return { ...fsSpy.wrap(real), default: fsSpy.wrap(real) };
});

const PAYLOADS_PER_CHANNEL = 500;
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_122);

const OURS: IpcSender = { senderFrame: { url: APP_INDEX_URL, parent: null }, sender: { id: 1 } };
const FORGED: Record<string, IpcSender> = {
  'https://evil': { senderFrame: { url: 'https://evil', parent: null }, sender: { id: 1 } },
  'file:///other/index.html': { senderFrame: { url: 'file:///other/index.html', parent: null }, sender: { id: 1 } },
  'a frame that is gone (null)': { senderFrame: null, sender: { id: 1 } },
  'a sub-frame of our page': { senderFrame: { url: APP_INDEX_URL, parent: {} }, sender: { id: 1 } },
  'our page in another window': { senderFrame: { url: APP_INDEX_URL, parent: null }, sender: { id: 2 } },
};

let h: Harness;
let handlerCalls: ApiMethod[];
let invokeAs: (sender: IpcSender, method: ApiMethod, payload: unknown) => Promise<ApiResult>;
let grant: (path: string) => void;
let examples: ReturnType<typeof uiExamples>;
let droppedDir: string;

/** A count of every table a handler could change. */
function snapshot(): string {
  const runs = h.store.runs.list();
  return JSON.stringify({ runs, datasets: h.store.datasets.list(), events: runs.map((r) => h.store.events.list(r.id)) });
}

beforeAll(async () => {
  h = await openHarness();
  const run = await h.createRun('target');
  droppedDir = join(h.dir, 'dropped-corpus');
  mkdirSync(droppedDir, { recursive: true });
  for (const split of ['train', 'valid', 'test']) writeFileSync(join(droppedDir, `${split}.txt`), 'a b c\n');
  examples = uiExamples(run.id, droppedDir);

  handlerCalls = [];
  const spied = Object.fromEntries(
    Object.entries(h.workbench.handlers).map(([method, handler]) => [
      method,
      (request: unknown) => {
        handlerCalls.push(method as ApiMethod);
        return (handler as (r: unknown) => Promise<unknown>)(request);
      },
    ]),
  ) as ApiHandlers;
  const pair = fakeIpcPair(OURS);
  const isTrustedSender = createSenderCheck(APP_ORIGIN, () => new Set([1]));
  const grants = createPathGrants();
  bindPathGrants(pair.ipcMain, isTrustedSender, grants);
  const dispatcher = createUiDispatcher<IpcSender>({
    handlers: spied,
    log: { log: () => undefined },
    guard: importGuard(grants),
    chooseSaveFile: async () => join(h.dir, 'export.out'),
  });
  bindWorkbenchToIpc({ ipcMain: pair.ipcMain, dispatcher, isTrustedSender, log: { log: () => undefined } });
  invokeAs = async (sender, method, payload) => {
    const handler = pair.handlers.get(ipcChannelOf(method));
    if (handler === undefined) throw new Error(`no handler for ${method}`);
    return structuredClone((await handler(sender, structuredClone(payload))) as ApiResult);
  };
  grant = (path) => pair.ipcRenderer.send(IPC_GRANT_PATH_CHANNEL, path);
});
afterAll(async () => {
  await h?.dispose();
});

/** Payloads the method's UI schema refuses: anything at all, and the valid example with one field broken. */
function invalidPayloads(method: ApiMethod): fc.Arbitrary<unknown> {
  const example = examples[method] as Record<string, unknown>;
  const keys = Object.keys(example);
  const variants: fc.Arbitrary<unknown>[] = [
    fc.anything(),
    fc.dictionary(fc.string(), fc.anything()).map((extra) => ({ ...example, ...extra })),
    fc.anything().map((file) => ({ ...example, file })),
  ];
  if (keys.length > 0) {
    variants.push(
      fc.tuple(fc.constantFrom(...keys), fc.anything()).map(([key, value]) => ({ ...example, [key]: value })),
      fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(example).filter(([k]) => k !== key))),
    );
  }
  const schema = uiRequestSchema(method);
  return fc.oneof(...variants).filter((payload) => !schema.safeParse(payload).success);
}

describe('IPC channels under generated bad payloads (docs/reliability.md T4.3)', () => {
  it.each(API_METHODS)(`%s rejects ${PAYLOADS_PER_CHANNEL} invalid payloads with API_BAD_REQUEST before any side effect`, async (method) => {
    const before = snapshot();
    handlerCalls.length = 0;
    fsSpy.paths.length = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(invalidPayloads(method), async (payload) => {
        runs += 1;
        const result = await invokeAs(OURS, method, payload);
        expect(result.ok === false && result.error.code).toBe('API_BAD_REQUEST');
      }),
      { numRuns: PAYLOADS_PER_CHANNEL, seed: SEED },
    );
    expect(runs).toBeGreaterThanOrEqual(PAYLOADS_PER_CHANNEL);
    expect(handlerCalls).toEqual([]);
    expect(fsSpy.paths.filter((p) => !p.startsWith(h.dir))).toEqual([]);
    expect(snapshot()).toBe(before);
  });
});

describe('IPC channels under forged senders (docs/reliability.md T4.3)', () => {
  it.each(Object.keys(FORGED))('refuses every channel from %s before parsing or running anything', async (name) => {
    const sender = FORGED[name];
    if (sender === undefined) throw new Error(name);
    const before = snapshot();
    handlerCalls.length = 0;
    fsSpy.paths.length = 0;
    for (const method of API_METHODS) {
      const result = await invokeAs(sender, method, examples[method]);
      expect(result.ok === false && result.error.code, method).toBe('TRANSPORT_FORBIDDEN_SENDER');
    }
    expect(handlerCalls).toEqual([]);
    expect(fsSpy.paths).toEqual([]);
    expect(snapshot()).toBe(before);
  });

  it('answers the same valid requests from our own window (the refusals above are the sender, not the payload)', async () => {
    handlerCalls.length = 0;
    for (const method of ['runs.list', 'runs.get', 'datasets.list', 'metrics.seriesNames'] as const) {
      const result = await invokeAs(OURS, method, examples[method]);
      expect(result.ok, method).toBe(true);
    }
    expect(handlerCalls).toEqual(['runs.list', 'runs.get', 'datasets.list', 'metrics.seriesNames']);
  });
});

describe('datasets.import over IPC', () => {
  it('refuses a path the user did not drop, touching no file, then imports it once dropped (the fs spy sees that)', async () => {
    fsSpy.paths.length = 0;
    const refused = await invokeAs(OURS, 'datasets.import', { path: '/etc/passwd' });
    expect(refused.ok === false && refused.error.code).toBe('TRANSPORT_FORBIDDEN_PATH');
    const undropped = await invokeAs(OURS, 'datasets.import', examples['datasets.import']);
    expect(undropped.ok === false && undropped.error.code).toBe('TRANSPORT_FORBIDDEN_PATH');
    expect(fsSpy.paths).toEqual([]);
    grant(droppedDir);
    const imported = await invokeAs(OURS, 'datasets.import', examples['datasets.import']);
    expect(imported.ok).toBe(true);
    expect(fsSpy.paths.some((p) => p.startsWith(droppedDir))).toBe(true);
  });
});
