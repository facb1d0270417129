import { describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../shared/api';
import { EnasError } from '../shared/errors';
import type { LogLevel } from './ports';
import { createUiDispatcher } from './ui-dispatch';
import type { ChooseSaveFile, RequestGuard } from './ui-dispatch';

function setUp(options: { chooseSaveFile?: ChooseSaveFile<string>; guard?: RequestGuard<string>; fail?: unknown } = {}) {
  const calls: { method: string; request: unknown }[] = [];
  const logs: { level: LogLevel; message: string }[] = [];
  const handlers = new Proxy(
    {},
    {
      get: (_target, method) => async (request: unknown) => {
        calls.push({ method: String(method), request });
        if (options.fail !== undefined) throw options.fail;
        return { answered: String(method) };
      },
    },
  ) as ApiHandlers;
  const dispatcher = createUiDispatcher<string>({
    handlers,
    chooseSaveFile: options.chooseSaveFile ?? (async () => '/exports/chosen.json'),
    ...(options.guard === undefined ? {} : { guard: options.guard }),
    log: { log: (level, message) => logs.push({ level, message }) },
  });
  return { dispatcher, calls, logs };
}

describe('createUiDispatcher', () => {
  it('runs the handler with the parsed request, defaults applied, and answers ok', async () => {
    const { dispatcher, calls } = setUp();
    const result = await dispatcher.dispatch('runs.events', { runId: 3 }, 'window-1');
    expect(result).toEqual({ ok: true, value: { answered: 'runs.events' } });
    expect(calls).toEqual([{ method: 'runs.events', request: { runId: 3 } }]);
  });

  it('answers API_UNKNOWN_METHOD for a method that is not in the API, inherited names included, without calling anything', async () => {
    const { dispatcher, calls } = setUp();
    for (const method of ['runs.explode', 'toString', '__proto__', 'constructor']) {
      const result = await dispatcher.dispatch(method, {}, 'w');
      expect(result.ok === false && result.error.code, method).toBe('API_UNKNOWN_METHOD');
    }
    expect(calls).toEqual([]);
  });

  it('answers API_BAD_REQUEST naming the field, before the handler runs', async () => {
    const { dispatcher, calls } = setUp();
    const result = await dispatcher.dispatch('runs.get', { runId: 'one' }, 'w');
    expect(result).toMatchObject({ ok: false, error: { code: 'API_BAD_REQUEST', message: expect.stringMatching(/^API_BAD_REQUEST: runs\.get: runId: /) } });
    expect(calls).toEqual([]);
  });

  it('refuses a file named by the UI for a save method, and writes where the adapter chooses', async () => {
    const asked: unknown[] = [];
    const { dispatcher, calls } = setUp({
      chooseSaveFile: async (method, request, context) => {
        asked.push({ method, request, context });
        return '/downloads/run-4-metrics.csv';
      },
    });
    const refused = await dispatcher.dispatch('exports.metrics', { runId: 4, file: '/home/ada/.bashrc' }, 'w');
    expect(refused.ok === false && refused.error.code).toBe('API_BAD_REQUEST');
    expect(refused.ok === false && refused.error.message).toMatch(/file/);
    expect(asked).toEqual([]);
    const saved = await dispatcher.dispatch('exports.metrics', { runId: 4 }, 'window-7');
    expect(saved.ok).toBe(true);
    expect(asked).toEqual([{ method: 'exports.metrics', request: { runId: 4 }, context: 'window-7' }]);
    expect(calls).toEqual([{ method: 'exports.metrics', request: { runId: 4, file: '/downloads/run-4-metrics.csv' } }]);
  });

  it('answers SAVE_CANCELED when the user cancels the save dialog, and writes nothing', async () => {
    const { dispatcher, calls } = setUp({ chooseSaveFile: async () => undefined });
    const result = await dispatcher.dispatch('exports.run', { runId: 1 }, 'w');
    expect(result.ok === false && result.error.code).toBe('SAVE_CANCELED');
    expect(calls).toEqual([]);
  });

  it("lets the transport's guard refuse a parsed request before the handler runs", async () => {
    const { dispatcher, calls } = setUp({
      guard: (method) => {
        if (method === 'runs.delete') throw new EnasError('TRANSPORT_FORBIDDEN_PATH', 'no');
      },
    });
    expect(await dispatcher.dispatch('runs.delete', { runId: 1 }, 'w')).toMatchObject({ ok: false, error: { code: 'TRANSPORT_FORBIDDEN_PATH' } });
    expect(calls).toEqual([]);
  });

  it('passes an EnasError on as its WireError, and logs an unexpected error as INTERNAL without a stack on the wire', async () => {
    const typed = setUp({ fail: new EnasError('RUN_NOT_FOUND', 'no run with id 9', { runId: 9 }) });
    expect(await typed.dispatcher.dispatch('runs.get', { runId: 9 }, 'w')).toEqual({
      ok: false,
      error: { code: 'RUN_NOT_FOUND', message: 'RUN_NOT_FOUND: no run with id 9', detail: { runId: 9 } },
    });
    expect(typed.logs).toEqual([]);
    const untyped = setUp({ fail: new TypeError('x is undefined') });
    const result = await untyped.dispatcher.dispatch('runs.list', {}, 'w');
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'x is undefined' } });
    expect(untyped.logs.map((l) => l.level)).toEqual(['error']);
  });
});
