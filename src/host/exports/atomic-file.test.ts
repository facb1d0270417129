import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from './atomic-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'enas-export-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomically', () => {
  it('writes every chunk in order, large ones included, and reports the byte count', async () => {
    const file = join(dir, 'out.bin');
    const big = new Uint8Array(200_000).map((_, i) => i % 251);
    const bytes = await writeFileAtomically(file, async (sink) => {
      await sink.write('head,');
      await sink.write(big);
      await sink.write('tail');
    });
    const written = readFileSync(file);
    expect(bytes).toBe(5 + big.length + 4);
    expect(written.length).toBe(bytes);
    expect(written.subarray(0, 5).toString()).toBe('head,');
    expect(written.subarray(5, 5 + big.length).equals(Buffer.from(big))).toBe(true);
    expect(written.subarray(-4).toString()).toBe('tail');
    expect(readdirSync(dir)).toEqual(['out.bin']);
  });

  it('leaves the previous file untouched and no temp file when the producer fails midway', async () => {
    const file = join(dir, 'metrics.csv');
    writeFileSync(file, 'previous export');
    await expect(
      writeFileAtomically(file, async (sink) => {
        await sink.write('x'.repeat(100_000));
        throw new Error('the store went away');
      }),
    ).rejects.toThrow(`EXPORT_FAILED: cannot write the export ${file}: the store went away`);
    expect(readFileSync(file, 'utf8')).toBe('previous export');
    expect(readdirSync(dir)).toEqual(['metrics.csv']);
  });

  it('names the target when its folder does not exist', async () => {
    const file = join(dir, 'missing', 'run.json');
    await expect(writeFileAtomically(file, (sink) => sink.write('{}'))).rejects.toThrow(`cannot write the export ${file}`);
  });
});
