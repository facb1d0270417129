/**
 * A fixed network as a supernet built for one architecture and always run with it: the macro and rnn
 * networks build only that architecture's weights when asked, so binding the arc is all that is left.
 */
import type { FixedImageNetwork, FixedLanguageModel, ImageSupernet, LanguageModelSupernet, Supernet } from './supernet';

/** The parts of a supernet that do not take an architecture. */
function weightsOf<A, B, TM, EM>(net: Supernet<A, B, TM, EM>) {
  return {
    space: net.space,
    variables: net.variables,
    optimizer: net.optimizer,
    getWeights: () => net.getWeights(),
    setWeights: (weights: Parameters<typeof net.setWeights>[0]) => net.setWeights(weights),
    dispose: () => net.dispose(),
  };
}

export function bindImageArc<A>(net: ImageSupernet<A>, arc: A): FixedImageNetwork {
  return {
    ...weightsOf(net),
    forward: (images, options) => net.forward(images, arc, options),
    trainStep: (batch, options) => net.trainStep(batch, arc, options),
    evaluate: (batch) => net.evaluate(batch, arc),
    paramCount: () => net.paramCount(arc),
  };
}

export function bindRnnArc<A>(net: LanguageModelSupernet<A>, arc: A): FixedLanguageModel {
  return {
    ...weightsOf(net),
    trainStep: (batch, options) => net.trainStep(batch, arc, options),
    evaluate: (batch) => net.evaluate(batch, arc),
    paramCount: () => net.paramCount(arc),
    resetState: (which) => net.resetState(which),
  };
}
