import { describe, expect, it } from 'vitest';
import type { ExportSink } from './atomic-file';
import { writeSafetensors } from './safetensors';
import type { NamedTensor } from './safetensors';

async function encode(tensors: NamedTensor[], metadata?: Record<string, string>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const sink: ExportSink = {
    async write(chunk) {
      chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk.slice());
    },
  };
  await writeSafetensors(sink, tensors, metadata);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/**
 * A reader written from the format description alone (huggingface/safetensors README): u64 LE header size,
 * JSON header, then a byte buffer that the data_offsets of all tensors must cover exactly, without holes.
 */
function readSafetensors(file: Uint8Array) {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + n))) as Record<string, unknown>;
  const data = file.subarray(8 + n);
  const tensors = new Map<string, { dtype: string; shape: number[]; values: number[] }>();
  const ranges: [number, number][] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets } = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const [begin, end] = data_offsets;
    ranges.push([begin, end]);
    const bytes = new DataView(data.buffer, data.byteOffset + begin, end - begin);
    const values: number[] = [];
    const width = { F64: 8, F32: 4, I32: 4, I16: 2, I8: 1, U8: 1 }[dtype] ?? 0;
    for (let i = 0; i < bytes.byteLength; i += width) {
      if (dtype === 'F64') values.push(bytes.getFloat64(i, true));
      if (dtype === 'F32') values.push(bytes.getFloat32(i, true));
      if (dtype === 'I32') values.push(bytes.getInt32(i, true));
      if (dtype === 'I16') values.push(bytes.getInt16(i, true));
      if (dtype === 'I8') values.push(bytes.getInt8(i));
      if (dtype === 'U8') values.push(bytes.getUint8(i));
    }
    tensors.set(name, { dtype, shape, values });
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  for (const [begin, end] of ranges) {
    if (begin !== covered) throw new Error(`hole or overlap at byte ${covered}`);
    covered = end;
  }
  if (covered !== data.length) throw new Error(`data buffer has ${data.length} bytes, tensors cover ${covered}`);
  return { headerSize: n, header, tensors, metadata: header.__metadata__ };
}

describe('writeSafetensors', () => {
  it('writes the exact bytes of a small file: LE header size, padded JSON, LE tensor data', async () => {
    const file = await encode([
      { name: 'b', dtype: 'U8', shape: [3], data: new Uint8Array([1, 2, 3]) },
      { name: 'a', dtype: 'F32', shape: [2], data: new Float32Array([1, -2]) },
    ]);
    const { headerSize } = readSafetensors(file);
    expect(headerSize % 8).toBe(0);
    expect([...file.subarray(0, 8)]).toEqual([headerSize, 0, 0, 0, 0, 0, 0, 0]);
    // 1.0f is 0x3F800000 and -2.0f is 0xC0000000, stored little-endian; then the three bytes of b.
    expect([...file.subarray(8 + headerSize)]).toEqual([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0, 1, 2, 3]);
    const json = new TextDecoder().decode(file.subarray(8, 8 + headerSize));
    expect(json.trimEnd()).toBe(
      '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"U8","shape":[3],"data_offsets":[8,11]}}',
    );
    expect(json.slice(json.trimEnd().length)).toMatch(/^ *$/);
  });

  it('round-trips tensors of every dtype and shape, with metadata, through an independent reader', async () => {
    const tensors: NamedTensor[] = [
      { name: 'controller/lstm/w', dtype: 'F32', shape: [2, 3], data: new Float32Array([0.5, -1.25, 3, 1e-7, -0, 65504]) },
      { name: 'scalar', dtype: 'F64', shape: [], data: new Float64Array([Math.PI]) },
      { name: 'empty', dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
      { name: 'ids', dtype: 'I32', shape: [3], data: new Int32Array([-2147483648, 0, 2147483647]) },
      { name: 'half-width', dtype: 'I16', shape: [2], data: new Int16Array([-32768, 32767]) },
      { name: 'signed-bytes', dtype: 'I8', shape: [2], data: new Int8Array([-128, 127]) },
      { name: 'mask', dtype: 'U8', shape: [1, 3], data: new Uint8Array([0, 255, 7]) },
    ];
    const read = readSafetensors(await encode(tensors, { runId: '12', step: '300' }));
    expect(read.metadata).toEqual({ runId: '12', step: '300' });
    for (const t of tensors) {
      const got = read.tensors.get(t.name);
      expect(got?.dtype).toBe(t.dtype);
      expect(got?.shape).toEqual(t.shape);
      expect(got?.values).toEqual([...t.data]);
    }
  });

  it('aligns every tensor to its element size', async () => {
    const read = readSafetensors(
      await encode([
        { name: 'odd', dtype: 'U8', shape: [3], data: new Uint8Array(3) },
        { name: 'wide', dtype: 'F64', shape: [2], data: new Float64Array(2) },
        { name: 'mid', dtype: 'F32', shape: [1], data: new Float32Array(1) },
      ]),
    );
    for (const [name, entry] of Object.entries(read.header)) {
      if (name === '__metadata__') continue;
      const { dtype, data_offsets } = entry as { dtype: string; data_offsets: [number, number] };
      const width = { F64: 8, F32: 4, U8: 1 }[dtype] ?? 1;
      expect((8 + read.headerSize + data_offsets[0]) % width).toBe(0);
    }
  });

  it('rejects a shape that does not match the data, a dtype that does not match the array, and duplicate names', async () => {
    await expect(encode([{ name: 'w', dtype: 'F32', shape: [2, 2], data: new Float32Array(3) }])).rejects.toThrow(
      'tensor "w" has shape [2, 2] (4 values) but 3 values',
    );
    await expect(encode([{ name: 'w', dtype: 'F64', shape: [1], data: new Float32Array(1) }])).rejects.toThrow(
      'declared F64 but holds a Float32Array',
    );
    const t: NamedTensor = { name: 'w', dtype: 'U8', shape: [1], data: new Uint8Array(1) };
    await expect(encode([t, t])).rejects.toThrow('appears twice');
  });
});
