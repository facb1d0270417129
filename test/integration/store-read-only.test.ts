/**
 * Read access is read-only all the way down: the workbench refuses every method whose spec declares
 * `writes: true` (and only those), and the store under it is opened with SQLITE_OPEN_READONLY, so even a
 * write that skips the handlers (a repository called directly) is refused by SQLite, and the file is
 * untouched. It opens beside a running writer, and on a database whose writer has closed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_WRITE_METHODS, workbenchApi } from '../../src/shared/api';
import type { ApiMethod } from '../../src/shared/api';
import { EnasError } from '../../src/shared/errors';
import { openWorkbenchAt } from '../../src/host/open-workbench';
import type { OpenedWorkbench } from '../../src/host/open-workbench';
import { openStore } from '../../src/store/store';
import { uiExamples } from '../security/api-examples';

let dir: string;
let paths: { dbFile: string; dataDir: string; checkpointDir: string };
let runId: number;

const open = (access: 'read' | 'write'): Promise<OpenedWorkbench> =>
  openWorkbenchAt({ ...paths, access, trainer: { entry: join(dir, 'no-trainer.js') } });

async function failure(promise: Promise<unknown>): Promise<EnasError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof EnasError)) throw new Error(`expected an EnasError, got ${String(err)}`);
  return err;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enas-read-only-'));
  paths = { dbFile: join(dir, 'workbench.db'), dataDir: join(dir, 'data'), checkpointDir: join(dir, 'checkpoints') };
  // The database as a writing open leaves it (migrated, WAL, closed), then a run to read in it.
  await (await open('write')).close();
  const s = openStore(paths.dbFile);
  const ds = s.datasets.create({ name: 'tiny', kind: 'image', format: 'idx', path: 'datasets/tiny', summary: { counts: { train: 1 }, shapes: {}, classes: [] } });
  runId = s.runs.create({
    name: 'original',
    tags: [],
    notes: '',
    space: 'micro',
    strategy: 'enas',
    preset: 'quick',
    datasetId: ds.id,
    config: {},
    parentRunId: null,
    seed: 1,
    backend: 'cpu',
    versions: {},
  }).id;
  s.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('read access', () => {
  it('declares writes on exactly the methods that change the database', () => {
    expect([...DATABASE_WRITE_METHODS].sort()).toEqual(
      ['datasets.import', 'datasets.importUpload', 'runs.create', 'runs.delete', 'runs.notes', 'runs.rename', 'runs.resume', 'runs.start', 'runs.stop', 'runs.tag', 'studies.create', 'studies.resume', 'studies.slurmCancel', 'studies.slurmRefresh', 'studies.stop'],
    );
    for (const method of Object.keys(workbenchApi) as ApiMethod[]) expect(typeof workbenchApi[method].writes, method).toBe('boolean');
  });

  it('refuses every write method, answers the reads, and SQLite itself refuses a write that skips the handlers', async () => {
    const before = readFileSync(paths.dbFile);
    const reader = await open('read');
    try {
      const { workbench } = reader;
      const examples = uiExamples(runId, dir);
      for (const method of DATABASE_WRITE_METHODS) {
        const err = await failure(workbench.invoke(method, examples[method]));
        expect(err.code, method).toBe('WORKBENCH_READ_ONLY');
      }
      expect((await workbench.handlers['runs.list']({})).map((r) => r.name)).toEqual(['original']);
    } finally {
      await reader.close();
    }
    expect(readFileSync(paths.dbFile).equals(before)).toBe(true);
  });

  it('opens the store with SQLITE_OPEN_READONLY: a direct repository write fails with STORE_READ_ONLY', () => {
    const store = openStore(paths.dbFile, { readOnly: true });
    try {
      expect(store.runs.get(runId)?.name).toBe('original');
      let err: unknown;
      try {
        store.runs.annotate(runId, { name: 'changed' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EnasError);
      expect((err as EnasError).code).toBe('STORE_READ_ONLY');
    } finally {
      store.close();
    }
    const check = openStore(paths.dbFile);
    expect(check.runs.get(runId)?.name).toBe('original');
    check.close();
  });

  it('reads beside a running writer and sees its commits', async () => {
    const writer = await open('write');
    try {
      await writer.workbench.handlers['runs.rename']({ runId, name: 'renamed by the writer' });
      const reader = await open('read');
      try {
        expect((await reader.workbench.handlers['runs.get']({ runId })).run.name).toBe('renamed by the writer');
      } finally {
        await reader.close();
      }
    } finally {
      await writer.close();
    }
  });
});
