/**
 * `enas import` through the CLI entry: a valid IDX folder imports with a progress line and exit 0, a bad file
 * exits non-zero naming the file and the error code and leaves nothing behind; the progress line's format.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetImportProgressReport } from '../../src/shared/dataset';
import { runCli } from '../../src/cli/cli';
import { createImportProgressPrinter, formatImportProgress } from '../../src/cli/import/import-progress';
import { openStore } from '../../src/store/store';
import { captureIo } from '../fixtures/capture-io';
import { pngFile } from '../fixtures/datasets/generators';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'enas-cli-import-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** An IDX ubyte file (magic 0x0000 08 rank, big-endian dims, payload), written by hand: the CLI may not use core. */
function idx(dims: number[], payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x0800 + dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(payload, 4 + 4 * dims.length);
  return out;
}

/** An MNIST-layout folder of `count` 28×28 images, labels 0…9 in turn, gzip'd; optionally a broken magic. */
function idxFolder(name: string, count: number, badMagic = false): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  const images = idx([count, 28, 28], new Uint8Array(count * 784).fill(7));
  if (badMagic) images[0] = 0x1f;
  const labels = idx([count], Uint8Array.from({ length: count }, (_, i) => i % 10));
  writeFileSync(join(folder, 'train-images-idx3-ubyte.gz'), gzipSync(images));
  writeFileSync(join(folder, 'train-labels-idx1-ubyte.gz'), gzipSync(labels));
  return folder;
}

const report = (done: number, over: Partial<DatasetImportProgressReport> = {}): DatasetImportProgressReport => ({
  importId: 'i',
  name: 'fashion',
  phase: 'convert',
  file: 'train-images-idx3-ubyte.gz',
  done,
  total: 26_400_000,
  unit: 'bytes',
  ...over,
});

describe('enas import', () => {
  it('imports a valid folder, prints its progress on stderr and exits 0', async () => {
    const { io, out, err } = captureIo();
    const db = join(dir, 'ok', 'workbench.db');
    const code = await runCli(['import', idxFolder('digits', 500), '--db', db, '--validation-size', '50'], io);
    expect(code).toBe(0);
    expect(err()).toMatch(/^importing "digits": train-(images|labels)-idx[13]-ubyte\.gz \d+% \(/m);
    expect(out()).toMatch(/^imported dataset 1 "digits" \(image: train 450, valid 50\)/);
  });

  it('says when an image folder was resized, and to what, in its output and in the stored dataset', async () => {
    const folder = join(dir, 'digits-png');
    for (const cls of ['zero', 'one']) {
      mkdirSync(join(folder, cls), { recursive: true });
      for (let i = 0; i < 10; i++) writeFileSync(join(folder, cls, `${i}.png`), pngFile(28, 28, [cls === 'zero' ? 0 : 255, 9 * i, 0]));
    }
    const { io, out } = captureIo();
    const db = join(dir, 'resized', 'workbench.db');
    expect(await runCli(['import', folder, '--db', db], io)).toBe(0);
    expect(out()).toMatch(/^imported dataset 1 "digits-png" \(image: train 18, valid 2\); 20 images resized from 28×28 to 32×32; search it/);
    const store = openStore(db, { readOnly: true });
    try {
      expect(store.datasets.list()[0]?.summary.resized).toEqual({ to: { width: 32, height: 32 }, images: 20, from: [{ width: 28, height: 28, images: 20 }] });
    } finally {
      store.close();
    }
    // At their own size nothing is resized, and nothing is said.
    const same = await runCli(['import', folder, '--name', 'digits-28', '--image-size', '28', '--db', db], io);
    expect(same).toBe(0);
    expect(out()).toMatch(/"digits-28" \(image: train 18, valid 2\); search it/);
  });

  it('refuses a broken file with a non-zero exit that names the file and the code, and keeps nothing', async () => {
    const { io, out, err } = captureIo();
    const db = join(dir, 'bad', 'workbench.db');
    const code = await runCli(['import', idxFolder('broken', 20, true), '--db', db], io);
    expect(code).toBe(1);
    expect(err()).toMatch(/enas: IDX_BAD_MAGIC: .*train-images-idx3-ubyte\.gz/);
    expect(out()).toBe('');
    const left = readdirSync(join(dir, 'bad'), { recursive: true }).map(String);
    expect(left.filter((f) => !f.startsWith('workbench.db') && f !== 'checkpoints' && f !== '.staging')).toEqual([]);
  });
});

describe('the import progress line', () => {
  it('formats bytes as a percentage and megabytes, records and files as counts', () => {
    expect(formatImportProgress(report(13_200_000))).toBe('importing "fashion": train-images-idx3-ubyte.gz 50% (13.2 of 26.4 MB)');
    expect(formatImportProgress(report(3000, { unit: 'records', total: 10000, file: 'data_batch_1.bin' }))).toBe(
      'importing "fashion": data_batch_1.bin 30% (3,000 of 10,000 records)',
    );
  });

  it('redraws one line in place on a terminal and clears it at the end', () => {
    const { io, err } = captureIo();
    const printer = createImportProgressPrinter(io, { tty: true });
    printer.onEvent({ type: 'dataset-import-progress', progress: report(1) });
    printer.onEvent({ type: 'dataset-import-progress', progress: report(2) });
    printer.end();
    expect(err().split('\r\x1b[2K')).toHaveLength(4);
    expect(err()).not.toContain('\n');
  });

  it('prints plain lines at most once per interval otherwise, and ignores the final report', () => {
    const { io, err } = captureIo();
    let t = 0;
    const printer = createImportProgressPrinter(io, { tty: false, intervalMs: 1000, now: () => t });
    for (t = 0; t <= 2500; t += 100) printer.onEvent({ type: 'dataset-import-progress', progress: report(t) });
    printer.onEvent({ type: 'dataset-import-progress', progress: report(1, { phase: 'done' }) });
    printer.end();
    expect(err().trim().split('\n')).toHaveLength(3);
    expect(err()).not.toContain('\r');
  });
});
