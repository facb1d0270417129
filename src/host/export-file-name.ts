/**
 * The file name an export suggests: `run-12-metrics.csv`. The app proposes it in the save dialog; the
 * browser-mode server writes under it (made unique) in its exports folder. Both adapters pick the file,
 * never the UI (docs/reliability.md T4.6).
 */
import type { ApiRequest } from '../shared/api';
import type { SaveMethod } from '../shared/api/transport';

export interface ExportKind {
  /** File name without folder. */
  name: string;
  /** For a save dialog's filter. */
  filter: { name: string; extensions: string[] };
}

export function exportFileName(method: SaveMethod, request: Omit<ApiRequest<SaveMethod>, 'file'>): ExportKind {
  const run = `run-${request.runId}`;
  switch (method) {
    case 'exports.run':
      return { name: `${run}.json`, filter: { name: 'JSON', extensions: ['json'] } };
    case 'exports.metrics':
      return { name: `${run}-metrics.csv`, filter: { name: 'CSV', extensions: ['csv'] } };
    case 'exports.samples':
      return { name: `${run}-samples.csv`, filter: { name: 'CSV', extensions: ['csv'] } };
    case 'exports.architectures':
      return 'format' in request && request.format === 'arc'
        ? { name: `${run}-architectures.txt`, filter: { name: 'Arc strings', extensions: ['txt'] } }
        : { name: `${run}-architectures.json`, filter: { name: 'JSON', extensions: ['json'] } };
    case 'exports.weights':
      return { name: `${run}-weights.safetensors`, filter: { name: 'safetensors', extensions: ['safetensors'] } };
  }
}
