/**
 * What `runs.create` checks before a row exists, so a request that could only fail in the trainer is
 * refused up front with the reason (and no orphan run is left behind): the search space must suit the
 * dataset (an rnn cell models text, the convolutional spaces classify images), and the arc of a retrain
 * must parse in the run's space (the official integer encoding, design.md §2).
 */
import type { RunConfig } from '../shared/config/run';
import { EnasError } from '../shared/errors';
import type { Job } from '../shared/protocol';
import type { DatasetRecord } from '../shared/run';
import { createSearchSpace } from '../core/spaces';

export function validateRunRequest(config: RunConfig, job: Job, dataset: DatasetRecord): void {
  const space = config.space.space;
  if (dataset.kind === 'image' && space === 'rnn') {
    throw new EnasError(
      'RUN_BAD_CONFIG',
      `dataset "${dataset.name}" holds images; the rnn space models text: pick micro or macro, or a text corpus`,
      { dataset: dataset.name, space },
    );
  }
  if (dataset.kind === 'text' && space !== 'rnn') {
    throw new EnasError(
      'RUN_BAD_CONFIG',
      `dataset "${dataset.name}" is a text corpus; the ${space} space classifies images: pick rnn, or an image dataset`,
      { dataset: dataset.name, space },
    );
  }
  if (job.kind === 'retrain') {
    // Throws ARC_BAD_LENGTH / ARC_BAD_TOKEN / ARC_BAD_OP / … naming the position and the rule.
    createSearchSpace(config.space).parse(job.arc);
  }
}
