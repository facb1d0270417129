/**
 * Command-line options of `enas study` turned into a validated study spec: the budget (a preset resolved for
 * the space, or a whole RunConfig from `--config FILE`, then `--epochs`, `--retrain-epochs`, `--dataset`,
 * `--backend`), the strategies (by default enas, random-ws and random), the seeds, `--parallel` and `--random-k`. Every bad value is a CLI_USAGE
 * error that names the flag.
 */
import { readFileSync } from 'node:fs';
import { resolvePreset } from '../../shared/config/presets';
import { backendRequestSchema, presetNameSchema, runConfigSchema } from '../../shared/config/run';
import type { RunConfig } from '../../shared/config/run';
import { EnasError } from '../../shared/errors';
import { DEFAULT_STUDY_STRATEGIES, STUDY_STRATEGIES, studySpecSchema } from '../../shared/study';
import type { StudySpec, StudyStrategy } from '../../shared/study';
import { parseCommandArgs } from '../parse-command-args';
import { integer, oneOf } from '../option-values';
import { applyConfigOverrides } from '../search/config-overrides';
import { parseSlurmOptions, SLURM_OPTIONS, SLURM_USAGE } from './slurm-options';
import type { SlurmOptions } from './slurm-options';

export const STUDY_USAGE =
  'enas study [--space micro|macro|rnn] [--strategies LIST] [--seeds N] [--preset quick|paper|official-scripts]\n' +
  '           [--config RUNCONFIG.json] [--dataset NAME] [--epochs N] [--retrain-epochs N] [--parallel N] [--random-k K]\n' +
  '           [--backend auto|tensorflow|webgpu|wasm|cpu] [--set PATH=VALUE ...] [--name NAME] [--db FILE] [--json]\n' +
  `           LIST: comma-separated, of ${STUDY_STRATEGIES.join(', ')} (default ${DEFAULT_STUDY_STRATEGIES.join(',')})\n` +
  `${SLURM_USAGE}\n` +
  '       enas study list [--db FILE] [--json]\n' +
  '       enas study show ID [--db FILE] [--json]\n' +
  '       enas study resume ID [--db FILE] [--json]\n' +
  '       enas study cancel ID [--task I] [--db FILE]   (a study on Slurm: scancel of its tasks, or of one)\n' +
  '       enas study collect ID [--db FILE]             (a study on Slurm: fetch and merge every finished task again)';

export interface StudyOptions {
  spec: StudySpec;
  name: string | undefined;
  db: string | undefined;
  json: boolean;
  help: boolean;
  /** Run it on a Slurm cluster (`--on slurm`), or undefined: in this workbench. */
  slurm: SlurmOptions | undefined;
}


function strategiesOf(value: string | undefined): StudyStrategy[] {
  if (value === undefined) return [...DEFAULT_STUDY_STRATEGIES];
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = names.filter((s) => !(STUDY_STRATEGIES as readonly string[]).includes(s));
  if (names.length === 0 || bad.length > 0) {
    throw new EnasError('CLI_USAGE', `--strategies takes a comma-separated list of ${STUDY_STRATEGIES.join(', ')}, got "${value}"`);
  }
  if (new Set(names).size !== names.length) throw new EnasError('CLI_USAGE', `--strategies names a strategy twice: "${value}"`);
  return names as StudyStrategy[];
}

function configFile(path: string): RunConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new EnasError('CLI_USAGE', `--config ${path}: cannot read it as JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = runConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new EnasError('CLI_USAGE', `--config ${path}: not a run configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

export function parseStudyOptions(args: readonly string[], cwd: string = process.cwd()): StudyOptions {
  const { values }: { values: Record<string, string | boolean | string[] | undefined> } = parseCommandArgs(
    {
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        space: { type: 'string' },
        strategies: { type: 'string' },
        seeds: { type: 'string' },
        preset: { type: 'string' },
        config: { type: 'string' },
        dataset: { type: 'string' },
        epochs: { type: 'string' },
        'retrain-epochs': { type: 'string' },
        parallel: { type: 'string' },
        'random-k': { type: 'string' },
        backend: { type: 'string' },
        name: { type: 'string' },
        db: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        set: { type: 'string', multiple: true },
        ...SLURM_OPTIONS,
      },
    },
    STUDY_USAGE,
  );
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const epochs = integer('epochs', str('epochs'), 1, 10_000);
  const retrainEpochs = integer('retrain-epochs', str('retrain-epochs'), 1, 10_000);
  const dataset = str('dataset');
  const backend = str('backend');
  const file = str('config');
  if (file !== undefined && (str('space') !== undefined || str('preset') !== undefined)) {
    throw new EnasError('CLI_USAGE', '--config gives the whole budget: it cannot be combined with --space or --preset');
  }
  let base =
    file === undefined
      ? resolvePreset({
          preset: oneOf('preset', str('preset'), presetNameSchema.options, 'quick'),
          space: oneOf('space', str('space'), ['micro', 'macro', 'rnn'] as const, 'micro'),
          strategy: 'enas',
          backend: oneOf('backend', backend, backendRequestSchema.options, 'auto'),
          ...(dataset === undefined ? {} : { dataset }),
          ...(epochs === undefined ? {} : { epochs }),
        })
      : configFile(file);
  if (file !== undefined) {
    base = {
      ...base,
      ...(dataset === undefined ? {} : { dataset }),
      ...(backend === undefined ? {} : { backend: oneOf('backend', backend, backendRequestSchema.options, 'auto') }),
      search: { ...base.search, ...(epochs === undefined ? {} : { epochs }) },
    };
  }
  if (retrainEpochs !== undefined) base = { ...base, retrain: { ...base.retrain, epochs: retrainEpochs } };
  // `--set search.childStepsPerEpoch=2`: the same dotted paths as `enas search --set`, after every other flag.
  const sets = values.set;
  base = applyConfigOverrides(base, { sets: Array.isArray(sets) ? sets : [] });
  const randomK = integer('random-k', str('random-k'), 1, 200);
  const spec = studySpecSchema.parse({
    base,
    strategies: strategiesOf(str('strategies')),
    seeds: integer('seeds', str('seeds'), 1, 20) ?? 3,
    parallel: integer('parallel', str('parallel'), 1, 64) ?? 1,
    randomK: randomK ?? null,
  });
  return { spec, name: str('name'), db: str('db'), json: values.json === true, help: values.help === true, slurm: parseSlurmOptions(values, cwd) };
}
