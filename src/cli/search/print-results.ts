/**
 * The final scores of a finished run as `enas search` and `enas retrain` print them: whichever of the
 * retrain results the run stored (test accuracy for images, test and validation perplexity for text with
 * the unigram baseline of the test split, the parameter count), one per line.
 */
import type { RunWorkbench } from '../cli-workbench';
import type { CliIo } from '../cli-io';
import { RETRAIN_TEST_SERIES } from '../../shared/run';

const RESULT_SERIES = [
  RETRAIN_TEST_SERIES.accuracy,
  RETRAIN_TEST_SERIES.perplexity,
  'retrain/valid-perplexity',
  'retrain/unigram-test-perplexity',
  'retrain/param-count',
];

export async function printRetrainResults(workbench: RunWorkbench, runId: number, io: CliIo): Promise<void> {
  for (const series of RESULT_SERIES) {
    const points = await workbench.handlers['metrics.series']({ runId, series, query: { points: 3 } });
    const value = points.values.at(-1);
    if (value !== undefined) io.stdout(`  ${series} ${Number(value.toPrecision(6))}\n`);
  }
}
