import { describe, expect, it } from 'vitest';
import type { DatasetImportProgressReport } from '../../shared/dataset';
import { createProgressReporter } from './import-progress';

describe('import progress reports', () => {
  it('sends the first report at once, then at most one per interval, and always a final one', () => {
    const sent: DatasetImportProgressReport[] = [];
    let t = 1000;
    const reporter = createProgressReporter({ importId: 'u1', name: 'fashion', now: () => t, emit: (r) => sent.push(r) });
    for (let i = 1; i <= 1000; i++) {
      t = 1000 + i; // 1000 calls over one second
      reporter.sink({ file: 'train.gz', done: i, total: 2000, unit: 'bytes' });
    }
    expect(sent.length).toBeGreaterThanOrEqual(9);
    expect(sent.length).toBeLessThanOrEqual(11);
    expect(sent[0]).toEqual({ importId: 'u1', name: 'fashion', phase: 'convert', file: 'train.gz', done: 1, total: 2000, unit: 'bytes' });
    reporter.finish('done');
    expect(sent.at(-1)).toEqual({ importId: 'u1', name: 'fashion', phase: 'done', file: 'train.gz', done: 2000, total: 2000, unit: 'bytes' });
  });

  it('ends a failed import with phase failed where it stopped', () => {
    const sent: DatasetImportProgressReport[] = [];
    const reporter = createProgressReporter({ importId: 'u2', name: 'x', now: () => 0, emit: (r) => sent.push(r) });
    reporter.sink({ file: 'a.bin', done: 5, total: 10, unit: 'records' });
    reporter.finish('failed');
    expect(sent.map((r) => [r.phase, r.done])).toEqual([
      ['convert', 5],
      ['failed', 5],
    ]);
  });
});
