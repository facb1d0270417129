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
const sc = JSON.parse(process.argv[2]!);
const configs = JSON.parse(process.argv[3]!) as object[];
const maxUpdates = Number(process.argv[4] ?? 150);
const seeds = (process.argv[5] ?? '7').split(',').map(Number);
const space = createSearchSpace(spaceConfigSchema.parse(sc));
for (const ctrl of configs) for (const seed of seeds) {
  const target = space.encode(space.sampleUniform(createPrng(99 + seed)));
  const s = createStrategy(strategyConfigSchema.parse({ strategy: 'enas', controller: ctrl }), space, seed);
  const t0 = performance.now();
  const rewards: number[] = [];
  let reached = -1;
  const marks: string[] = [];
  for (let u = 0; u < maxUpdates && reached < 0; u++) {
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
    if ((u + 1) % 25 === 0) marks.push(m.toFixed(2));
    if (rewards.length >= 50 && m > 0.9) reached = u + 1;
  }
  s.dispose();
  console.log(JSON.stringify(ctrl), 'seed', seed, 'reached', reached, 'samples', rewards.length, ((performance.now() - t0) / 1000).toFixed(1) + 's', marks.join(' '));
}
