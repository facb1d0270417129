/**
 * One valid UI request per method of the workbench API: the starting points the IPC fuzz test mutates and
 * the forged-sender test sends. Typed against the API, so a new method without an example does not compile.
 */
import type { ApiMethod } from '../../src/shared/api';
import type { UiRequest } from '../../src/shared/api/transport';
import { resolvePreset } from '../../src/shared/config/presets';

export function uiExamples(runId: number, datasetPath: string): { [M in ApiMethod]: UiRequest<M> } {
  const config = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', dataset: 'tiny', seed: 1, backend: 'cpu' });
  return {
    'runs.list': {},
    'runs.get': { runId },
    'runs.create': { name: 'fuzzed', config },
    'runs.start': { runId },
    'runs.stop': { runId },
    'runs.resume': { runId },
    'runs.delete': { runId },
    'runs.rename': { runId, name: 'renamed' },
    'runs.tag': { runId, tags: ['a'] },
    'runs.notes': { runId, notes: 'n' },
    'runs.events': { runId, afterId: 0, limit: 10 },
    'metrics.series': { runId, series: 'child/loss', query: { points: 10 } },
    'metrics.seriesNames': { runId },
    'samples.page': { runId, sortBy: 'reward', order: 'desc', limit: 5 },
    'samples.rewards': { runIds: [runId] },
    'samples.front': { runId, cost: 'params' },
    'derived.list': { runId },
    'health.get': { runId },
    'analysis.controller': { runId },
    'runs.compare': { runIds: [runId, runId + 1], series: 'child/loss', query: { points: 10 } },
    'datasets.list': {},
    'datasets.import': { path: datasetPath, name: 'dropped' },
    'datasets.importUpload': { uploadId: '00000000-0000-4000-8000-000000000000' },
    'datasets.preview': { datasetId: 1 },
    'exports.run': { runId },
    'exports.metrics': { runId, series: ['child/loss'] },
    'exports.samples': { runId },
    'exports.architectures': { runId, format: 'json' },
    'exports.weights': { runId },
    'studies.create': { spec: { base: config, strategies: ['enas', 'random'], seeds: 2 } },
    'studies.list': {},
    'studies.get': { studyId: 1 },
    'studies.rewards': { studyId: 1, points: 50 },
    'studies.resume': { studyId: 1 },
    'studies.stop': { studyId: 1 },
    'studies.ofRun': { runId },
    'studies.slurm': { studyId: 1 },
    'studies.slurmRefresh': { studyId: 1 },
    'studies.slurmCancel': { studyId: 1, task: 0 },
  };
}
