/**
 * Per-channel dot products of two strided rows, accumulated into float64: the inner loop of the depthwise filter
 * gradient (and, against a row of ones, of column sums). Little arithmetic per byte, which neither XNNPACK
 * (no such operator) nor scalar JavaScript (≈ 1 GFLOP/s here) does well.
 *
 *   dotRows(x, dy, acc, n, xStep, dyStep, vecs):
 *     for v in [0, vecs):  acc[4v .. 4v+4) += Σ_{i<n} x[i·xStep + 16v] ⊙ dy[i·dyStep + 16v]
 *
 * Pointers and steps are in bytes; x and dy hold float32 lanes (four per vector), acc float64 (two per vector,
 * so one f32x4 partial sum updates two f64x2 accumulators). Each row sum has at most a row's width of terms
 * (≤ 32 in the ENAS networks) in float32; the long sum over batch and rows is float64.
 */
import type { FunctionDef } from './wasm-module-writer';
import { I32, V128, op } from './wasm-module-writer';

// Local indices: the parameters first, then the declared locals.
const X = 0;
const DY = 1;
const ACC = 2;
const N = 3;
const X_STEP = 4;
const DY_STEP = 5;
const VECS = 6;
const V = 7;
const I = 8;
const PX = 9;
const PDY = 10;
const SUM = 11;

const increment = (local: number, by: number | 'local', byLocal = 0) => [
  op.localGet(local),
  by === 'local' ? op.localGet(byLocal) : op.i32Const(by),
  op.i32Add(),
  op.localSet(local),
];

export const dotRows: FunctionDef = {
  name: 'dotRows',
  params: [I32, I32, I32, I32, I32, I32, I32],
  locals: [I32, I32, I32, I32, V128],
  body: [
    op.block(),
    op.loop(),
    op.localGet(V), op.localGet(VECS), op.i32GeS(), op.brIf(1),
    op.localGet(X), op.localSet(PX),
    op.localGet(DY), op.localSet(PDY),
    op.v128Const0(), op.localSet(SUM),
    op.i32Const(0), op.localSet(I),
    op.block(),
    op.loop(),
    op.localGet(I), op.localGet(N), op.i32GeS(), op.brIf(1),
    op.localGet(SUM),
    op.localGet(PX), op.v128Load(),
    op.localGet(PDY), op.v128Load(),
    op.f32x4Mul(), op.f32x4Add(), op.localSet(SUM),
    ...increment(PX, 'local', X_STEP),
    ...increment(PDY, 'local', DY_STEP),
    ...increment(I, 1),
    op.br(0),
    op.end(),
    op.end(),
    // acc[0..2) += lanes 0, 1 of SUM; acc[2..4) += lanes 2, 3.
    op.localGet(ACC),
    op.localGet(ACC), op.v128Load(),
    op.localGet(SUM), op.f64x2PromoteLowF32x4(),
    op.f64x2Add(), op.v128Store(),
    op.localGet(ACC),
    op.localGet(ACC), op.v128Load(16),
    op.localGet(SUM), op.localGet(SUM), op.shuffleHighF32(), op.f64x2PromoteLowF32x4(),
    op.f64x2Add(), op.v128Store(16),
    ...increment(X, 16),
    ...increment(DY, 16),
    ...increment(ACC, 32),
    ...increment(V, 1),
    op.br(0),
    op.end(),
    op.end(),
  ],
};
