/**
 * Resize a decoded RGBA image to the square size of a dataset and keep 3 (RGB) or 1 (grey) channels.
 *
 * Resampling is by area: each output pixel is the mean of the input area it covers, with fractional
 * weights at the edges (OpenCV's INTER_AREA, tf.image.resize's 'area'). For the usual case, shrinking
 * photos to 32 × 32, this averages away the aliasing a bilinear shrink would keep. Alpha is dropped, not
 * composited, as PIL's convert('RGB') does in torchvision's ImageFolder; grey is ITU-R BT.601 luma
 * (0.299 R + 0.587 G + 0.114 B) in PIL's fixed-point form, as its convert('L') computes it.
 */

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row-major. */
  data: Uint8Array;
}

interface Tap {
  index: number;
  weight: number;
}

/** For each of `outSize` output cells, the input cells it covers and their normalised weights. */
function areaTaps(inSize: number, outSize: number): Tap[][] {
  const scale = inSize / outSize;
  return Array.from({ length: outSize }, (_, o) => {
    const start = o * scale;
    const end = start + scale;
    const taps: Tap[] = [];
    for (let i = Math.floor(start); i < Math.min(Math.ceil(end), inSize); i++) {
      const weight = Math.min(end, i + 1) - Math.max(start, i);
      if (weight > 1e-12) taps.push({ index: i, weight: weight / scale });
    }
    return taps;
  });
}

/** size × size × channels bytes. */
export function resizeImage(image: RgbaImage, size: number, channels: 1 | 3): Uint8Array {
  const { width, height, data } = image;
  if (data.length !== width * height * 4) {
    throw new RangeError(`RGBA data of ${width}×${height} must be ${width * height * 4} bytes, got ${data.length}`);
  }
  const xTaps = areaTaps(width, size);
  const yTaps = areaTaps(height, size);
  // Horizontal pass into floats (height × size × 3), then the vertical pass; no rounding in between.
  const rows = new Float64Array(height * size * 3);
  for (let y = 0; y < height; y++) {
    for (let ox = 0; ox < size; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const { index, weight } of xTaps[ox]!) {
        const at = (y * width + index) * 4;
        r += data[at]! * weight;
        g += data[at + 1]! * weight;
        b += data[at + 2]! * weight;
      }
      const out = (y * size + ox) * 3;
      rows[out] = r;
      rows[out + 1] = g;
      rows[out + 2] = b;
    }
  }
  const out = new Uint8Array(size * size * channels);
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const { index, weight } of yTaps[oy]!) {
        const at = (index * size + ox) * 3;
        r += rows[at]! * weight;
        g += rows[at + 1]! * weight;
        b += rows[at + 2]! * weight;
      }
      const at = (oy * size + ox) * channels;
      if (channels === 3) {
        out[at] = clampByte(r);
        out[at + 1] = clampByte(g);
        out[at + 2] = clampByte(b);
      } else {
        // PIL's integer luma on the rounded channels: (R·19595 + G·38470 + B·7471 + 2^15) >> 16.
        out[at] = (clampByte(r) * 19595 + clampByte(g) * 38470 + clampByte(b) * 7471 + 0x8000) >> 16;
      }
    }
  }
  return out;
}

function clampByte(v: number): number {
  return Math.min(255, Math.max(0, Math.round(v)));
}
