import { describe, expect, it } from 'vitest';
import { encodeFloat32Base64 } from './float32-base64';
import { trainerMessageSchema } from './protocol';

const trace = (values: Float32Array, width: number) => ({
  type: 'controller-trace',
  seq: 12,
  epoch: 3,
  tokens: [0, 1, 4],
  width,
  hidden: encodeFloat32Base64(values),
});

describe('the controller-trace trainer message', () => {
  it('is accepted with whole rows of `width` float32 values', () => {
    const message = trace(new Float32Array(3 * 4), 4);
    expect(trainerMessageSchema.parse(message)).toEqual(message);
  });

  it('is refused when the hidden states are not whole rows, or not base64', () => {
    expect(trainerMessageSchema.safeParse(trace(new Float32Array(10), 4)).success).toBe(false);
    expect(trainerMessageSchema.safeParse({ ...trace(new Float32Array(4), 4), hidden: 'not base64!' }).success).toBe(false);
    expect(trainerMessageSchema.safeParse({ ...trace(new Float32Array(4), 4), tokens: [] }).success).toBe(false);
  });
});
