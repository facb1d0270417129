/**
 * A per-channel affine combination of two tensors of the same [rows, channels] layout: the element-wise
 * passes of the fused batch norm (batch-norm-train.ts), x̂ = x·invStd − μ·invStd, y = x̂·γ + β and
 * dx = dy·k₁ + x̂·k₂ + k₃, each one pass instead of two to four tfjs kernels.
 *
 *   affineRows(x, y, coef, out, rows, vecs):
 *     for r in [0, rows), v in [0, vecs):  out[r, v] = x[r, v] ⊙ a[v] + y[r, v] ⊙ b[v] + c[v]
 *
 * where a row holds `vecs` f32x4 vectors (channels = 4·vecs) and `coef` holds, per vector v, a[v], b[v], c[v]
 * one after the other (48 bytes). Pointers are byte addresses; `out` may be `x` or `y` (each element is read
 * before it is written).
 */
import type { FunctionDef } from './wasm-module-writer';
import { I32, op } from './wasm-module-writer';

// Local indices: the parameters first, then the declared locals.
const X = 0;
const Y = 1;
const COEF = 2;
const OUT = 3;
const ROWS = 4;
const VECS = 5;
const R = 6;
const V = 7;
const PC = 8;

const increment = (local: number, by: number) => [op.localGet(local), op.i32Const(by), op.i32Add(), op.localSet(local)];

export const affineRows: FunctionDef = {
  name: 'affineRows',
  params: [I32, I32, I32, I32, I32, I32],
  locals: [I32, I32, I32],
  body: [
    op.block(),
    op.loop(),
    op.localGet(R), op.localGet(ROWS), op.i32GeS(), op.brIf(1),
    op.localGet(COEF), op.localSet(PC),
    op.i32Const(0), op.localSet(V),
    op.block(),
    op.loop(),
    op.localGet(V), op.localGet(VECS), op.i32GeS(), op.brIf(1),
    op.localGet(OUT),
    op.localGet(X), op.v128Load(),
    op.localGet(PC), op.v128Load(),
    op.f32x4Mul(),
    op.localGet(Y), op.v128Load(),
    op.localGet(PC), op.v128Load(16),
    op.f32x4Mul(),
    op.f32x4Add(),
    op.localGet(PC), op.v128Load(32),
    op.f32x4Add(),
    op.v128Store(),
    ...increment(X, 16),
    ...increment(Y, 16),
    ...increment(OUT, 16),
    ...increment(PC, 48),
    ...increment(V, 1),
    op.br(0),
    op.end(),
    op.end(),
    ...increment(R, 1),
    op.br(0),
    op.end(),
    op.end(),
  ],
};
