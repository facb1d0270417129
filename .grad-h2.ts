import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createRequire } from 'node:module';
createRequire(import.meta.url)('@tensorflow/tfjs-core/dist/register_all_gradients.js');
import { createController } from '/work/main/src/core/controller/controller';
import { createControllerParams, namedVariables } from '/work/main/src/core/controller/controller-params';
import { createTeacherSink } from '/work/main/src/core/controller/teacher-sink';
import { runPolicy } from '/work/main/src/core/controller/run-policy';
import { controllerConfigSchema } from '/work/main/src/shared/config/controller';
import { createSearchSpace } from '/work/main/src/core/spaces/index';
import { createPrng } from '/work/main/src/core/random/prng';
import { spaceConfigSchema } from '/work/main/src/shared/config/space';
await tf.setBackend('cpu');
for (const sc of [{ space: 'macro', numLayers: 4 }, { space: 'micro', numNodes: 2 }, { space: 'rnn', numNodes: 4 }] as const) {
  const space = createSearchSpace(spaceConfigSchema.parse(sc));
  const config = controllerConfigSchema.parse({ lstmSize: 8, lstmNumLayers: 2, tanhConstant: 1.5, temperature: 2, opBiasInit: 0.5 });
  const c = createController(space, config, 3);
  const arcs = [c.sample().tokens, c.sample().tokens, c.sample().tokens];
  const params = createControllerParams(space.config, config, createPrng(5));
  const vars = namedVariables(params);
  const init = createPrng(8);
  for (const { variable } of vars) variable.assign(tf.tensor(Float32Array.from({ length: variable.size }, () => (init.next() - 0.5) * 1.5), variable.shape));
  const f = () => { const t = createTeacherSink(arcs, 0.4); runPolicy(space.config, config, params, 3, t.sink); return tf.sum(tf.add(tf.mul(t.logProb(), tf.tensor1d([1, -0.5, 0.3])), t.skipPenalty())) as tf.Scalar; };
  const { grads } = tf.variableGrads(f, vars.map((v) => v.variable));
  const prng = createPrng(11);
  for (const { name, variable } of vars) {
    const g = grads[variable.name]; if (!g) { console.log(sc.space, name, 'no grad'); continue; }
    const dir = tf.tensor(Float32Array.from({ length: variable.size }, () => prng.next() - 0.5), variable.shape);
    const analytic = tf.sum(tf.mul(g, dir)).dataSync()[0]!;
    const orig = variable.clone();
    const eps = 3e-2;
    variable.assign(tf.add(orig, tf.mul(dir, eps))); const fp = tf.tidy(() => f().dataSync()[0]!);
    variable.assign(tf.sub(orig, tf.mul(dir, eps))); const fm = tf.tidy(() => f().dataSync()[0]!);
    variable.assign(orig);
    const numeric = (fp - fm) / (2 * eps);
    console.log(sc.space, name.padEnd(18), analytic.toFixed(4), numeric.toFixed(4), Math.abs(analytic - numeric) / Math.max(1e-2, Math.abs(numeric)) < 0.05 ? 'ok' : 'BAD');
  }
}
