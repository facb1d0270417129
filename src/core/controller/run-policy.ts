/**
 * Runs the controller policy of a space (macro, micro, rnn or nb201) over `rows` architectures at once, handing
 * every decision to the sink. The sink decides what the pass is: a sample or a teacher-forced replay.
 */
import type { ControllerConfig } from '../../shared/config/controller';
import type { AnySpaceConfig } from '../../shared/config/space';
import type { ControllerParams } from './controller-params';
import type { DecisionSink } from './decision-sink';
import { runMacroPolicy } from './macro-policy';
import { runMicroPolicy } from './micro-policy';
import { runNb201Policy } from './nb201-policy';
import { runRnnPolicy } from './rnn-policy';

export function runPolicy(
  space: AnySpaceConfig,
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
    case 'nb201':
      return runNb201Policy(space, config, params, rows, sink);
  }
}
