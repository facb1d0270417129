/**
 * The max-pool gradient of one output pixel, four channels at a time: find each channel's maximum over the
 * window (f32x4.gt + bitselect, tracking the winner's byte address) and add that channel's dy at the winner's
 * place in dx. Strict '>' from −∞ keeps the first maximum in row-major window order and skips NaN, as tfjs's
 * cpu kernel does (pool_utils maxPoolPositions).
 *
 *   maxWindowScatter(window, rowStep, rows, cols, colStep, vecs, dy, dxMinusX):
 *     for v in [0, vecs): for each lane, a = address of the first maximum of x over the rows × cols window
 *       starting at window + 16v; if found, f32 at a + dxMinusX += dy[16v + 4·lane]
 *
 * Addresses are bytes; dx has x's layout, so dxMinusX (dx's base minus x's) maps a winner to its gradient.
 */
import type { FunctionDef, Instr } from './wasm-module-writer';
import { I32, V128, op } from './wasm-module-writer';

const WINDOW = 0;
const ROW_STEP = 1;
const ROWS = 2;
const COLS = 3;
const COL_STEP = 4;
const VECS = 5;
const DY = 6;
const DX_MINUS_X = 7;
const V = 8;
const R = 9;
const C = 10;
const ROW = 11;
const AT = 12;
const WINNER = 13;
const BEST = 14;
const INDEX = 15;
const VALUE = 16;
const MASK = 17;

const add = (local: number, amount: Instr): Instr[] => [op.localGet(local), amount, op.i32Add(), op.localSet(local)];

/** dx[winner of lane] += dy lane, when the lane found a maximum. */
const scatterLane = (lane: number): Instr[] => [
  op.localGet(INDEX), op.i32x4ExtractLane(lane), op.localTee(WINNER),
  op.i32Const(0), op.i32GeS(),
  op.if(),
  op.localGet(WINNER), op.localGet(DX_MINUS_X), op.i32Add(),
  op.localGet(WINNER), op.localGet(DX_MINUS_X), op.i32Add(), op.f32Load(),
  op.localGet(DY), op.f32Load(4 * lane),
  op.f32Add(), op.f32Store(),
  op.end(),
];

export const maxWindowScatter: FunctionDef = {
  name: 'maxWindowScatter',
  params: [I32, I32, I32, I32, I32, I32, I32, I32],
  locals: [I32, I32, I32, I32, I32, I32, V128, V128, V128, V128],
  body: [
    op.block(),
    op.loop(),
    op.localGet(V), op.localGet(VECS), op.i32GeS(), op.brIf(1),
    op.f32Const(-Infinity), op.f32x4Splat(), op.localSet(BEST),
    op.i32Const(-1), op.i32x4Splat(), op.localSet(INDEX),
    op.localGet(WINDOW), op.localSet(ROW),
    op.i32Const(0), op.localSet(R),
    op.block(),
    op.loop(),
    op.localGet(R), op.localGet(ROWS), op.i32GeS(), op.brIf(1),
    op.localGet(ROW), op.localSet(AT),
    op.i32Const(0), op.localSet(C),
    op.block(),
    op.loop(),
    op.localGet(C), op.localGet(COLS), op.i32GeS(), op.brIf(1),
    op.localGet(AT), op.v128Load(), op.localSet(VALUE),
    op.localGet(VALUE), op.localGet(BEST), op.f32x4Gt(), op.localSet(MASK),
    op.localGet(VALUE), op.localGet(BEST), op.localGet(MASK), op.v128Bitselect(), op.localSet(BEST),
    op.localGet(AT), op.i32x4Splat(), op.v128LaneByteOffsets(), op.i32x4Add(),
    op.localGet(INDEX), op.localGet(MASK), op.v128Bitselect(), op.localSet(INDEX),
    ...add(AT, op.localGet(COL_STEP)),
    ...add(C, op.i32Const(1)),
    op.br(0),
    op.end(),
    op.end(),
    ...add(ROW, op.localGet(ROW_STEP)),
    ...add(R, op.i32Const(1)),
    op.br(0),
    op.end(),
    op.end(),
    ...scatterLane(0),
    ...scatterLane(1),
    ...scatterLane(2),
    ...scatterLane(3),
    ...add(WINDOW, op.i32Const(16)),
    ...add(DY, op.i32Const(16)),
    ...add(V, op.i32Const(1)),
    op.br(0),
    op.end(),
    op.end(),
  ],
};
