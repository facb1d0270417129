/**
 * Runs one job of the protocol's `start` message inside the trainer: pick the backend, load the data, build
 * the space, strategy and child task, resume from a checkpoint if asked, then search and derive (or retrain),
 * streaming every engine event to the host and writing checkpoints atomically.
 */
import { join } from 'node:path';
import { mkdir, readFile } from 'node:fs/promises';
import type { RunConfig } from '../shared/config/run';
import { EnasError } from '../shared/errors';
import type { StartMessage, TrainerMessage } from '../shared/protocol';
import { decodeCheckpoint, encodeCheckpoint } from '../shared/checkpoint-codec';
import { deriveArchitectures } from '../core/search/derive';
import { createImageSearchTask } from '../core/search/image-search-task';
import { imageSetup } from '../core/search/image-setup';
import { NO_AUGMENTATION } from '../core/search/image-split';
import type { BatchOptions, ImageSplit } from '../core/search/image-split';
import { retrainImage } from '../core/search/retrain-images';
import type { RetrainState } from '../core/search/retrain-images';
import { retrainText } from '../core/search/retrain-text';
import type { TextRetrainState } from '../core/search/retrain-text';
import type { SearchHooks, StopSignal } from '../core/search/search-hooks';
import { DEFAULT_CHECKPOINT_INTERVAL_MS, runSearch } from '../core/search/search-loop';
import type { SearchState } from '../core/search/search-loop';
import type { SearchTask } from '../core/search/search-task';
import { createSearchSpace } from '../core/spaces';
import type { SearchSpace } from '../core/spaces';
import { createStrategy } from '../core/strategy/create-strategy';
import { selectBackend } from './backends/select-backend';
import { writeFileAtomic } from './checkpoint-file';
import { eventLoopTurn, withEventLoopTurns } from './event-loop-turns';
import { loadDataset } from './load-dataset';
import type { LoadedDataset } from './load-dataset';
import { createTextSearchTask } from '../core/search/text-search-task';
import type { TrainerTransport } from './transport';

/** Shared-weight steps between two checkpoints inside phase 1 (phase ends always checkpoint). */
const CHECKPOINT_EVERY = 50;

/**
 * Time between two checkpoints inside phase 1 (DEFAULT_CHECKPOINT_INTERVAL_MS, 2 minutes), unless
 * ENAS_CHECKPOINT_INTERVAL_MS sets it (kill tests shorten it; a user on a slow disk may lengthen it).
 */
function checkpointIntervalMs(): number {
  const text = process.env.ENAS_CHECKPOINT_INTERVAL_MS;
  if (text === undefined || text === '') return DEFAULT_CHECKPOINT_INTERVAL_MS;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new EnasError('CONFIG_INVALID', `ENAS_CHECKPOINT_INTERVAL_MS must be a positive integer of milliseconds, got "${text}"`);
  }
  return value;
}

type CheckpointFile =
  | { kind: 'search'; runId: number; state: SearchState }
  | { kind: 'retrain'; runId: number; state: RetrainState | TextRetrainState };

export async function runJob(message: StartMessage, transport: TrainerTransport, stop: StopSignal): Promise<Record<string, number>> {
  const { config } = message;
  const selection = await selectBackend(config.backend === 'auto' ? {} : { forced: config.backend });
  transport.send({ type: 'backend-selected', ...selection });
  const data = await loadDataset(message.datasetDir);
  // A scoring reads the final checkpoint of the search whose shared weights it uses.
  const owner = message.job.kind === 'score' ? message.job.fromRunId : message.runId;
  const resume = message.resumeFrom === null ? null : await readCheckpoint(message.resumeFrom, owner);
  await mkdir(message.checkpointDir, { recursive: true });
  // Names say where the run was; two checkpoints at one position would hold the same state.
  const checkpoint = async (file: CheckpointFile, step: number, where: string): Promise<void> => {
    const path = join(message.checkpointDir, `run-${message.runId}-${file.kind}-${where}.ckpt`);
    const written = await writeFileAtomic(path, encodeCheckpoint(file));
    transport.send({ type: 'checkpoint-written', step, ...written });
  };
  const clock = (): number => performance.now();

  if (message.job.kind === 'retrain') {
    if (resume && resume.kind !== 'retrain') throw new EnasError('CHECKPOINT_INVALID', `${message.resumeFrom}: a search checkpoint cannot resume a retrain`);
    // Schedule and hooks every retrain shares; the resumed state is the one its own kind wrote.
    const run = {
      epochs: config.retrain.epochs,
      batchSize: config.retrain.batchSize,
      seed: config.seed,
      emit: (event: TrainerMessage) => transport.send(event),
      checkpoint: (state: RetrainState | TextRetrainState): Promise<void> =>
        checkpoint({ kind: 'retrain', runId: message.runId, state }, state.step, `step-${pad(state.step)}`),
      signal: stop,
      clock,
      beforeBatch: eventLoopTurn,
    };
    if (data.kind === 'text') {
      const { space } = config;
      const child = config.retrain.child;
      if (space.space !== 'rnn' || child.space !== 'rnn') {
        throw new EnasError('SEARCH_BAD_DATA', `dataset ${config.dataset} is a text corpus; only an rnn cell retrains on text`);
      }
      const outcome = await retrainText({
        space,
        child,
        arc: message.job.arc,
        vocabSize: data.vocab.length,
        train: data.train,
        valid: data.valid,
        test: data.test,
        ...run,
        ...(resume ? { resume: resume.state as TextRetrainState } : {}),
      });
      return outcome.results;
    }
    if (!data.test) throw new EnasError('SEARCH_BAD_DATA', `dataset ${config.dataset} has no test split to report retrain accuracy on`);
    const outcome = await retrainImage({
      setup: imageSetup(config.space, config.retrain.child),
      arc: message.job.arc,
      // The final network trains on every labelled training image, as the official final scripts do.
      train: concatSplits(data.train, data.valid),
      valid: { ...data.valid, count: 0, images: new Uint8Array(0), labels: new Uint8Array(0) },
      test: data.test,
      numClasses: data.manifest.classNames.length,
      augment: augmentationFor(data.train),
      ...run,
      ...(resume ? { resume: resume.state as RetrainState } : {}),
    });
    return outcome.results;
  }

  if (resume && resume.kind !== 'search') throw new EnasError('CHECKPOINT_INVALID', `${message.resumeFrom}: a retrain checkpoint cannot resume a search`);
  if (message.job.kind === 'score') {
    if (!resume) throw new EnasError('CHECKPOINT_INVALID', `run ${message.job.fromRunId} has no checkpoint: its supernet cannot score architectures`);
    await scoreArcs(config, data, message.job.arcs, resume.state as SearchState, transport, stop);
    return {};
  }
  const space = createSearchSpace(config.space);
  const strategy = createStrategy(config.strategy, space, config.seed);
  const task = withEventLoopTurns(createTask(config, data, clock));
  try {
    const hooks: SearchHooks = {
      emit: (event) => transport.send(event),
      checkpoint: (state) => {
        const { epoch, stage, step, seq } = state.position;
        return checkpoint({ kind: 'search', runId: message.runId, state }, step, `e${pad(epoch, 4)}-${stage}-step-${pad(step)}-seq-${pad(seq)}`);
      },
    };
    const outcome = await runSearch({
      task,
      strategy,
      space,
      schedule: config.search,
      child: config.child,
      checkpointEvery: CHECKPOINT_EVERY,
      checkpointIntervalMs: checkpointIntervalMs(),
      hooks,
      signal: stop,
      clock,
      seed: config.seed,
      ...(resume ? { resume: resume.state as SearchState } : {}),
    });
    if (outcome.stopped) return {};
    const derived = await deriveArchitectures({
      task,
      strategy,
      space,
      schedule: config.search,
      hooks,
      signal: stop,
      clock,
      seq: outcome.position.seq,
      step: outcome.position.step,
      epoch: outcome.position.epoch,
      seed: config.seed,
      health: outcome.health,
    });
    const best = derived[0];
    return best ? { [`derive/best-${task.scoreName}`]: best.score } : {};
  } finally {
    task.dispose();
    strategy.dispose();
  }
}

/**
 * Scores each arc with a finished search's shared weights on the same validation subset as derive
 * (`deriveBatchSize` examples), in order, as `derive` samples numbered from 0.
 */
async function scoreArcs(config: RunConfig, data: LoadedDataset, arcs: readonly string[], state: SearchState, transport: TrainerTransport, stop: StopSignal): Promise<void> {
  const space: SearchSpace<unknown> = createSearchSpace(config.space);
  const task = withEventLoopTurns(createTask(config, data));
  try {
    task.setState(state.task);
    for (const [seq, arcString] of arcs.entries()) {
      if (stop.aborted) return;
      const tokens = arcString.trim().split(/\s+/).map(Number);
      const archId = space.archId(space.decode(tokens));
      const { reward, validScore } = await task.score(tokens, config.search.deriveBatchSize);
      const finite = Number.isFinite(validScore);
      transport.send({
        type: 'architecture-sampled',
        seq,
        step: 0,
        epoch: 0,
        phase: 'derive',
        arc: tokens.join(' '),
        archId,
        reward: Number.isFinite(reward) ? reward : null,
        baseline: null,
        logProb: null,
        entropy: null,
        validScore: finite ? validScore : null,
        paramCount: task.paramCount(tokens),
        status: finite ? 'ok' : 'failed',
        reason: finite ? null : `${task.scoreName} overflowed (${validScore})`,
      });
      transport.send({ type: 'progress', stage: 'derive', epoch: 0, epochs: 1, done: seq + 1, total: arcs.length, etaS: null });
    }
  } finally {
    task.dispose();
  }
}

/** `clock`: for latency measurements (search.latencyRepeats); a task without one measures none (a score job). */
function createTask(config: RunConfig, data: LoadedDataset, clock?: () => number): SearchTask {
  if (data.kind === 'image') {
    if (config.space.space === 'rnn') {
      throw new EnasError('SEARCH_BAD_DATA', `dataset ${config.dataset} holds images; the rnn space needs a text corpus`);
    }
    return createImageSearchTask({
      setup: imageSetup(config.space, config.child),
      train: data.train,
      valid: data.valid,
      numClasses: data.manifest.classNames.length,
      batchSize: config.search.batchSize,
      augment: config.search.augment ? augmentationFor(data.train) : NO_AUGMENTATION,
      seed: config.seed,
      ...(clock === undefined ? {} : { clock }),
    });
  }
  if (config.space.space !== 'rnn' || config.child.space !== 'rnn') {
    throw new EnasError('SEARCH_BAD_DATA', `dataset ${config.dataset} is a text corpus; only the rnn space searches text`);
  }
  return createTextSearchTask({ space: config.space, child: config.child, schedule: config.search, data, seed: config.seed });
}

/**
 * The official CIFAR-10 augmentation (pad 4, random 32×32 crop, random left-right flip), with the padding
 * scaled to the image size: 28×28 Fashion-MNIST gets 3.
 */
function augmentationFor(split: ImageSplit): BatchOptions {
  return { padCrop: Math.max(1, Math.round(split.height / 8)), flip: true };
}

function pad(n: number, width = 9): string {
  return String(n).padStart(width, '0');
}

function concatSplits(a: ImageSplit, b: ImageSplit): ImageSplit {
  const images = new Uint8Array(a.images.length + b.images.length);
  images.set(a.images);
  images.set(b.images, a.images.length);
  const labels = new Uint8Array(a.labels.length + b.labels.length);
  labels.set(a.labels);
  labels.set(b.labels, a.labels.length);
  return { ...a, images, labels, count: a.count + b.count };
}

async function readCheckpoint(path: string, runId: number): Promise<CheckpointFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new EnasError('CHECKPOINT_INVALID', `${path}: cannot read the checkpoint (${err instanceof Error ? err.message : String(err)})`);
  }
  const file = decodeCheckpoint(bytes, path) as Partial<CheckpointFile>;
  if ((file.kind !== 'search' && file.kind !== 'retrain') || typeof file.state !== 'object' || file.state === null) {
    throw new EnasError('CHECKPOINT_INVALID', `${path}: not a search or retrain checkpoint`);
  }
  if (file.runId !== runId) throw new EnasError('CHECKPOINT_INVALID', `${path}: belongs to run ${file.runId}, not run ${runId}`);
  return file as CheckpointFile;
}
