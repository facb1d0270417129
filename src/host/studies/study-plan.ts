/**
 * A study's plan: which runs it consists of, in which order, with which config, and k of `random`.
 *
 * - a search strategy (`enas`, `enas-memory`, `parsec`, `random-ws`), seed i: a search with seed i, then the
 *   retrain of its best derived architecture with seed i (a chain: the retrain needs the search's result).
 * - `random`, seed i: k architectures drawn uniformly from the space with a PRNG seeded by i, each retrained
 *   from scratch with seed i (k chains of one run). Li & Talwalkar (2019, §4 "random search"), Yu et al.
 *   (2020, "random sampling" policy) compare against exactly this.
 *
 * k: the `random` strategy gets about the compute of a weight-sharing strategy, counted in training examples
 * a child network sees: k retrains ≈ one search + one retrain, so k = round(1 + search examples / retrain
 * examples), at least 1. It counts a search step like a retrain step, although the retrained network is
 * larger (more layers and filters): this errs in favour of `random`, which a baseline may.
 *
 * With `random` in the study, each weight-sharing chain ends with a scoring run: its search's final supernet
 * scores every `random` architecture (of all seeds) on the derive subset, for Kendall τ against their retrained
 * test scores (weight-sharing fidelity, Yu et al. 2020).
 *
 * Chains are ordered seed first, so a study that is stopped part way has the same seeds of every strategy.
 */
import { createSearchSpace } from '../../core/spaces';
import { createPrng } from '../../core/random/prng';
import { controllerConfigSchema } from '../../shared/config/controller';
import { strategyWithController } from '../../shared/config/presets';
import type { RunConfig } from '../../shared/config/run';
import type { DatasetRecord } from '../../shared/run';
import type { Job } from '../../shared/protocol';
import { searchStrategyOf } from '../../shared/study';
import type { StudySpec, StudyStrategy } from '../../shared/study';
import type { StudySlot } from '../../store/studies-repository';

export interface PlannedRun {
  slot: StudySlot;
  config: RunConfig;
  /** A search, or a retrain whose arc is known now (`random`) or comes from the search before it (null). */
  job: Job | null;
  name: string;
}

export type StudyChain = readonly PlannedRun[];

function examplesPerEpoch(dataset: DatasetRecord, split: number, batchSize: number, bpttSteps: number, steps: number | null): number {
  // Images: one example per image. Text: counts are tokens and a batch is batchSize rows of bpttSteps tokens.
  const perBatch = dataset.kind === 'text' ? batchSize * bpttSteps : batchSize;
  return (steps ?? Math.max(1, Math.floor(split / perBatch))) * perBatch;
}

/** k of `random` and the sentence that says why. */
export function randomBudget(base: RunConfig, dataset: DatasetRecord): { k: number; reason: string } {
  const counts = dataset.summary.counts;
  const train = counts.train ?? 0;
  const valid = counts.valid ?? 0;
  const bptt = (child: RunConfig['child']): number => ('bpttSteps' in child ? child.bpttSteps : 1);
  const search = base.search.epochs * examplesPerEpoch(dataset, train, base.search.batchSize, bptt(base.child), base.search.childStepsPerEpoch);
  // An image retrain trains on train + valid (as the official final scripts); a text retrain on train only.
  const retrainSplit = dataset.kind === 'text' ? train : train + valid;
  const retrain = base.retrain.epochs * examplesPerEpoch(dataset, retrainSplit, base.retrain.batchSize, bptt(base.retrain.child), null);
  const k = Math.max(1, Math.round(1 + search / retrain));
  const unit = dataset.kind === 'text' ? 'tokens' : 'examples';
  return {
    k,
    reason:
      `k = ${k}: a weight-sharing strategy trains on ${search.toLocaleString('en-US')} search ${unit} plus ` +
      `${retrain.toLocaleString('en-US')} for its retrain; ${k} retrains see about as many ` +
      '(a search step counts like a retrain step though the retrained network is larger, which favours random)',
  };
}

/**
 * The config of one strategy's runs: the base with that strategy and seed. A strategy the base names keeps the
 * base's entry as asked; any other gets the base's controller budget the way a preset gives it
 * (strategyWithController: enas-memory replays numAggregate per update, parsec draws numAggregate samples per
 * update for trainSteps updates), so every strategy scores as many architectures per epoch. A base without a
 * controller (random-ws or parsec) lends the controller defaults.
 */
function configFor(base: RunConfig, strategy: StudyStrategy, seed: number): RunConfig {
  const name = searchStrategyOf(strategy);
  const controller = 'controller' in base.strategy ? base.strategy.controller : controllerConfigSchema.parse({});
  const strategyConfig = base.strategy.strategy === name ? base.strategy : strategyWithController(name, controller);
  return { ...base, strategy: strategyConfig, seed };
}

/** The `k` uniform architectures of `random` for one seed, as arc strings. */
export function randomArcs(base: RunConfig, seed: number, k: number): string[] {
  const space = createSearchSpace(base.space);
  // A stream of its own per seed, apart from every run's seed stream (which uses seed·8 + small offsets).
  const prng = createPrng(0x5eed0000 + seed);
  const arcs: string[] = [];
  for (let i = 0; i < k; i++) {
    switch (space.name) {
      case 'macro':
        arcs.push(space.format(space.sampleUniform(prng)));
        break;
      case 'micro':
        arcs.push(space.format(space.sampleUniform(prng)));
        break;
      case 'rnn':
        arcs.push(space.format(space.sampleUniform(prng)));
        break;
      case 'nb201':
        arcs.push(space.format(space.sampleUniform(prng)));
        break;
    }
  }
  return arcs;
}

/** Every chain of the study, seed by seed, strategies in the order the spec names them. */
export function planStudy(studyName: string, spec: StudySpec, randomK: number | null): StudyChain[] {
  const chains: StudyChain[] = [];
  // Every random architecture of every seed: what each search's supernet scores (weight-sharing fidelity).
  const randomOf = spec.strategies.includes('random')
    ? Array.from({ length: spec.seeds }, (_, i) => randomArcs(spec.base, i + 1, randomK ?? 1)).flat()
    : [];
  for (let seed = 1; seed <= spec.seeds; seed++) {
    for (const strategy of spec.strategies) {
      const config = configFor(spec.base, strategy, seed);
      if (strategy === 'random') {
        randomArcs(spec.base, seed, randomK ?? 1).forEach((arc, slot) => {
          chains.push([
            {
              slot: { strategy, seed, role: 'retrain', slot },
              config,
              job: { kind: 'retrain', arc },
              name: `${studyName}: random seed ${seed} architecture ${slot + 1}`,
            },
          ]);
        });
      } else {
        const chain: PlannedRun[] = [
          { slot: { strategy, seed, role: 'search', slot: 0 }, config, job: { kind: 'search' }, name: `${studyName}: ${strategy} seed ${seed} search` },
          { slot: { strategy, seed, role: 'retrain', slot: 0 }, config, job: null, name: `${studyName}: ${strategy} seed ${seed} retrain` },
        ];
        if (randomOf.length > 0) {
          // fromRunId is the chain's search, known once it exists (study-runner.ts fills it in).
          chain.push({ slot: { strategy, seed, role: 'score', slot: 0 }, config, job: { kind: 'score', arcs: randomOf, fromRunId: 1 }, name: `${studyName}: ${strategy} seed ${seed} supernet scores of the random architectures` });
        }
        chains.push(chain);
      }
    }
  }
  return chains;
}
