import { describe, expect, it } from 'vitest';
import { decodeFloat32Base64, encodeFloat32Base64 } from './float32-base64';

describe('float32 base64', () => {
  it('round-trips float32 values exactly, signs, zeros and extremes included', () => {
    const values = Float32Array.of(0, -0, 1, -1.5, 3.4028234663852886e38, 1.401298464324817e-45, 0.1, -123.456);
    const decoded = decodeFloat32Base64(encodeFloat32Base64(values));
    expect(Array.from(decoded)).toEqual(Array.from(values));
    expect(Object.is(decoded[1], -0)).toBe(true);
  });

  it('writes what Node writes for the same little-endian bytes', () => {
    const values = Float32Array.of(1, 2.5, -7, 0.333);
    const bytes = Buffer.alloc(16);
    values.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
    expect(encodeFloat32Base64(values)).toBe(bytes.toString('base64'));
    expect(encodeFloat32Base64(Float32Array.of(1))).toBe('AACAPw==');
  });

  it('refuses text that is not whole float32 values', () => {
    expect(() => decodeFloat32Base64('AACA')).toThrow(/not a whole number/);
    expect(() => decodeFloat32Base64('AAC')).toThrow(/multiple of 4/);
    expect(() => decodeFloat32Base64('AA*APw==')).toThrow(/not a base64 character/);
  });
});
