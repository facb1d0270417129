/**
 * What the host keeps in a run row's `config` column: the fully resolved RunConfig plus the job (search, or
 * the retrain of one arc), because the trainer's `start` needs both and the runs table has no job column.
 * Beside them, `provenance`: the preset the config started from and what was changed
 * (src/shared/config/preset-provenance.ts). A reader that parses the column with runConfigSchema sees the
 * RunConfig (zod drops the extra keys).
 */
import { z } from 'zod';
import { presetProvenanceSchema } from '../shared/config/preset-provenance';
import type { PresetProvenance } from '../shared/config/preset-provenance';
import { runConfigSchema } from '../shared/config/run';
import type { RunConfig } from '../shared/config/run';
import { EnasError } from '../shared/errors';
import { jobSchema } from '../shared/protocol';
import type { Job } from '../shared/protocol';
import type { RunRecord } from '../shared/run';
import { describeIssues } from './describe-issues';

const storedJobSchema = z.object({ job: jobSchema.default({ kind: 'search' }) });

export function toStoredConfig(config: RunConfig, job: Job, provenance?: PresetProvenance): RunRecord['config'] {
  // Through JSON: the column holds JSON text, and this drops undefined fields the way the store would.
  return JSON.parse(JSON.stringify({ ...config, job, ...(provenance === undefined ? {} : { provenance }) })) as RunRecord['config'];
}

/** The provenance a run was recorded with; undefined for a run recorded before provenance was kept. */
export function provenanceOf(run: RunRecord): PresetProvenance | undefined {
  const parsed = z.object({ provenance: presetProvenanceSchema }).safeParse(run.config);
  return parsed.success ? parsed.data.provenance : undefined;
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
