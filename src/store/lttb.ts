/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson, "Downsampling Time Series for Visual
 * Representation", MSc thesis, University of Iceland, 2013), fed one point at a time so a million-point
 * series never becomes a million objects in memory.
 *
 * The bucket arithmetic is the thesis's reference implementation, kept bit for bit so the result equals it:
 * with n points and threshold N, every = (n − 2) / (N − 2); bucket i (0 ≤ i < N − 2) is the index range
 * [⌊i·every⌋ + 1, ⌊(i+1)·every⌋ + 1); from bucket i the point with the largest triangle against the last
 * chosen point and the mean of the next range (the next bucket, or [⌊(N−2)·every⌋ + 1, n) after the last
 * one) is kept. The first and last points are always kept.
 *
 * Streaming needs the mean of bucket i+1 before choosing in bucket i, so two bucket buffers (≈ n / N points
 * each, typed arrays) are all that is held.
 */

export interface LttbResult {
  xs: number[];
  ys: number[];
}

export interface LttbStream {
  /** The next point; x must increase strictly. Exactly `total` points must be pushed. */
  push(x: number, y: number): void;
  finish(): LttbResult;
}

/**
 * A stream that downsamples `total` points to `threshold` points (all of them when total ≤ threshold).
 * `threshold` must be an integer ≥ 3.
 */
export function createLttbStream(total: number, threshold: number): LttbStream {
  if (!Number.isInteger(threshold) || threshold < 3) throw new RangeError(`LTTB threshold must be an integer ≥ 3, got ${threshold}`);
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`LTTB total must be a non-negative integer, got ${total}`);
  const xs: number[] = [];
  const ys: number[] = [];
  let index = 0;
  let lastX = -Infinity;
  const checkOrder = (x: number): void => {
    if (!(x > lastX)) throw new RangeError(`LTTB needs strictly increasing x: point ${index} has x=${x} after x=${lastX}`);
    if (index >= total) throw new RangeError(`LTTB got more than the ${total} points announced`);
    lastX = x;
  };
  const checkCount = (): void => {
    if (index !== total) throw new RangeError(`LTTB was announced ${total} points but got ${index}`);
  };

  if (total <= threshold) {
    return {
      push(x, y) {
        checkOrder(x);
        xs.push(x);
        ys.push(y);
        index++;
      },
      finish() {
        checkCount();
        return { xs, ys };
      },
    };
  }

  const every = (total - 2) / (threshold - 2);
  // Start of range j: bucket j for j < N − 2; range N − 2 is what follows the last bucket (the last point,
  // plus a point or two that rounding leaves out of every bucket, exactly as in the reference).
  const rangeStart = (j: number): number => Math.floor(j * every) + 1;
  const capacity = Math.ceil(every) + 2;
  // `prev` holds the bucket waiting for its choice; `cur` the range being read, whose mean it needs.
  let prevX = new Float64Array(capacity);
  let prevY = new Float64Array(capacity);
  let prevLength = 0;
  let curX = new Float64Array(capacity);
  let curY = new Float64Array(capacity);
  let curLength = 0;
  let sumX = 0;
  let sumY = 0;
  let range = 0;
  let nextRangeStart = rangeStart(1);
  let ax = 0;
  let ay = 0;

  const choose = (): void => {
    // Choose in `prev` against the chosen point a and the mean of `cur`.
    const avgX = sumX / curLength;
    const avgY = sumY / curLength;
    let maxArea = -1;
    let best = 0;
    for (let k = 0; k < prevLength; k++) {
      const area = Math.abs((ax - avgX) * ((prevY[k] ?? 0) - ay) - (ax - (prevX[k] ?? 0)) * (avgY - ay)) * 0.5;
      if (area > maxArea) {
        maxArea = area;
        best = k;
      }
    }
    ax = prevX[best] ?? 0;
    ay = prevY[best] ?? 0;
    xs.push(ax);
    ys.push(ay);
  };

  const closeRange = (): void => {
    if (range >= 1) choose();
    [prevX, curX] = [curX, prevX];
    [prevY, curY] = [curY, prevY];
    prevLength = curLength;
    curLength = 0;
    sumX = 0;
    sumY = 0;
    range++;
    nextRangeStart = range + 1 <= threshold - 2 ? rangeStart(range + 1) : total;
  };

  return {
    push(x, y) {
      checkOrder(x);
      if (index === 0) {
        xs.push(x);
        ys.push(y);
        ax = x;
        ay = y;
      } else {
        if (index >= nextRangeStart) closeRange();
        curX[curLength] = x;
        curY[curLength] = y;
        curLength++;
        sumX += x;
        sumY += y;
      }
      index++;
    },
    finish() {
      checkCount();
      // `cur` is the range after the last bucket; its mean decides the last bucket.
      choose();
      xs.push(lastX);
      ys.push(curY[curLength - 1] ?? 0);
      return { xs, ys };
    },
  };
}
