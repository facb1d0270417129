/**
 * Exports of a run the fake trainer completed: the run as JSON, metrics and samples as CSV (parsed back
 * with an RFC 4180 reader written here), architectures as JSON and arc strings, weights as safetensors.
 * Contents are checked against what the fake trainer is known to have sent, not just that a file exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NamedTensor } from '../../src/host/exports/safetensors';
import { openHarness } from '../fixtures/fake-trainer-harness';
import type { Harness } from '../fixtures/fake-trainer-harness';

/** RFC 4180: CRLF-separated records, commas between fields, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}

/** The fake trainer's checkpoints are JSON `{ weights: { name: number[] } }`. */
function readFakeWeights(checkpoint: Uint8Array): NamedTensor[] {
  const { weights } = JSON.parse(new TextDecoder().decode(checkpoint)) as { weights: Record<string, number[]> };
  return Object.entries(weights).map(([name, values]) => ({ name, dtype: 'F32', shape: [values.length], data: new Float32Array(values) }));
}

let h: Harness;
let runId: number;
const STEPS = 30;

beforeAll(async () => {
  h = await openHarness({ behaviour: { steps: STEPS, checkpointEvery: 10 }, workbench: { readCheckpointWeights: readFakeWeights } });
  const run = await h.createRun('export me, "quoted"');
  runId = run.id;
  await h.workbench.handlers['runs.start']({ runId });
  await h.workbench.idle(runId);
  expect(h.store.runs.get(runId)?.status).toBe('completed');
});
afterAll(async () => {
  await h.dispose();
});

const out = (name: string): string => join(h.dir, name);

describe('exports of a completed run', () => {
  it('writes the run as JSON with its config, derived ranking and checkpoints', async () => {
    const result = await h.workbench.handlers['exports.run']({ runId, file: out('run.json') });
    const doc = JSON.parse(readFileSync(result.file, 'utf8'));
    expect(result.bytes).toBe(readFileSync(result.file).length);
    expect(doc.format).toBe('enas-run');
    expect(doc.run.name).toBe('export me, "quoted"');
    expect(doc.run.status).toBe('completed');
    expect(doc.run.config.space.space).toBe('micro');
    expect(doc.run.config.job).toEqual({ kind: 'search' });
    expect(doc.run.config.seed).toBe(7);
    expect(doc.derived).toEqual([
      { rank: 1, arc: '0 1 0 2', archId: 'arch-6', score: 0.6 },
      { rank: 2, arc: '1 1 2 2', archId: 'arch-5', score: 0.5 },
    ]);
    expect(doc.checkpoints.map((c: { step: number }) => c.step)).toEqual([9, 19, 29]);
    expect(doc.series).toEqual(['child/accuracy', 'child/loss', 'epoch/valid-accuracy', 'search/best-reward']);
  });

  it('writes every metric point as series,step,value CSV that parses back to the values sent', async () => {
    const result = await h.workbench.handlers['exports.metrics']({ runId, file: out('metrics.csv') });
    const rows = parseCsv(readFileSync(result.file, 'utf8'));
    expect(rows[0]).toEqual(['series', 'step', 'value']);
    expect(result.rows).toBe(rows.length - 1);
    const loss = rows.filter((r) => r[0] === 'child/loss');
    expect(loss.map((r) => Number(r[1]))).toEqual([...Array(STEPS).keys()]);
    expect(loss.map((r) => Number(r[2]))).toEqual([...Array(STEPS).keys()].map((s) => 1 / (s + 1)));
    expect(rows.filter((r) => r[0] === 'epoch/valid-accuracy').map((r) => r[1])).toEqual(['9', '19', '29']);
    // Two series per step, three epoch points, and the final result the trainer reported (one point).
    expect(rows.filter((r) => r[0] === 'search/best-reward').map((r) => Number(r[2]))).toEqual([0.6]);
    expect(result.rows).toBe(STEPS * 2 + 3 + 1);
  });

  it('exports only the series asked for', async () => {
    const result = await h.workbench.handlers['exports.metrics']({ runId, file: out('loss.csv'), series: ['child/loss'] });
    const rows = parseCsv(readFileSync(result.file, 'utf8'));
    expect(new Set(rows.slice(1).map((r) => r[0]))).toEqual(new Set(['child/loss']));
  });

  it('writes samples as CSV with failures quoted properly', async () => {
    const result = await h.workbench.handlers['exports.samples']({ runId, file: out('samples.csv') });
    const rows = parseCsv(readFileSync(result.file, 'utf8'));
    expect(rows[0]).toEqual(['seq', 'step', 'arc', 'arch_id', 'reward', 'baseline', 'log_prob', 'entropy', 'valid_score', 'param_count', 'status', 'failure']);
    expect(rows).toHaveLength(STEPS + 1);
    expect(rows[1 + 3]).toEqual(['3', '3', '3 1 0 2', 'arch-3', '0.3', '0.1', '-1.5', '0.7', '0.3', '1003', 'ok', '']);
    expect(rows[1 + 10]?.slice(10)).toEqual(['failed', 'NaN loss, "quoted", with a comma']);
  });

  it('writes the derived architectures as official arc strings, one per line, best first', async () => {
    const result = await h.workbench.handlers['exports.architectures']({ runId, file: out('arcs.txt'), format: 'arc', source: 'derived' });
    expect(readFileSync(result.file, 'utf8')).toBe('0 1 0 2\n1 1 2 2\n');
    expect(result.rows).toBe(2);
  });

  it('ranks distinct sampled architectures by best reward in the JSON export', async () => {
    const result = await h.workbench.handlers['exports.architectures']({ runId, file: out('arcs.json'), format: 'json', source: 'samples' });
    const doc = JSON.parse(readFileSync(result.file, 'utf8'));
    expect(doc).toMatchObject({ format: 'enas-architectures', runId, space: 'micro', source: 'samples' });
    // archId = arch-(step % 7); reward = (step % 7) / 10; steps 10 and 21 failed and do not count.
    expect(doc.architectures.map((a: { archId: string }) => a.archId)).toEqual(['arch-6', 'arch-5', 'arch-4', 'arch-3', 'arch-2', 'arch-1', 'arch-0']);
    expect(doc.architectures[0]).toMatchObject({ rank: 1, score: 0.6, timesSampled: 4, arc: '1 1 0 2' });
    expect(doc.architectures.find((a: { archId: string }) => a.archId === 'arch-3').timesSampled).toBe(3);
  });

  it('writes the latest checkpoint’s weights as safetensors with the run as metadata', async () => {
    const result = await h.workbench.handlers['exports.weights']({ runId, file: out('weights.safetensors') });
    const file = readFileSync(result.file);
    const size = Number(file.readBigUInt64LE(0));
    const header = JSON.parse(file.subarray(8, 8 + size).toString('utf8'));
    expect(header.__metadata__).toMatchObject({ format: 'enas-workbench', runId: String(runId), step: '29' });
    expect(header['fake/w']).toEqual({ dtype: 'F32', shape: [3], data_offsets: [0, 12] });
    const data = file.subarray(8 + size);
    expect([0, 4, 8].map((o) => data.readFloatLE(o))).toEqual([29, 29.5, -29]);
  });

  it('refuses a weights export without a checkpoint reader, and leaves no file', async () => {
    const plain = await openHarness();
    try {
      const run = await plain.createRun();
      await expect(plain.workbench.handlers['exports.weights']({ runId: run.id, file: join(plain.dir, 'w.safetensors') })).rejects.toThrow(
        'EXPORT_UNAVAILABLE',
      );
      expect(readdirSync(plain.dir).filter((f) => f.includes('safetensors'))).toEqual([]);
    } finally {
      await plain.dispose();
    }
  });

  it('exports a metric series longer than one query window without losing or repeating a point', async () => {
    const run = await h.createRun('long series');
    const points = Array.from({ length: 230_001 }, (_, step) => ({ runId: run.id, series: 'long', step: step * 2, value: step % 97 }));
    h.store.writeBatch({ metrics: points });
    const result = await h.workbench.handlers['exports.metrics']({ runId: run.id, file: out('long.csv') });
    const lines = readFileSync(result.file, 'utf8').split('\r\n');
    expect(result.rows).toBe(230_001);
    expect(lines[1]).toBe('long,0,0');
    expect(lines[230_001]).toBe(`long,460000,${230_000 % 97}`);
    const steps = lines.slice(1, -1).map((l) => Number(l.split(',')[1]));
    expect(steps.every((s, i) => s === i * 2)).toBe(true);
  });
});
