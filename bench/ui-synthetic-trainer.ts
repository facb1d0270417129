/**
 * A trainer process for the UI benchmarks: it speaks the real trainer protocol (ready → start → events →
 * finished) over the IPC channel, with no tfjs, and streams a search's events at a fixed rate so the run
 * view can be measured under a known load. Each step is one `architecture-sampled` (a controller-phase
 * sample with a valid arc of the run's space, reward, baseline and validation score, as the real trainer
 * sends them)
 * and one `step-metrics` (the series the run view charts), so `rate` events/s is rate/2 steps/s; a
 * `progress` event goes out once a second on top. With `prefill`, that many steps go out first as fast
 * as the host takes them. Settings come from UI_BENCH_TRAINER (JSON, below).
 *
 * Events are paced against the wall clock (event i is due at start + i/rate), not by sleeping a fixed
 * time between sends, so a slow host or a busy machine does not stretch the stream.
 */
import { z } from 'zod';
import { createPrng } from '../src/core/random/prng';
import { PROTOCOL_VERSION, hostMessageSchema } from '../src/shared/protocol';
import type { Prng } from '../src/core/random/prng';
import type { SpaceConfig } from '../src/shared/config/space';
import type { StartMessage, TrainerMessage } from '../src/shared/protocol';

const settingsSchema = z.object({
  /** Trainer events per second (architecture-sampled + step-metrics). */
  rate: z.number().positive().default(50),
  seconds: z.number().positive().default(30),
  seed: z.number().int().default(1),
  /** Steps sent at once before the paced stream: a run that has been going for a while when watched. */
  prefill: z.number().int().nonnegative().default(0),
});
const settings = settingsSchema.parse(JSON.parse(process.env.UI_BENCH_TRAINER ?? '{}'));

function send(message: TrainerMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.send === undefined) {
      reject(new Error('ui-synthetic-trainer: no IPC channel'));
      return;
    }
    process.send(message, undefined, {}, (err) => (err === null ? resolve() : reject(err)));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

let stopRequested = false;

/** A uniformly random arc of the space, in the official encodings (docs/architecture.md §2). */
function randomArc(space: SpaceConfig, prng: Prng): string {
  const tokens: number[] = [];
  if (space.space === 'micro') {
    // Normal then reduction cell; node k reads inputs 0 … k+1, each through one of 5 ops.
    for (let cell = 0; cell < 2; cell++) {
      for (let k = 0; k < space.numNodes; k++) tokens.push(prng.int(k + 2), prng.int(5), prng.int(k + 2), prng.int(5));
    }
  } else if (space.space === 'macro') {
    // Per layer one of 6 ops, then a skip bit for each earlier layer (ENAS's skip target is 0.4).
    for (let layer = 0; layer < space.numLayers; layer++) {
      tokens.push(prng.int(6));
      for (let j = 0; j < layer; j++) tokens.push(prng.next() < 0.4 ? 1 : 0);
    }
  } else if (space.space === 'nb201') {
    // One of 5 ops on each of the cell's 6 edges.
    for (let e = 0; e < 6; e++) tokens.push(prng.int(5));
  } else {
    tokens.push(prng.int(4));
    for (let k = 1; k < space.numNodes; k++) tokens.push(prng.int(k), prng.int(4));
  }
  return tokens.join(' ');
}

async function run(start: StartMessage): Promise<void> {
  const prng = createPrng(settings.seed);
  await send({ type: 'backend-selected', backend: 'cpu', reasons: { cpu: 'selected' }, versions: { 'ui-bench': '1' } });
  const steps = settings.prefill + Math.floor((settings.rate * settings.seconds) / 2);
  const epochs = 10;
  const perEpoch = Math.ceil(steps / epochs);
  let began = performance.now();
  let baseline = 0.1;
  let lastProgress = -1;
  for (let step = 0; step < steps && !stopRequested; step++) {
    const epoch = Math.floor(step / perEpoch);
    const arc = randomArc(start.config.space, prng);
    const progressFraction = step / steps;
    const validScore = 0.1 + 0.6 * progressFraction + 0.1 * prng.next();
    const reward = validScore;
    // The REINFORCE baseline is an exponential moving average of past rewards (Pham et al. 2018, §2.2).
    baseline = 0.95 * baseline + 0.05 * reward;
    if (step === settings.prefill) began = performance.now();
    const paced = step - settings.prefill;
    if (paced >= 0) await sleep(began + (2 * paced * 1000) / settings.rate - performance.now());
    await send({
      type: 'architecture-sampled',
      seq: step,
      step,
      epoch,
      phase: 'controller',
      arc,
      archId: `arch-${(prng.next() * 2 ** 32).toString(16).padStart(8, '0').slice(0, 8)}`,
      reward,
      baseline,
      logProb: -10 - 5 * prng.next(),
      entropy: 1.6 - 0.8 * progressFraction,
      validScore,
      paramCount: 100_000 + prng.int(50_000),
      status: 'ok',
      reason: null,
    });
    if (paced >= 0) await sleep(began + ((2 * paced + 1) * 1000) / settings.rate - performance.now());
    await send({
      type: 'step-metrics',
      step,
      epoch,
      metrics: {
        'child/loss': 2.3 * Math.exp(-3 * progressFraction) + 0.05 * prng.next(),
        'child/accuracy': 0.1 + 0.7 * progressFraction + 0.02 * prng.next(),
        'controller/entropy': 1.6 - 0.8 * progressFraction + 0.01 * prng.next(),
        'child/lr': 0.05 * (1 + Math.cos(Math.PI * ((step % perEpoch) / perEpoch))) / 2,
      },
    });
    const second = Math.floor((performance.now() - began) / 1000);
    if (second !== lastProgress) {
      lastProgress = second;
      const left = (steps - Math.max(step, settings.prefill)) / (settings.rate / 2);
      await send({ type: 'progress', stage: 'search', epoch, epochs, done: step % perEpoch, total: perEpoch, etaS: left });
    }
  }
  await send({ type: 'finished', stopped: stopRequested, results: {} });
  process.exit(0);
}

process.on('message', (raw: unknown) => {
  const message = hostMessageSchema.parse(raw);
  if (message.type === 'stop') {
    stopRequested = true;
    return;
  }
  run(message).catch((err: unknown) => {
    console.error(err);
    process.exit(2);
  });
});

void send({ type: 'ready', protocolVersion: PROTOCOL_VERSION, pid: process.pid });
