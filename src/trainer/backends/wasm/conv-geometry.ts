/**
 * The geometry of a 2-D convolution's forward pass, read from the attributes tfjs-core hands a backward kernel.
 *
 * Our wasm training kernels support what the ENAS child networks use: NHWC, any stride, 'same' / 'valid' /
 * explicit padding, dilation 1, batch ≥ 1. Anything else is refused here with a message naming the kernel,
 * the attribute and expected vs received, before a kernel touches memory.
 */
import { backend_util } from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import { EnasError } from '../../../shared/errors';

type Shape4 = [number, number, number, number];

/** One forward convolution, NHWC, with its padding resolved to four explicit amounts. */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  /** Output channels; for a depthwise convolution inChannels × channelMultiplier. */
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
  /** Depthwise only: filter shape [fh, fw, inChannels, channelMultiplier]. 1 for a regular convolution. */
  channelMultiplier: number;
}

type Pad = 'same' | 'valid' | number | backend_util.ExplicitPadding;

function unsupported(kernelName: string, what: string): never {
  throw new EnasError('KERNEL_UNSUPPORTED', `${kernelName}: ${what}`);
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

export function readShape4(attrs: NamedAttrMap, name: string, kernelName: string): Shape4 {
  const value: unknown = attrs[name];
  if (Array.isArray(value) && value.length === 4 && value.every(isPositiveInt)) {
    return [value[0], value[1], value[2], value[3]] as Shape4;
  }
  return unsupported(kernelName, `attribute ${name} must be 4 positive integers, received ${JSON.stringify(value)}`);
}

function readPair(attrs: NamedAttrMap, name: string, kernelName: string): [number, number] {
  const value: unknown = attrs[name] ?? 1;
  if (isPositiveInt(value)) return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every(isPositiveInt)) {
    return [value[0] as number, value[1] as number];
  }
  return unsupported(kernelName, `attribute ${name} must be a positive integer or a pair, received ${JSON.stringify(value)}`);
}

function readPad(attrs: NamedAttrMap, kernelName: string): Pad {
  const value: unknown = attrs['pad'];
  if (value === 'same' || value === 'valid') return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  const isPadPair = (p: unknown): boolean =>
    Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0);
  if (Array.isArray(value) && value.length === 4 && value.every(isPadPair)) {
    return value as backend_util.ExplicitPadding;
  }
  return unsupported(
    kernelName,
    `attribute pad must be 'same', 'valid', a non-negative integer or [[0,0],[t,b],[l,r],[0,0]], received ${JSON.stringify(value)}`,
  );
}

function readRounding(attrs: NamedAttrMap, kernelName: string): 'floor' | 'round' | 'ceil' | undefined {
  const value: unknown = attrs['dimRoundingMode'];
  if (value === undefined || value === null) return undefined;
  if (value === 'floor' || value === 'round' || value === 'ceil') return value;
  return unsupported(kernelName, `attribute dimRoundingMode must be floor, round or ceil, received ${JSON.stringify(value)}`);
}

/**
 * Resolves the forward geometry of the convolution whose gradient `kernelName` computes.
 * `xShape` is the forward input (NHWC), `filterShape` the forward filter.
 */
export function readConvGeometry(
  kernelName: string,
  attrs: NamedAttrMap,
  xShape: Shape4,
  filterShape: Shape4,
  depthwise: boolean,
): ConvGeometry {
  const dataFormat: unknown = attrs['dataFormat'] ?? 'NHWC';
  if (dataFormat !== 'NHWC') {
    unsupported(kernelName, `dataFormat must be NHWC, received ${JSON.stringify(dataFormat)}`);
  }
  const [dilationHeight, dilationWidth] = readPair(attrs, 'dilations', kernelName);
  if (dilationHeight !== 1 || dilationWidth !== 1) {
    unsupported(kernelName, `dilations must be 1, received [${dilationHeight}, ${dilationWidth}]`);
  }
  const strides = readPair(attrs, 'strides', kernelName);
  const pad = readPad(attrs, kernelName);
  if (xShape[3] !== filterShape[2]) {
    unsupported(kernelName, `input has ${xShape[3]} channels but the filter expects ${filterShape[2]}`);
  }
  const info = backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    strides,
    1,
    pad,
    readRounding(attrs, kernelName),
    depthwise,
    'channelsLast',
  );
  return fromConvInfo(info, depthwise ? filterShape[3] : 1);
}

/** The forward geometry of a 2-D pooling (NHWC), as a depthwise convolution with channel multiplier 1. */
export function readPoolGeometry(kernelName: string, attrs: NamedAttrMap, xShape: Shape4): ConvGeometry {
  const [filterHeight, filterWidth] = readPair(attrs, 'filterSize', kernelName);
  const info = backend_util.computePool2DInfo(
    xShape,
    [filterHeight, filterWidth],
    readPair(attrs, 'strides', kernelName),
    1,
    readPad(attrs, kernelName),
    readRounding(attrs, kernelName),
    'channelsLast',
  );
  return fromConvInfo(info, 1);
}

/** The output columns [start, end) whose tap kx lands inside the input row, for every kx. */
export function tapColumns(g: ConvGeometry): { start: Int32Array; end: Int32Array } {
  const start = new Int32Array(g.filterWidth);
  const end = new Int32Array(g.filterWidth);
  for (let kx = 0; kx < g.filterWidth; kx++) {
    const shift = kx - g.padLeft;
    start[kx] = Math.max(0, Math.ceil(-shift / g.strideWidth));
    end[kx] = Math.min(g.outWidth, Math.floor((g.inWidth - 1 - shift) / g.strideWidth) + 1);
  }
  return { start, end };
}

/** A shape of rank 4 from a TensorInfo, or a KERNEL_UNSUPPORTED error naming the input. */
export function shape4Of(shape: readonly number[], inputName: string, kernelName: string): Shape4 {
  if (shape.length !== 4) {
    unsupported(kernelName, `input ${inputName} must be rank 4 (NHWC), received shape [${shape.join(', ')}]`);
  }
  return [shape[0] ?? 0, shape[1] ?? 0, shape[2] ?? 0, shape[3] ?? 0];
}

/** Does the forward convolution read every input pixel exactly once (1×1, stride 1, no padding)? */
export function isPointwise(g: ConvGeometry): boolean {
  return (
    g.filterHeight === 1 &&
    g.filterWidth === 1 &&
    g.strideHeight === 1 &&
    g.strideWidth === 1 &&
    g.padTop + g.padBottom + g.padLeft + g.padRight === 0
  );
}

/** Our geometry from tfjs's Conv2DInfo (which pooling shares). */
function fromConvInfo(info: backend_util.Conv2DInfo, channelMultiplier: number): ConvGeometry {
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padBottom: info.padInfo.bottom,
    padLeft: info.padInfo.left,
    padRight: info.padInfo.right,
    channelMultiplier,
  };
}
