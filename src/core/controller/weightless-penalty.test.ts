/**
 * The weightless-op penalty (controller config `weightlessTarget`, `weightlessWeight`; ours, the analogue of
 * the official macro skip penalty): its KL arithmetic, and that it moves the policy's share of weightless ops
 * toward the target when it is the only signal, and not at all at weight 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { controllerConfigSchema } from '../../shared/config/controller';
import { spaceConfigSchema } from '../../shared/config/space';
import { createSearchSpace } from '../spaces/index';
import { parameterFreeShare } from '../search/search-health';
import { createController } from './controller';
import { createTeacherSink } from './teacher-sink';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const space = createSearchSpace(spaceConfigSchema.parse({ space: 'micro', numNodes: 2 }));


describe('weightless-op penalty', () => {
  it('is the sum over op decisions of KL(Bernoulli(p_weightless) ‖ Bernoulli(target))', () => {
    // Two decisions of one row: an op decision (options 2, 3, 4 weightless) and one that is not an op.
    const options = (position: number) => (position === 1 ? [false, false, true, true, true] : null);
    const teacher = createTeacherSink([[0, 3]], 0.5, { options, target: 0.25 });
    const logits = [0.3, -1.2, 0.8, 0.1, -0.4];
    // The hidden state the decision came from does not enter the penalty.
    const hidden = tf.zeros([1, 4]) as tf.Tensor2D;
    teacher.sink.categorical('index', tf.tensor2d([[0.1, 0.2]]), 0, hidden);
    teacher.sink.categorical('op', tf.tensor2d([logits]), 1, hidden);
    const exp = logits.map(Math.exp);
    const p = (exp[2]! + exp[3]! + exp[4]!) / exp.reduce((a, b) => a + b, 0);
    const kl = p * Math.log(p / 0.25) + (1 - p) * Math.log((1 - p) / 0.75);
    expect(teacher.weightlessPenalty().dataSync()[0]).toBeCloseTo(kl, 5);
  });

  it('moves the sampled weightless share toward the target when it is the only signal, and is inert at weight 0', () => {
    const shareAfter = (weight: number): { before: number; after: number } => {
      const controller = createController(
        space,
        controllerConfigSchema.parse({
          lstmSize: 16, opBiasInit: 0, normalCellOpOffset: 0, tanhConstant: 2.5, opTanhReduce: 1, entropyWeight: 0, learningRate: 0.2,
          adamCorrection: 'kingma-ba', adamBeta1: 0.9, adamEpsilon: 1e-8, baselineInit: 'first-batch',
          weightlessTarget: 0.1, weightlessWeight: weight,
        }),
        7,
      );
      const draw = (n: number) => Array.from({ length: n }, () => controller.sample().tokens);
      const before = parameterFreeShare(space, draw(100));
      // (the quick preset's tanh bounds: the official ±0.44 on op logits caps the weightless share at ≥ 0.38)
      // Equal rewards and a first-batch baseline: every advantage is 0, so REINFORCE contributes nothing.
      for (let step = 0; step < 20; step++) controller.update(draw(4).map((tokens) => ({ ...controller.sample(), tokens, reward: 0.5 })));
      const after = parameterFreeShare(space, draw(100));
      controller.dispose();
      return { before, after };
    };
    const off = shareAfter(0);
    const on = shareAfter(1);
    expect(off.before).toBeGreaterThan(0.45); // 3 of 5 ops are weightless: a uniform start draws about 0.6
    expect(on.before).toBeCloseTo(off.before, 10); // same seed, same start
    expect(Math.abs(off.after - off.before)).toBeLessThan(0.1);
    expect(on.after).toBeLessThan(0.3);
    expect(on.after).toBeLessThan(off.after - 0.2);
  }, 180_000);
});
