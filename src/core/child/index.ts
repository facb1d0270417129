/**
 * The child side of ENAS (docs/architecture.md §1–2): weight-shared supernets for the search spaces (micro, macro, rnn, nb201), fixed
 * networks to retrain one architecture from scratch, the keyed SGD optimizer and its cosine schedule, and
 * cutout. Strategies and the trainer import from here.
 */
export type {
  ChildWeights,
  FixedImageNetwork,
  FixedLanguageModel,
  FixedNetwork,
  ImageBatch,
  ImageEvalMetrics,
  ImageSupernet,
  ImageTrainMetrics,
  LanguageModelSupernet,
  LmEvalMetrics,
  LmTrainMetrics,
  NamedArray,
  RnnStateKind,
  Supernet,
  TokenBatch,
  TrainOptions,
  WeightSnapshot,
} from './supernet';
export type { ImageInput } from './image-network';
export { createMicroSupernet } from './micro/micro-supernet';
export type { MicroSupernetOptions } from './micro/micro-supernet';
export { createFixedMicroNetwork } from './micro/micro-fixed';
export type { FixedMicroOptions } from './micro/micro-fixed';
export { createFixedMacroNetwork, createMacroSupernet } from './macro/create-macro';
export type { MacroNetworkOptions } from './macro/create-macro';
export { createFixedNb201Network, createNb201Supernet } from './nb201/create-nb201';
export type { Nb201NetworkOptions } from './nb201/create-nb201';
export { createFixedRnnNetwork, createRnnSupernet } from './rnn/create-rnn';
export type { RnnNetworkOptions } from './rnn/create-rnn';
export { SgdMomentum } from './optim/sgd-momentum';
export type { SgdMomentumConfig } from './optim/sgd-momentum';
export { cosineLearningRate } from './optim/cosine-schedule';
export type { CosineSchedule } from './optim/cosine-schedule';
export { cutout } from './cutout';
