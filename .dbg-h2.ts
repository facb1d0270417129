import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createRequire } from 'node:module';
createRequire(import.meta.url)('@tensorflow/tfjs-core/dist/register_all_gradients.js');
import { createController } from '/work/main/src/core/controller/controller';
import { controllerConfigSchema } from '/work/main/src/shared/config/controller';
import { createSearchSpace } from '/work/main/src/core/spaces/index';
import { spaceConfigSchema } from '/work/main/src/shared/config/space';
await tf.setBackend('cpu');
const s = createSearchSpace(spaceConfigSchema.parse({ space: 'rnn', numNodes: 4 }));
const c = createController(s, controllerConfigSchema.parse({ lstmSize: 16, learningRate: 0.01 }), 7);
const g = c.sample(), b = c.sample();
console.log(g.tokens.join(' '), '|', b.tokens.join(' '));
const show = () => console.log(c.logProb([g.tokens, b.tokens]).map((v) => v.toFixed(4)).join(' '));
show();
for (let i = 0; i < 5; i++) { const st = c.update([{ ...g, reward: 1 }, { ...b, reward: 0 }]); console.log(st.loss, st.baseline, st.gradNorm); show(); }
