/**
 * A minimal WebAssembly binary writer, enough for small SIMD kernels that import tfjs-wasm's memory.
 *
 * There is no WebAssembly toolchain in this project (no clang/emcc/wabt), and shipping an opaque .wasm blob
 * would hide what runs; so kernels are written as readable instruction lists (see dot-rows-simd.ts) and encoded
 * here at load time, in microseconds. Encoding follows the WebAssembly core spec 2.0 §5 (binary format) and the
 * fixed-width SIMD proposal's opcode table (0xFD prefix).
 */

/** One instruction: its opcode bytes followed by any immediates, already encoded. */
export type Instr = number[];

function u32(value: number): number[] {
  const bytes: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (v !== 0);
  return bytes;
}

function s32(value: number): number[] {
  const bytes: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

const simd = (code: number, ...immediates: number[]): Instr => [0xfd, ...u32(code), ...immediates];
/** memarg: alignment as log2 bytes, then offset. */
const memarg = (alignLog2: number, offset = 0): number[] => [...u32(alignLog2), ...u32(offset)];

export const I32 = 0x7f;
export const V128 = 0x7b;

function f32Bytes(value: number): number[] {
  return [...new Uint8Array(new Float32Array([value]).buffer)];
}

/** The instructions our kernels use, named as in the text format. */
export const op = {
  block: (): Instr => [0x02, 0x40],
  loop: (): Instr => [0x03, 0x40],
  if: (): Instr => [0x04, 0x40],
  end: (): Instr => [0x0b],
  br: (depth: number): Instr => [0x0c, ...u32(depth)],
  brIf: (depth: number): Instr => [0x0d, ...u32(depth)],
  localGet: (index: number): Instr => [0x20, ...u32(index)],
  localSet: (index: number): Instr => [0x21, ...u32(index)],
  localTee: (index: number): Instr => [0x22, ...u32(index)],
  i32Const: (value: number): Instr => [0x41, ...s32(value)],
  f32Const: (value: number): Instr => [0x43, ...f32Bytes(value)],
  i32Eqz: (): Instr => [0x45],
  i32LtS: (): Instr => [0x48],
  i32GeS: (): Instr => [0x4e],
  i32Load8U: (): Instr => [0x2d, ...memarg(0)],
  i32Store8: (): Instr => [0x3a, ...memarg(0)],
  i32Add: (): Instr => [0x6a],
  i32Mul: (): Instr => [0x6c],
  i32Shl: (): Instr => [0x74],
  f32Load: (offset = 0): Instr => [0x2a, ...memarg(2, offset)],
  f32Store: (offset = 0): Instr => [0x38, ...memarg(2, offset)],
  f32Add: (): Instr => [0x92],
  v128Load: (offset = 0): Instr => simd(0x00, ...memarg(2, offset)),
  v128Store: (offset = 0): Instr => simd(0x0b, ...memarg(2, offset)),
  v128Load32Splat: (offset = 0): Instr => simd(0x09, ...memarg(2, offset)),
  v128Const0: (): Instr => simd(0x0c, ...new Array<number>(16).fill(0)),
  /** v128.const i32x4 0 4 8 12: the byte offsets of the four f32 lanes. */
  v128LaneByteOffsets: (): Instr => simd(0x0c, 0, 0, 0, 0, 4, 0, 0, 0, 8, 0, 0, 0, 12, 0, 0, 0),
  /** i8x16.shuffle picking the upper two f32 lanes of the first operand into the lower half. */
  shuffleHighF32: (): Instr => simd(0x0d, 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15),
  i32x4Splat: (): Instr => simd(0x11),
  f32x4Splat: (): Instr => simd(0x13),
  i32x4ExtractLane: (lane: number): Instr => simd(0x1b, lane),
  f32x4ExtractLane: (lane: number): Instr => simd(0x1f, lane),
  f32x4Gt: (): Instr => simd(0x44),
  v128Bitselect: (): Instr => simd(0x52),
  i32x4Add: (): Instr => simd(0xae),
  f32x4Add: (): Instr => simd(0xe4),
  f32x4Mul: (): Instr => simd(0xe6),
  f64x2Add: (): Instr => simd(0xf0),
  f64x2PromoteLowF32x4: (): Instr => simd(0x5f),
};

export interface FunctionDef {
  name: string;
  params: number[];
  /** Local declarations beyond the parameters, as value types. */
  locals: number[];
  body: Instr[];
}

function section(id: number, payload: number[]): number[] {
  return [id, ...u32(payload.length), ...payload];
}

function vector(items: number[][]): number[] {
  return [...u32(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...u32(bytes.length), ...bytes];
}

/** A module importing memory `env.memory` and exporting `functions` (all returning nothing). */
export function writeModule(functions: FunctionDef[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((p) => [p])), 0x00]);
  const memoryImport = [...name('env'), ...name('memory'), 0x02, 0x00, ...u32(1)];
  const exports = functions.map((f, i) => [...name(f.name), 0x00, ...u32(i)]);
  const bodies = functions.map((f) => {
    const locals = vector(f.locals.map((type) => [...u32(1), type]));
    const code = [...locals, ...f.body.flat(), 0x0b];
    return [...u32(code.length), ...code];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functions.map((_, i) => u32(i)))),
    ...section(7, vector(exports)),
    ...section(10, vector(bodies)),
  ]);
}
