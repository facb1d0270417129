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
const ctrl = JSON.parse(process.argv[3] ?? '{}');
const updates = Number(process.argv[4] ?? 100);
const space = createSearchSpace(spaceConfigSchema.parse(sc));
const seed = Number(process.argv[5] ?? 7);
const target = space.encode(space.sampleUniform(createPrng(99 + seed)));
const s = createStrategy(strategyConfigSchema.parse({ strategy: 'enas', controller: ctrl }), space, seed);
const t0 = performance.now();
const rewards: number[] = [];
const hits = new Array(target.length).fill(0);
for (let u = 0; u < updates; u++) {
  const batch = [];
  for (let i = 0; i < s.phase.samplesPerUpdate; i++) {
    const x = s.sample();
    const r = x.tokens.filter((t, p) => t === target[p]).length / target.length;
    if (u >= updates - 10) x.tokens.forEach((t, p) => (hits[p] += t === target[p] ? 1 : 0));
    rewards.push(r);
    batch.push({ ...x, reward: r });
  }
  const st = s.update(batch);
  const last = rewards.slice(-50);
  const m = last.reduce((a, b) => a + b, 0) / last.length;
  if ((u + 1) % Math.max(1, Math.floor(updates / 10)) === 0) console.log(u + 1, m.toFixed(3), 'ent', st.meanEntropy.toFixed(2), 'bl', st.baseline?.toFixed(3), 'g', st.gradNorm?.toExponential(2), ((performance.now() - t0) / 1000).toFixed(1) + 's');
}
console.log('per-position hit rate last 10 updates', hits.map((h) => (h / (10 * s.phase.samplesPerUpdate)).toFixed(1)).join(' '));
console.log('target', target.join(' '));
