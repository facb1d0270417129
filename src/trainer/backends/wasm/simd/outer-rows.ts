/**
 * Sums of outer products of row pairs, the inner loop of a convolution's filter gradient
 * (dW[ci, co] = Σ_p x[p, ci] · dy[p, co]) without XNNPACK's transposes and weight packing, which cost more
 * than the arithmetic when every call brings new buffers (30 ms for 32768 pixels × 80 → 20 channels,
 * measured here). Four input channels × four output channels are accumulated in registers per pass.
 *
 *   outerRows(x, dy, acc, rows, xStep, dyStep, ciBlocks, vecs, accStride):
 *     for cb < ciBlocks, v < vecs, k < 4:
 *       acc[(4cb + k)·accStride + 16v .. +16) += Σ_{r<rows} x[r·xStep + 4(4cb + k)] · dy[r·dyStep + 16v .. +16)
 *
 * Bytes throughout; acc holds float32 partial sums that the caller folds into float64 every few hundred rows.
 */
import type { FunctionDef, Instr } from './wasm-module-writer';
import { I32, V128, op } from './wasm-module-writer';

const X = 0;
const DY = 1;
const ACC = 2;
const ROWS = 3;
const X_STEP = 4;
const DY_STEP = 5;
const CI_BLOCKS = 6;
const VECS = 7;
const ACC_STRIDE = 8;
const CB = 9;
const V = 10;
const R = 11;
const PX = 12;
const PDY = 13;
const AT = 14;
const D = 15;
const A = [16, 17, 18, 19];

const add = (local: number, amount: Instr): Instr[] => [op.localGet(local), amount, op.i32Add(), op.localSet(local)];

/** a_k += splat(x[4k]) · d */
const accumulate = (k: number): Instr[] => [
  op.localGet(A[k]!),
  op.localGet(PX), op.v128Load32Splat(4 * k),
  op.localGet(D),
  op.f32x4Mul(), op.f32x4Add(), op.localSet(A[k]!),
];

/** acc row k (at AT + k·accStride) += a_k */
const store = (k: number): Instr[] => [
  op.localGet(AT), op.localGet(AT), op.v128Load(), op.localGet(A[k]!), op.f32x4Add(), op.v128Store(),
  ...add(AT, op.localGet(ACC_STRIDE)),
];

export const outerRows: FunctionDef = {
  name: 'outerRows',
  params: [I32, I32, I32, I32, I32, I32, I32, I32, I32],
  locals: [I32, I32, I32, I32, I32, I32, V128, V128, V128, V128, V128],
  body: [
    op.i32Const(0), op.localSet(CB),
    op.block(),
    op.loop(),
    op.localGet(CB), op.localGet(CI_BLOCKS), op.i32GeS(), op.brIf(1),
    op.i32Const(0), op.localSet(V),
    op.block(),
    op.loop(),
    op.localGet(V), op.localGet(VECS), op.i32GeS(), op.brIf(1),
    ...A.flatMap((a) => [op.v128Const0(), op.localSet(a)]),
    // px = x + 16·cb, pdy = dy + 16·v
    op.localGet(X), op.localGet(CB), op.i32Const(4), op.i32Shl(), op.i32Add(), op.localSet(PX),
    op.localGet(DY), op.localGet(V), op.i32Const(4), op.i32Shl(), op.i32Add(), op.localSet(PDY),
    op.i32Const(0), op.localSet(R),
    op.block(),
    op.loop(),
    op.localGet(R), op.localGet(ROWS), op.i32GeS(), op.brIf(1),
    op.localGet(PDY), op.v128Load(), op.localSet(D),
    ...accumulate(0),
    ...accumulate(1),
    ...accumulate(2),
    ...accumulate(3),
    ...add(PX, op.localGet(X_STEP)),
    ...add(PDY, op.localGet(DY_STEP)),
    ...add(R, op.i32Const(1)),
    op.br(0),
    op.end(),
    op.end(),
    // at = acc + 4·cb·accStride + 16·v
    op.localGet(ACC),
    op.localGet(CB), op.i32Const(2), op.i32Shl(), op.localGet(ACC_STRIDE), op.i32Mul(), op.i32Add(),
    op.localGet(V), op.i32Const(4), op.i32Shl(), op.i32Add(),
    op.localSet(AT),
    ...store(0),
    ...store(1),
    ...store(2),
    ...store(3),
    ...add(V, op.i32Const(1)),
    op.br(0),
    op.end(),
    op.end(),
    ...add(CB, op.i32Const(1)),
    op.br(0),
    op.end(),
    op.end(),
  ],
};
