import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
const ok = await tf.setBackend('wasm');
console.log('wasm', ok, tf.getBackend(), tf.add(tf.tensor1d([1, 2]), 1).dataSync());
