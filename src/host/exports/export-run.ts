/**
 * A run as one JSON document: its record (fully resolved config, seed, backend, versions, status, error),
 * the derived ranking, its checkpoints (step, size, sha256) and the names of its metric series. Enough to
 * reproduce the run elsewhere or to cite it; the bulky tables have their own CSV exports.
 */
import type { ExportResult } from '../../shared/api';
import type { RunRecord } from '../../shared/run';
import type { Store } from '../../store/store';
import { writeFileAtomically } from './atomic-file';

export async function exportRunJson(
  store: Pick<Store, 'derived' | 'checkpoints' | 'metrics'>,
  run: RunRecord,
  file: string,
): Promise<ExportResult> {
  const derived = store.derived.list(run.id);
  const document = {
    format: 'enas-run',
    version: 1,
    run,
    derived: derived.map(({ rank, arc, archId, score }) => ({ rank, arc, archId, score })),
    checkpoints: store.checkpoints.list(run.id).map(({ step, bytes, sha256, createdAt }) => ({ step, bytes, sha256, createdAt })),
    series: store.metrics.seriesNames(run.id),
  };
  const bytes = await writeFileAtomically(file, (sink) => sink.write(`${JSON.stringify(document, null, 2)}\n`));
  return { file, bytes, rows: derived.length };
}
