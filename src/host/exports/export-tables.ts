/**
 * CSV exports of a run's tables: metrics as `series,step,value` (every stored point, not a chart's
 * downsampled view) and sampled architectures with everything the controller recorded about them.
 */
import type { ExportResult } from '../../shared/api';
import type { Store } from '../../store/store';
import { writeFileAtomically } from './atomic-file';
import { csvLine } from './csv';
import { allMetricPoints } from './metric-points';
import { allSamples } from './sample-pages';

export async function exportMetricsCsv(
  store: Pick<Store, 'metrics'>,
  runId: number,
  file: string,
  series?: readonly string[],
): Promise<ExportResult> {
  const names = series ?? store.metrics.seriesNames(runId);
  let rows = 0;
  const bytes = await writeFileAtomically(file, async (sink) => {
    await sink.write(csvLine(['series', 'step', 'value']));
    for (const name of names) {
      for await (const point of allMetricPoints(store, runId, name)) {
        await sink.write(csvLine([name, point.step, point.value]));
        rows += 1;
      }
    }
  });
  return { file, bytes, rows };
}

const SAMPLE_COLUMNS = [
  'seq',
  'step',
  'arc',
  'arch_id',
  'reward',
  'baseline',
  'log_prob',
  'entropy',
  'valid_score',
  'param_count',
  'status',
  'failure',
] as const;

export async function exportSamplesCsv(store: Pick<Store, 'samples'>, runId: number, file: string): Promise<ExportResult> {
  let rows = 0;
  const bytes = await writeFileAtomically(file, async (sink) => {
    await sink.write(csvLine(SAMPLE_COLUMNS));
    for await (const s of allSamples(store, { runId })) {
      await sink.write(
        csvLine([s.seq, s.step, s.arc, s.archId, s.reward, s.baseline, s.logProb, s.entropy, s.validScore, s.paramCount, s.status, s.failure]),
      );
      rows += 1;
    }
  });
  return { file, bytes, rows };
}
