/**
 * The gradients of conv2d, depthwiseConv2d and separableConv2d on wasm (our Conv2DBackpropFilter/Input and
 * DepthwiseConv2dNativeBackpropFilter/Input) equal the cpu backend's, over a seeded grid of shapes, strides and
 * paddings. The tolerance and why: testing/wasm-vs-cpu.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { RELATIVE_TOLERANCE, seededValues, setUpWasmAndCpu, wasmVsCpu } from './testing/wasm-vs-cpu';

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];

interface ConvCase {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  pad: Pad;
  seed: number;
}

const padArb: fc.Arbitrary<Pad> = fc.oneof(
  fc.constant<Pad>('same'),
  fc.constant<Pad>('valid'),
  fc
    .tuple(fc.nat(2), fc.nat(2), fc.nat(2), fc.nat(2))
    .map(([t, b, l, r]): Pad => [[0, 0], [t, b], [l, r], [0, 0]]),
);

const convCaseArb: fc.Arbitrary<ConvCase> = fc
  .record({
    batch: fc.integer({ min: 1, max: 3 }),
    height: fc.integer({ min: 3, max: 8 }),
    width: fc.integer({ min: 3, max: 8 }),
    // 4 and 8 take the SIMD path of the depthwise filter gradient, the others its scalar path.
    inChannels: fc.constantFrom(1, 3, 4, 8),
    // Both channel counts multiples of 4 take the SIMD filter gradient, the others XNNPACK's.
    outChannels: fc.constantFrom(1, 3, 4, 5, 8),
    kernel: fc.constantFrom(1, 2, 3, 5),
    stride: fc.integer({ min: 1, max: 3 }),
    pad: padArb,
    seed: fc.nat(),
  })
  // An empty forward output is left out: wasm's own forward Conv2D corrupts its heap on one (tfjs 4.22).
  .filter((c) => {
    const [top, bottom, left, right] = c.pad === 'same' ? [9, 9, 9, 9] : c.pad === 'valid' ? [0, 0, 0, 0] : [...c.pad[1], ...c.pad[2]];
    return c.height + top + bottom >= c.kernel && c.width + left + right >= c.kernel;
  });

/** A loss that weights every output differently, so that a gradient in the wrong place shows. */
function weightedSum(y: tf.Tensor, seed: number): tf.Scalar {
  return tf.sum(tf.mul(y, tf.tensor(seededValues(y.size, seed), y.shape)));
}

function convInputs(c: ConvCase, filterShape: number[]): { x: tf.Tensor4D; filter: tf.Tensor4D } {
  const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
  const x = tf.tensor4d(seededValues(xShape.reduce((a, b) => a * b), c.seed), xShape);
  const filter = tf.tensor4d(seededValues(filterShape.reduce((a, b) => a * b), c.seed + 1), filterShape as [number, number, number, number]);
  return { x, filter };
}

beforeAll(async () => {
  await setUpWasmAndCpu();
});

describe('convolution gradients on wasm', () => {
  it('conv2d input and filter gradients match cpu over a grid of shapes, strides and paddings', async () => {
    await fc.assert(
      fc.asyncProperty(convCaseArb, async (c) => {
        const error = await wasmVsCpu(() => {
          const { x, filter } = convInputs(c, [c.kernel, c.kernel, c.inChannels, c.outChannels]);
          const loss = (a: tf.Tensor, f: tf.Tensor) => weightedSum(tf.conv2d(a as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad), c.seed + 2);
          return tf.grads(loss)([x, filter]);
        });
        expect(error).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
      }),
      { seed: 20240611, numRuns: 40 },
    );
  });

  it('depthwiseConv2d input and filter gradients match cpu, with channel multipliers 1 and 2', async () => {
    await fc.assert(
      fc.asyncProperty(convCaseArb, fc.constantFrom(1, 2), async (c, multiplier) => {
        const error = await wasmVsCpu(() => {
          const { x, filter } = convInputs(c, [c.kernel, c.kernel, c.inChannels, multiplier]);
          const loss = (a: tf.Tensor, f: tf.Tensor) =>
            weightedSum(tf.depthwiseConv2d(a as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad), c.seed + 2);
          return tf.grads(loss)([x, filter]);
        });
        expect(error).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
      }),
      { seed: 7, numRuns: 40 },
    );
  });

  it('separableConv2d gradients (input, depthwise and pointwise filters) match cpu', async () => {
    for (const [kernel, stride, pad] of [[3, 1, 'same'], [5, 1, 'same'], [3, 2, 'valid']] as const) {
      const error = await wasmVsCpu(() => {
        const x = tf.tensor4d(seededValues(2 * 9 * 9 * 8, kernel), [2, 9, 9, 8]);
        const depthwise = tf.tensor4d(seededValues(kernel * kernel * 8, 11), [kernel, kernel, 8, 1]);
        const pointwise = tf.tensor4d(seededValues(8 * 6, 12), [1, 1, 8, 6]);
        const loss = (a: tf.Tensor, d: tf.Tensor, p: tf.Tensor) =>
          weightedSum(tf.separableConv2d(a as tf.Tensor4D, d as tf.Tensor4D, p as tf.Tensor4D, stride, pad), 13);
        return tf.grads(loss)([x, depthwise, pointwise]);
      });
      expect(error, `kernel ${kernel} stride ${stride} ${pad}`).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
    }
  });

  it('the SIMD filter gradient matches cpu for pointwise, strided and padded convolutions', async () => {
    type Shape = [number, number, number, number];
    const cases: { shape: Shape; filter: Shape; stride: number; pad: Pad }[] = [
      { shape: [3, 9, 9, 8], filter: [1, 1, 8, 12], stride: 1, pad: 'valid' },
      { shape: [2, 9, 8, 12], filter: [1, 1, 12, 4], stride: 2, pad: 'same' },
      { shape: [2, 9, 9, 4], filter: [3, 3, 4, 8], stride: 2, pad: 'valid' },
      { shape: [1, 7, 10, 8], filter: [5, 5, 8, 4], stride: 1, pad: [[0, 0], [1, 3], [2, 0], [0, 0]] },
    ];
    for (const c of cases) {
      const error = await wasmVsCpu(() => {
        const x = tf.tensor4d(seededValues(c.shape.reduce((a, b) => a * b), 31), c.shape);
        const filter = tf.tensor4d(seededValues(c.filter.reduce((a, b) => a * b), 32), c.filter);
        const loss = (a: tf.Tensor, f: tf.Tensor) => weightedSum(tf.conv2d(a as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad), 33);
        return tf.grads(loss)([x, filter]);
      });
      expect(error, JSON.stringify(c)).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
    }
  });

  it('matches cpu on one ENAS-sized reduction (batch 4, 16×16×8, 5×5 depthwise, 3×3 conv)', async () => {
    const error = await wasmVsCpu(() => {
      const x = tf.tensor4d(seededValues(4 * 16 * 16 * 8, 21), [4, 16, 16, 8]);
      const depthwise = tf.tensor4d(seededValues(5 * 5 * 8, 22), [5, 5, 8, 1]);
      const filter = tf.tensor4d(seededValues(3 * 3 * 8 * 8, 23), [3, 3, 8, 8]);
      const loss = (a: tf.Tensor, d: tf.Tensor, f: tf.Tensor) =>
        weightedSum(tf.conv2d(tf.depthwiseConv2d(a as tf.Tensor4D, d as tf.Tensor4D, 1, 'same'), f as tf.Tensor4D, 1, 'same'), 24);
      return tf.grads(loss)([x, depthwise, filter]);
    });
    expect(error).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
  });
});
