/**
 * The arithmetic of the plain nb201 controller (js-controller.ts): the nb201 policy's forward pass (nb201-policy.ts:
 * a one-layer LSTM from `g_emb`, per edge the op logits from `w_soft` shaped by temperature and tanh bound, the
 * chosen op's embedding as the next input) and the gradient of −log p(arc) by backpropagation through time,
 * on float64 working copies of the float32 weights.
 *
 * Laid out for V8 rather than for reading like the tfjs version: every product is a dot product over contiguous
 * memory with four accumulators (the LSTM kernel is kept in both orientations), and two shortcuts keep the
 * arithmetic small without changing the function: the input half of the kernel only ever multiplies one of
 * ops + 1 fixed vectors (`g_emb` or a row of `w_emb`), so those products are computed once per weight version
 * and looked up, and its gradient is summed per fixed vector first; the recurrent half's gradient Σ_t h_{t−1}ᵀ
 * δ_t is taken once per update over all rows and steps.
 */
import { entropyOf, logSoftmax } from './categorical';

/** What the arithmetic needs of the configuration. */
export interface PlainPolicyShape {
  /** LSTM units. */
  readonly units: number;
  /** Options per decision (the nb201 ops). */
  readonly ops: number;
  /** Decisions per architecture (the nb201 edges). */
  readonly edges: number;
  readonly temperature: number | null;
  readonly tanhBound: number | null;
}

/** float64 working copies of the weights, rebuilt from the official float32 ones after every change. */
export interface PlainPolicyWeights {
  /** Recurrent half of the fused kernel [i|f|o|g], transposed: [4·units][units]. */
  readonly recurrentT: Float64Array;
  /** Recurrent half, as stored: [units][4·units]. */
  readonly recurrent: Float64Array;
  /** Input half, as stored: [units][4·units]. */
  readonly input: Float64Array;
  /** The fixed inputs: `g_emb`, then each row of `w_emb`, [units] each. */
  readonly inputs: readonly Float64Array[];
  /** inputs[x] · input half, [4·units] each. */
  readonly inputProducts: readonly Float64Array[];
  /** `w_soft` transposed: [ops][units]. */
  readonly softT: Float64Array;
}

export const PLAIN_GATES = ['i', 'f', 'o', 'g'] as const;

/** Σ_k a[aOff + k]·b[bOff + k] for k < n, in four interleaved sums (V8 keeps them in registers). */
function dot(a: Float64Array, aOff: number, b: Float64Array, bOff: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += a[aOff + k]! * b[bOff + k]!;
    s1 += a[aOff + k + 1]! * b[bOff + k + 1]!;
    s2 += a[aOff + k + 2]! * b[bOff + k + 2]!;
    s3 += a[aOff + k + 3]! * b[bOff + k + 3]!;
  }
  for (; k < n; k++) s0 += a[aOff + k]! * b[bOff + k]!;
  return s0 + s1 + (s2 + s3);
}

/** out[outOff + j] += a · x[xOff + j] for j < n, unrolled by four (V8 runs the plain loop about 3× slower). */
function axpy(a: number, x: Float64Array, xOff: number, out: Float64Array, outOff: number, n: number): void {
  let j = 0;
  for (; j + 3 < n; j += 4) {
    out[outOff + j]! += a * x[xOff + j]!;
    out[outOff + j + 1]! += a * x[xOff + j + 1]!;
    out[outOff + j + 2]! += a * x[xOff + j + 2]!;
    out[outOff + j + 3]! += a * x[xOff + j + 3]!;
  }
  for (; j < n; j++) out[outOff + j]! += a * x[xOff + j]!;
}

/** Allocates the working copies; {@link refreshPlainPolicyWeights} fills them. */
export function plainPolicyWeights(shape: PlainPolicyShape): PlainPolicyWeights {
  const u = shape.units;
  const u4 = 4 * u;
  return {
    recurrentT: new Float64Array(u4 * u),
    recurrent: new Float64Array(u * u4),
    input: new Float64Array(u * u4),
    inputs: Array.from({ length: shape.ops + 1 }, () => new Float64Array(u)),
    inputProducts: Array.from({ length: shape.ops + 1 }, () => new Float64Array(u4)),
    softT: new Float64Array(shape.ops * u),
  };
}

/**
 * Fills the working copies in place from the official weights (`lstm/layer_0/w_i` … `softmax/w`, row-major
 * float32): in place because typed-array allocation, not arithmetic, dominated an update when they were new.
 */
export function refreshPlainPolicyWeights(w: PlainPolicyWeights, shape: PlainPolicyShape, official: (name: string) => Float32Array): void {
  const u = shape.units;
  const u4 = 4 * u;
  const { input, recurrent, recurrentT } = w;
  PLAIN_GATES.forEach((gate, gi) => {
    const kernel = official(`lstm/layer_0/w_${gate}`);
    for (let k = 0; k < u; k++) {
      for (let col = 0; col < u; col++) {
        const j = gi * u + col;
        input[k * u4 + j] = kernel[k * u + col]!;
        const value = kernel[(u + k) * u + col]!;
        recurrent[k * u4 + j] = value;
        recurrentT[j * u + k] = value;
      }
    }
  });
  const gEmb = official('g_emb');
  const wEmb = official('emb/w');
  w.inputs[0]!.set(gEmb);
  for (let op = 0; op < shape.ops; op++) w.inputs[op + 1]!.set(wEmb.subarray(op * u, (op + 1) * u));
  w.inputs.forEach((x, xi) => {
    const out = w.inputProducts[xi]!;
    out.fill(0);
    for (let k = 0; k < u; k++) axpy(x[k]!, input, k * u4, out, 0, u4);
  });
  const wSoft = official('softmax/w');
  for (let k = 0; k < u; k++) for (let op = 0; op < shape.ops; op++) w.softT[op * u + k] = wSoft[k * shape.ops + op]!;
}

/** One architecture's pass through the policy, kept for the backward pass. Per-step values are flat, step-major. */
export interface PlainTrace {
  readonly tokens: number[];
  /** Σ log p(token), nats. */
  readonly logProb: number;
  /** Σ of the decisions' entropies, nats. */
  readonly entropy: number;
  /** Per step: which fixed input it read (0 `g_emb`, 1 + op for `w_emb[op]`). */
  readonly input: Int32Array;
  /** Gate activations i, f, o, g: [edges][4·units]. */
  readonly gates: Float64Array;
  /** c_t, tanh c_t and h_t: [edges][units]. */
  readonly c: Float64Array;
  readonly tanhC: Float64Array;
  readonly h: Float64Array;
  /** Softmax of the shaped logits, tanh of the pre-bound logits: [edges][ops]. */
  readonly probs: Float64Array;
  readonly bounded: Float64Array;
  /** The shaped logits as float32 (what a sampled decision records): [edges][ops]. */
  readonly logits: Float32Array;
}

/** Runs one architecture; `choose(edge, logProbs)` picks each op (a draw, or the recorded token). */
export function plainForward(shape: PlainPolicyShape, w: PlainPolicyWeights, choose: (edge: number, logProbs: number[]) => number): PlainTrace {
  const u = shape.units;
  const u4 = 4 * u;
  const { edges, ops } = shape;
  const gates = new Float64Array(edges * u4);
  const c = new Float64Array(edges * u);
  const tanhC = new Float64Array(edges * u);
  const h = new Float64Array(edges * u);
  const probs = new Float64Array(edges * ops);
  const bounded = new Float64Array(edges * ops);
  const logits = new Float32Array(edges * ops);
  const inputs = new Int32Array(edges);
  const tokens: number[] = [];
  const recurrentT = w.recurrentT;
  const softT = w.softT;
  let logProb = 0;
  let entropy = 0;
  let input = 0;
  for (let edge = 0; edge < edges; edge++) {
    const base = w.inputProducts[input]!;
    const g0 = edge * u4;
    const prev = (edge - 1) * u;
    for (let j = 0; j < u4; j++) {
      const pre = edge === 0 ? base[j]! : base[j]! + dot(h, prev, recurrentT, j * u, u);
      gates[g0 + j] = j < 3 * u ? 1 / (1 + Math.exp(-pre)) : Math.tanh(pre);
    }
    const s0 = edge * u;
    for (let k = 0; k < u; k++) {
      const ck = gates[g0 + k]! * gates[g0 + 3 * u + k]! + (edge === 0 ? 0 : gates[g0 + u + k]! * c[prev + k]!);
      c[s0 + k] = ck;
      const tc = Math.tanh(ck);
      tanhC[s0 + k] = tc;
      h[s0 + k] = gates[g0 + 2 * u + k]! * tc;
    }
    const l0 = edge * ops;
    for (let op = 0; op < ops; op++) {
      let z = dot(h, s0, softT, op * u, u);
      if (shape.temperature !== null) z /= shape.temperature;
      if (shape.tanhBound !== null) {
        const b = Math.tanh(z);
        bounded[l0 + op] = b;
        z = shape.tanhBound * b;
      }
      logits[l0 + op] = z;
    }
    const logProbs = logSoftmax(logits.subarray(l0, l0 + ops));
    const choice = choose(edge, logProbs);
    logProb += logProbs[choice] ?? -Infinity;
    entropy += entropyOf(logProbs);
    for (let op = 0; op < ops; op++) probs[l0 + op] = Math.exp(logProbs[op]!);
    tokens.push(choice);
    inputs[edge] = input;
    input = 1 + choice;
  }
  return { tokens, logProb, entropy, input: inputs, gates, c, tanhC, h, probs, bounded, logits };
}

/** The gradient of Σ coef·(−log p(arc)) over the traces added, by official weight name. */
export interface PlainGradient {
  /** Empties the sums: the start of an update. */
  reset(): void;
  /** Adds coef · ∇(−log p(trace.tokens)); the trace must come from the current weights. */
  add(trace: PlainTrace, coef: number): void;
  /**
   * The gradient of every weight the policy uses (float64, official shapes, row-major). The arrays are the
   * workspace's own: valid until the next reset.
   */
  finish(): ReadonlyMap<string, Float64Array>;
}

/** A reusable gradient workspace over the working weights `w` (which it reads as they are when used). */
export function plainGradient(shape: PlainPolicyShape, w: PlainPolicyWeights): PlainGradient {
  const u = shape.units;
  const u4 = 4 * u;
  const { edges, ops } = shape;
  const dSoft = new Float64Array(u * ops);
  const fused = new Float64Array(2 * u * u4);
  // δ (gradient of the gate pre-activations) summed per fixed input, and the (h_{t−1}, δ_t) pairs of the
  // recurrent half, multiplied out once in finish(); δ buffers are pooled across updates.
  const inputDeltas = w.inputs.map(() => new Float64Array(u4));
  const pairH: Float64Array[] = [];
  const pairAt: number[] = [];
  const deltaPool: Float64Array[] = [];
  let pairs = 0;
  let dh = new Float64Array(u);
  let dhPrev = new Float64Array(u);
  let dc = new Float64Array(u);
  let dcPrev = new Float64Array(u);
  const out = new Map<string, Float64Array>(
    [...PLAIN_GATES.map((gate) => [`lstm/layer_0/w_${gate}`, new Float64Array(2 * u * u)] as const),
      ['g_emb', new Float64Array(u)] as const,
      ['emb/w', new Float64Array(ops * u)] as const,
      ['softmax/w', dSoft] as const],
  );
  const { recurrent, softT } = w;

  return {
    reset() {
      dSoft.fill(0);
      fused.fill(0);
      inputDeltas.forEach((d) => d.fill(0));
      pairs = 0;
    },

    add(trace, coef) {
      dh.fill(0);
      dc.fill(0);
      for (let edge = edges - 1; edge >= 0; edge--) {
        const s0 = edge * u;
        const l0 = edge * ops;
        for (let op = 0; op < ops; op++) {
          // d(−log softmax(l)[a])/dl = softmax(l) − onehot(a); then back through the tanh bound and temperature.
          let dz = coef * (trace.probs[l0 + op]! - (op === trace.tokens[edge] ? 1 : 0));
          if (shape.tanhBound !== null) dz *= shape.tanhBound * (1 - trace.bounded[l0 + op]! ** 2);
          if (shape.temperature !== null) dz /= shape.temperature;
          if (dz === 0) continue;
          for (let k = 0; k < u; k++) {
            dSoft[k * ops + op]! += trace.h[s0 + k]! * dz;
            dh[k]! += dz * softT[op * u + k]!;
          }
        }
        const g0 = edge * u4;
        const gates = trace.gates;
        const prev = (edge - 1) * u;
        if (pairs === deltaPool.length) deltaPool.push(new Float64Array(u4));
        const delta = deltaPool[pairs]!;
        for (let k = 0; k < u; k++) {
          const i = gates[g0 + k]!;
          const f = gates[g0 + u + k]!;
          const o = gates[g0 + 2 * u + k]!;
          const g = gates[g0 + 3 * u + k]!;
          const tc = trace.tanhC[s0 + k]!;
          // dc: the cell's gradient from h_t and from c_{t+1} (dc holds the latter on entry).
          const dck = dh[k]! * o * (1 - tc * tc) + dc[k]!;
          delta[k] = dck * g * i * (1 - i);
          delta[u + k] = edge === 0 ? 0 : dck * trace.c[prev + k]! * f * (1 - f);
          delta[2 * u + k] = dh[k]! * tc * o * (1 - o);
          delta[3 * u + k] = dck * i * (1 - g * g);
          dcPrev[k] = dck * f;
        }
        axpy(1, delta, 0, inputDeltas[trace.input[edge]!]!, 0, u4);
        if (edge > 0) {
          pairH[pairs] = trace.h;
          pairAt[pairs] = prev;
          pairs += 1;
          for (let k = 0; k < u; k++) dhPrev[k] = dot(delta, 0, recurrent, k * u4, u4);
        } else {
          dhPrev.fill(0);
        }
        [dh, dhPrev] = [dhPrev, dh];
        [dc, dcPrev] = [dcPrev, dc];
      }
    },

    finish() {
      // Input half: Σ_x inputs[x]ᵀ · δ_x; the inputs' own gradients δ_x · (input half)ᵀ.
      const dEmb = out.get('emb/w')!;
      w.inputs.forEach((x, xi) => {
        const delta = inputDeltas[xi]!;
        const dx = xi === 0 ? out.get('g_emb')! : dEmb.subarray((xi - 1) * u, xi * u);
        for (let k = 0; k < u; k++) {
          axpy(x[k]!, delta, 0, fused, k * u4, u4);
          dx[k] = dot(delta, 0, w.input, k * u4, u4);
        }
      });
      // Recurrent half: Σ_t h_{t−1}ᵀ δ_t, row by row of the kernel.
      for (let t = 0; t < pairs; t++) {
        const h = pairH[t]!;
        const at = pairAt[t]!;
        const delta = deltaPool[t]!;
        for (let k = 0; k < u; k++) axpy(h[at + k]!, delta, 0, fused, (u + k) * u4, u4);
      }
      PLAIN_GATES.forEach((gate, gi) => {
        const g = out.get(`lstm/layer_0/w_${gate}`)!;
        for (let row = 0; row < 2 * u; row++) {
          for (let col = 0; col < u; col++) g[row * u + col] = fused[row * u4 + gi * u + col]!;
        }
      });
      return out;
    },
  };
}
