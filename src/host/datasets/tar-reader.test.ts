import { describe, expect, it } from 'vitest';
import { EnasError } from '../../shared/errors';
import { readTarFiles } from './tar-reader';

function header(name: string, size: number, type = '0'): Uint8Array {
  const block = new Uint8Array(512);
  const put = (text: string, at: number): void => block.set(Buffer.from(text, 'latin1'), at);
  put(name.slice(0, 100), 0);
  put(`${size.toString(8).padStart(11, '0')}\0`, 124);
  put('        ', 148);
  put(type, 156);
  put('ustar\u000000', 257);
  const sum = block.reduce((a, b) => a + b, 0);
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return block;
}

function entry(name: string, data: Uint8Array | string, type = '0'): Uint8Array[] {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return [header(name, bytes.length, type), bytes, new Uint8Array((512 - (bytes.length % 512)) % 512)];
}

/** The archive as a stream of uneven chunks, as a gunzip stream delivers it. */
async function* chunks(parts: Uint8Array[], size = 700): AsyncGenerator<Uint8Array> {
  const all = Buffer.concat(parts);
  for (let at = 0; at < all.length; at += size) yield all.subarray(at, at + size);
}

describe('tar reader', () => {
  it('keeps the wanted files, skips the rest, and honours GNU long names and pax paths', async () => {
    const long = `cifar-10-batches-bin/${'x'.repeat(120)}/data_batch_1.bin`;
    const parts = [
      ...entry('readme.html', 'skip me'),
      ...entry('././@LongLink', `${long}\0`, 'L'),
      ...entry('truncated-name', 'batch one'),
      ...entry('PaxHeader', '27 path=dir/test_batch.bin\n', 'x'),
      ...entry('short', 'test data'),
      new Uint8Array(1024),
    ];
    const files = await readTarFiles(chunks(parts), 'a.tar', (n) => n.endsWith('.bin'), 1000);
    expect(files.map((f) => [f.name, Buffer.from(f.data).toString()])).toEqual([
      [long, 'batch one'],
      ['dir/test_batch.bin', 'test data'],
    ]);
  });

  it('refuses an archive that ends inside an entry, and an entry over the cap', async () => {
    const parts = [...entry('a.bin', 'x'.repeat(2000))];
    await expect(readTarFiles(chunks([Buffer.concat(parts).subarray(0, 1500)]), 'a.tar', () => true, 10_000)).rejects.toThrow(
      /DATASET_TAR_CORRUPT: a.tar: ends inside "a.bin" \(988 of 2000 bytes\)/,
    );
    const big = readTarFiles(chunks(parts), 'a.tar', () => true, 100);
    await expect(big).rejects.toBeInstanceOf(EnasError);
    await expect(readTarFiles(chunks(parts), 'a.tar', () => true, 100)).rejects.toThrow(/DATASET_TOO_LARGE: a.tar:a.bin/);
  });

  it('refuses an entry named with ".." or an absolute path, naming it, even when its base name is wanted', async () => {
    for (const name of ['../data_batch_1.bin', 'cifar-10-batches-bin/../../data_batch_1.bin', '/etc/data_batch_1.bin', 'C:\\x\\test_batch.bin', 'a\\..\\b.bin']) {
      const parts = [...entry('cifar-10-batches-bin/readme.html', 'fine'), ...entry(name, 'batch'), new Uint8Array(1024)];
      const err = await readTarFiles(chunks(parts), 'c.tar.gz', (n) => n.endsWith('.bin'), 1000).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, name).toBeInstanceOf(EnasError);
      expect((err as EnasError).code, name).toBe('DATASET_TAR_UNSAFE_PATH');
      expect((err as EnasError).message, name).toContain(`c.tar.gz:${name}`);
    }
    // The same names via a GNU long name are refused too.
    const viaLong = [...entry('././@LongLink', '../../data_batch_2.bin\0', 'L'), ...entry('x', 'batch'), new Uint8Array(1024)];
    await expect(readTarFiles(chunks(viaLong), 'c.tar', () => true, 1000)).rejects.toThrow(/DATASET_TAR_UNSAFE_PATH: c.tar:..\/..\/data_batch_2.bin/);
  });

  it('stops at the end marker without reading what follows', async () => {
    const parts = [...entry('a.bin', 'ok'), new Uint8Array(512), Buffer.from('garbage after the end')];
    expect(await readTarFiles(chunks(parts, 100), 'a.tar', () => true, 100)).toHaveLength(1);
  });
});
