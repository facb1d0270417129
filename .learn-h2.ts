import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createRequire } from 'node:module';
createRequire(import.meta.url)('@tensorflow/tfjs-core/dist/register_all_gradients.js');
import { createStrategy } from '/work/main/src/core/strategy/create-strategy';
import { strategyConfigSchema } from '/work/main/src/shared/config/strategy';
import { createSearchSpace } from '/work/main/src/core/spaces/index';
import { createPrng } from '/work/main/src/core/random/prng';
import { spaceConfigSchema } from '/work/main/src/shared/config/space';
await tf.setBackend('cpu');
const spaces = { macro: { space: 'macro', numLayers: 6 }, micro: { space: 'micro', numNodes: 4 }, rnn: { space: 'rnn', numNodes: 8 } } as const;
const name = process.argv[2] as keyof typeof spaces;
const ctrl = JSON.parse(process.argv[3] ?? '{}');
const space = createSearchSpace(spaceConfigSchema.parse(spaces[name]));
const target = space.encode(space.sampleUniform(createPrng(99)));
const s = createStrategy(strategyConfigSchema.parse({ strategy: 'enas', controller: ctrl }), space, 7);
const t0 = performance.now();
const rewards: number[] = [];
for (let u = 0; u < 400; u++) {
  const batch = [];
  for (let i = 0; i < s.phase.samplesPerUpdate; i++) {
    const x = s.sample();
    const r = x.tokens.filter((t, p) => t === target[p]).length / target.length;
    rewards.push(r);
    batch.push({ ...x, reward: r });
  }
  s.update(batch);
  const last = rewards.slice(-50);
  const m = last.reduce((a, b) => a + b, 0) / last.length;
  if ((u + 1) % 20 === 0) console.log(u + 1, m.toFixed(3), ((performance.now() - t0) / 1000).toFixed(1) + 's');
  if (rewards.length >= 50 && m > 0.9) { console.log('reached at update', u + 1, 'samples', rewards.length, ((performance.now() - t0) / 1000).toFixed(1) + 's'); break; }
}
