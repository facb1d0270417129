/**
 * Strided row copies: what a slice, a split or a concat along the channel axis of an NHWC tensor is, one
 * short row (a pixel's channels) at a time. From JavaScript each row costs a subarray and a set (≈ 20 ms for
 * a 32×32×32×60 concat, measured here), and so does memory.copy, which V8 runs as a call out of the module;
 * this loop moves 16 bytes per v128 load/store and the remainder byte by byte.
 *
 *   copyRows(src, dst, rows, bytes, srcStride, dstStride):
 *     for r in [0, rows):  dst[r·dstStride .. + bytes) = src[r·srcStride .. + bytes)
 */
import type { FunctionDef, Instr } from './wasm-module-writer';
import { I32, op } from './wasm-module-writer';

const SRC = 0;
const DST = 1;
const ROWS = 2;
const BYTES = 3;
const SRC_STRIDE = 4;
const DST_STRIDE = 5;
const LEFT = 6;
const S = 7;
const D = 8;

const add = (local: number, amount: Instr): Instr[] => [op.localGet(local), amount, op.i32Add(), op.localSet(local)];

export const copyRows: FunctionDef = {
  name: 'copyRows',
  params: [I32, I32, I32, I32, I32, I32],
  locals: [I32, I32, I32],
  body: [
    op.block(),
    op.loop(),
    op.localGet(ROWS), op.i32Eqz(), op.brIf(1),
    op.localGet(SRC), op.localSet(S),
    op.localGet(DST), op.localSet(D),
    op.localGet(BYTES), op.localSet(LEFT),
    // 16 bytes at a time…
    op.block(),
    op.loop(),
    op.localGet(LEFT), op.i32Const(16), op.i32LtS(), op.brIf(1),
    op.localGet(D), op.localGet(S), op.v128Load(), op.v128Store(),
    ...add(S, op.i32Const(16)),
    ...add(D, op.i32Const(16)),
    ...add(LEFT, op.i32Const(-16)),
    op.br(0),
    op.end(),
    op.end(),
    // …then the rest byte by byte.
    op.block(),
    op.loop(),
    op.localGet(LEFT), op.i32Eqz(), op.brIf(1),
    op.localGet(D), op.localGet(S), op.i32Load8U(), op.i32Store8(),
    ...add(S, op.i32Const(1)),
    ...add(D, op.i32Const(1)),
    ...add(LEFT, op.i32Const(-1)),
    op.br(0),
    op.end(),
    op.end(),
    ...add(SRC, op.localGet(SRC_STRIDE)),
    ...add(DST, op.localGet(DST_STRIDE)),
    ...add(ROWS, op.i32Const(-1)),
    op.br(0),
    op.end(),
    op.end(),
  ],
};
