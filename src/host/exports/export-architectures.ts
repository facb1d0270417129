/**
 * Architectures of a run, as JSON or as official arc strings (one per line, best first: the integer
 * strings the official ENAS scripts take as `--child_fixed_arc`, see docs/architecture.md §2). The source is the
 * derived ranking, or the distinct architectures among successful samples ranked by their best reward.
 */
import type { ExportResult } from '../../shared/api';
import type { RunRecord } from '../../shared/run';
import type { Store } from '../../store/store';
import { writeFileAtomically } from './atomic-file';
import { allSamples } from './sample-pages';

export interface ExportedArchitecture {
  rank: number;
  arc: string;
  archId: string;
  /** The derive score (derived), or the best reward it got (samples). */
  score: number | null;
  /** Samples only: how often it was sampled, and its best validation score. */
  timesSampled?: number;
  bestValidScore?: number | null;
}

async function fromSamples(store: Pick<Store, 'samples'>, runId: number): Promise<ExportedArchitecture[]> {
  const byId = new Map<string, { arc: string; archId: string; best: number | null; valid: number | null; count: number; firstSeq: number }>();
  for await (const s of allSamples(store, { runId, status: 'ok' })) {
    const seen = byId.get(s.archId);
    if (seen === undefined) {
      byId.set(s.archId, { arc: s.arc, archId: s.archId, best: s.reward, valid: s.validScore, count: 1, firstSeq: s.seq });
      continue;
    }
    seen.count += 1;
    if (s.reward !== null && (seen.best === null || s.reward > seen.best)) seen.best = s.reward;
    if (s.validScore !== null && (seen.valid === null || s.validScore > seen.valid)) seen.valid = s.validScore;
  }
  const ranked = [...byId.values()].sort(
    (a, b) => (b.best ?? -Infinity) - (a.best ?? -Infinity) || a.firstSeq - b.firstSeq,
  );
  return ranked.map((a, i) => ({ rank: i + 1, arc: a.arc, archId: a.archId, score: a.best, timesSampled: a.count, bestValidScore: a.valid }));
}

export async function exportArchitectures(
  store: Pick<Store, 'samples' | 'derived'>,
  run: RunRecord,
  file: string,
  format: 'json' | 'arc',
  source: 'derived' | 'samples',
): Promise<ExportResult> {
  const architectures =
    source === 'derived'
      ? store.derived.list(run.id).map(({ rank, arc, archId, score }): ExportedArchitecture => ({ rank, arc, archId, score }))
      : await fromSamples(store, run.id);
  const text =
    format === 'arc'
      ? architectures.map((a) => `${a.arc}\n`).join('')
      : `${JSON.stringify({ format: 'enas-architectures', version: 1, runId: run.id, space: run.space, source, architectures }, null, 2)}\n`;
  const bytes = await writeFileAtomically(file, (sink) => sink.write(text));
  return { file, bytes, rows: architectures.length };
}
