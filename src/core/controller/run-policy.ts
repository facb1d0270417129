/**
 * Runs the controller policy of a space (macro, micro or rnn) over `rows` architectures at once, handing
 * every decision to the sink. The sink decides what the pass is: a sample or a teacher-forced replay.
 */
import type { ControllerConfig } from '../../shared/config/controller';
import type { SpaceConfig } from '../../shared/config/space';
import type { ControllerParams } from './controller-params';
import type { DecisionSink } from './decision-sink';
import { runMacroPolicy } from './macro-policy';
import { runMicroPolicy } from './micro-policy';
import { runRnnPolicy } from './rnn-policy';

export function runPolicy(
  space: SpaceConfig,
  config: ControllerConfig,
  params: ControllerParams,
  rows: number,
  sink: DecisionSink,
): void {
  switch (space.space) {
    case 'macro':
      return runMacroPolicy(space, config, params, rows, sink);
    case 'micro':
      return runMicroPolicy(space, config, params, rows, sink);
    case 'rnn':
      return runRnnPolicy(space, config, params, rows, sink);
  }
}
