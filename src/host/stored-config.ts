/**
 * What the host keeps in a run row's `config` column: the fully resolved RunConfig plus the job (search, or
 * the retrain of one arc), because the trainer's `start` needs both and the runs table has no job column.
 * A reader that parses the column with runConfigSchema sees the RunConfig (zod drops the extra `job` key).
 */
import { z } from 'zod';
import { runConfigSchema } from '../shared/config/run';
import type { RunConfig } from '../shared/config/run';
import { EnasError } from '../shared/errors';
import { jobSchema } from '../shared/protocol';
import type { Job } from '../shared/protocol';
import type { RunRecord } from '../shared/run';
import { describeIssues } from './describe-issues';

const storedJobSchema = z.object({ job: jobSchema.default({ kind: 'search' }) });

export function toStoredConfig(config: RunConfig, job: Job): RunRecord['config'] {
  // Through JSON: the column holds JSON text, and this drops undefined fields the way the store would.
  return JSON.parse(JSON.stringify({ ...config, job })) as RunRecord['config'];
}

export function fromStoredConfig(run: RunRecord): { config: RunConfig; job: Job } {
  const config = runConfigSchema.safeParse(run.config);
  const job = storedJobSchema.safeParse(run.config);
  if (!config.success || !job.success) {
    const error = config.success ? (job.success ? undefined : job.error) : config.error;
    throw new EnasError(
      'CONFIG_INVALID',
      `run ${run.id}: its stored config does not parse: ${error === undefined ? 'unknown' : describeIssues(error)}`,
      { runId: run.id },
    );
  }
  return { config: config.data, job: job.data.job };
}
