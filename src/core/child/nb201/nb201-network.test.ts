import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nb201ChildSchema } from '../../../shared/config/child';
import { createPrng } from '../../random/prng';
import { createSearchSpace } from '../../spaces';
import type { Nb201Arc } from '../../spaces';
import type { ImageBatch, ImageSupernet } from '../supernet';
import { createFixedNb201Network, createNb201Supernet } from './create-nb201';
import { nb201Liveness } from './nb201-layout';

const space = createSearchSpace({ space: 'nb201' });
// Tiny: C = 4, one cell per stage, 8×8 RGB, 3 classes.
const input = { height: 8, width: 8, channels: 3, numClasses: 3 };
const child = nb201ChildSchema.parse({ space: 'nb201', outFilters: 4, cellsPerStage: 1 });

// Digits per edge 1←0, 2←0, 2←1, 3←0, 3←1, 3←2; ops 0 none, 1 skip, 2 conv1x1, 3 conv3x3, 4 avg pool.
/** The benchmark's ResNet cell: conv3x3 → conv3x3 beside a skip. */
const resnet = space.parse('303101');
/** node 2 (conv3x3 from node 0) feeds nothing: 3←2 is none. */
const deadConv = space.parse('330010');
const allNone = space.parse('000000');
const convs = space.parse('232323');

let net: ImageSupernet<Nb201Arc>;
let batch: ImageBatch;

beforeAll(async () => {
  await tf.setBackend('cpu');
  net = createNb201Supernet({ child, input, prng: createPrng(7) });
  const prng = createPrng(3);
  batch = {
    images: tf.tensor4d(Float32Array.from({ length: 4 * 8 * 8 * 3 }, () => prng.next() * 2 - 1), [4, 8, 8, 3]),
    labels: tf.tensor1d([0, 1, 2, 1], 'int32'),
  };
});

afterAll(() => {
  net.dispose();
  tf.dispose([batch.images, batch.labels]);
});

describe('nb201 cell liveness', () => {
  it('keeps the edges on a path from input to output through ops other than none', () => {
    expect(nb201Liveness(resnet.ops)).toEqual({ liveEdges: [true, false, true, true, false, true], outputIsZero: false });
    // 2←0 reads the input, but node 2 reaches the output only through 3←2, which is none.
    expect(nb201Liveness(deadConv.ops).liveEdges).toEqual([true, false, false, false, true, false]);
    expect(nb201Liveness(space.parse('300001').ops).outputIsZero).toBe(true);
    expect(nb201Liveness(allNone.ops)).toEqual({ liveEdges: [false, false, false, false, false, false], outputIsZero: true });
  });
});

describe('nb201 fixed network at the benchmark size (C = 16, N = 5, 32×32×3, 10 classes)', () => {
  const benchmark = { child: nb201ChildSchema.parse({ space: 'nb201', outFilters: 16, cellsPerStage: 5 }), input: { height: 32, width: 32, channels: 3, numClasses: 10 } };

  // Counted by hand from the official modules (D-X-Y/AutoDL-Projects lib/models/cell_infers/tiny_network.py,
  // cell_operations.py), conv weights without bias, BN scale + offset, the classifier with its bias:
  // stem 3·3·3·16 + 32 = 464; block 16→32: 3·3·16·32 + 64 + 3·3·32·32 + 64 + 16·32 = 14,464;
  // block 32→64: 3·3·32·64 + 128 + 3·3·64·64 + 128 + 32·64 = 57,600; lastact BN 128; classifier 64·10 + 10 = 650.
  const trunk = 464 + 14_464 + 57_600 + 128 + 650;
  // The ResNet cell holds two nor_conv_3x3 (C·C·9 + 2C each), five cells per stage at C = 16, 32, 64.
  const resnetCells = 5 * [16, 32, 64].reduce((sum, c) => sum + 2 * (9 * c * c + 2 * c), 0);

  it('has the trunk alone for the all-none cell and 559,386 parameters for the ResNet cell 303101', () => {
    for (const [arc, expected] of [
      [allNone, trunk],
      [resnet, trunk + resnetCells],
    ] as const) {
      const fixed = createFixedNb201Network({ ...benchmark, arc, prng: createPrng(1) });
      expect(fixed.paramCount()).toBe(expected);
      fixed.dispose();
    }
    expect(trunk + resnetCells).toBe(559_386);
  });

  it('gives [batch, 10] logits, and the same logits for every image when the cell outputs zero', () => {
    const prng = createPrng(5);
    const images = tf.tensor4d(Float32Array.from({ length: 2 * 32 * 32 * 3 }, () => prng.next()), [2, 32, 32, 3]);
    for (const arc of [resnet, allNone]) {
      const fixed = createFixedNb201Network({ ...benchmark, arc, prng: createPrng(1) });
      const logits = fixed.forward(images, { training: false });
      expect(logits.shape).toEqual([2, 10]);
      const [a, b] = logits.arraySync();
      if (arc === allNone) expect(a).toEqual(b);
      else expect(a).not.toEqual(b);
      logits.dispose();
      fixed.dispose();
    }
    images.dispose();
  });
});

describe('nb201 supernet', () => {
  it('counts for a cell what the fixed network of that cell holds', () => {
    for (const arc of [resnet, deadConv, allNone, convs, space.sampleUniform(createPrng(4))]) {
      const fixed = createFixedNb201Network({ child, input, arc, prng: createPrng(1) });
      expect(net.paramCount(arc), space.format(arc)).toBe(fixed.paramCount());
      fixed.dispose();
    }
    const total = [...net.variables.values()].filter((v) => v.trainable).reduce((s, v) => s + v.size, 0);
    expect(net.paramCount(convs)).toBeLessThan(total);
  });

  it('lists as used exactly the weights the loss depends on', () => {
    const trainable = [...net.variables.values()].filter((v) => v.trainable);
    for (const arc of [resnet, deadConv, allNone, convs, space.sampleUniform(createPrng(11))]) {
      const { value, grads } = tf.variableGrads(() => tf.sum(net.forward(batch.images, arc, { training: false })), trainable);
      const reached = trainable.filter((v) => grads[v.name] !== undefined).map((v) => v.name);
      const listed = net.usedWeightNames(arc).map((name) => net.variables.get(name)?.name);
      expect(new Set(reached), space.format(arc)).toEqual(new Set(listed));
      tf.dispose([value, ...Object.values(grads)]);
    }
    // The dead conv of 330010 is counted (the benchmark's network has it) but not trained.
    expect(net.usedWeightNames(deadConv).some((n) => n.includes('edge2<-0'))).toBe(false);
    expect(net.usedWeightNames(allNone).every((n) => n.startsWith('lastact/') || n.startsWith('classifier/'))).toBe(true);
  });

  it('trains only the sampled ops: every other weight stays bit-exact and gets no optimizer state', async () => {
    const fresh = createNb201Supernet({ child, input, prng: createPrng(8) });
    const before = await fresh.getWeights();
    await fresh.trainStep(batch, resnet, { learningRate: 0.1 });
    const after = await fresh.getWeights();
    const used = new Set(fresh.usedWeightNames(resnet));
    const changed = Object.keys(before).filter((name) => fresh.variables.get(name)?.trainable === true && after[name]?.values.some((v, i) => v !== before[name]?.values[i]));
    expect(new Set(changed)).toEqual(used);
    // The sampled ops: nor_conv_3x3 on 1←0 and 2←1 of each cell; none of the 1×1 or other edges' weights moved.
    const opWeights = changed.filter((name) => name.includes('/edge'));
    expect(opWeights.length).toBe(3 * 2 * 3); // 3 cells × 2 edges × (kernel, BN scale, BN offset)
    expect(opWeights.every((name) => /\/(edge1<-0|edge2<-1)\/nor_conv_3x3\//.test(name))).toBe(true);
    expect(new Set(Object.keys(await fresh.optimizer.getState()))).toEqual(used);
    fresh.dispose();
  });

  it('refuses an image side the two reductions cannot halve and an arc of another length', () => {
    expect(() => createNb201Supernet({ child, input: { ...input, height: 6 }, prng: createPrng(1) })).toThrow(/CHILD_BAD_CONFIG.*divisible by 4, got 6×8/);
    expect(() => net.paramCount({ space: 'nb201', ops: [3, 0, 3] })).toThrow(/ARC_BAD_LENGTH/);
    expect(() => net.paramCount({ space: 'nb201', ops: [3, 0, 3, 1, 0, 5] })).toThrow(/ARC_BAD_OP.*3←2/);
  });
});
