/**
 * `enas runs show ID`: one run in detail: its record, checkpoints, derived ranking, health, controller analysis,
 * metric series, sample count and the last lines of its log.
 */
import { frontExport } from '../../shared/front';
import { describePresetChange } from '../../shared/config/preset-provenance';
import { provenanceOf } from '../../host/stored-config';
import { EXIT } from '../command';
import { openCliWorkbench } from '../cli-workbench';
import { formatBytes, formatDuration, formatNumber, formatTime } from '../format';
import { healthLines } from '../search/health-lines';
import { runIdArgument } from './runs-args';
import type { RunsSubcommand } from './runs-subcommand';

const RECENT_EVENTS = 10;
const usage = 'enas runs show ID [--db FILE] [--json]';

export const runsShow: RunsSubcommand = {
  name: 'show',
  summary: 'show one run: config summary, checkpoints, derived architectures, recent log',
  usage,
  options: {},
  async run(parsed, io) {
    const runId = runIdArgument(parsed.positionals, usage);
    const opened = await openCliWorkbench(io, parsed.db, 'read');
    try {
      const { handlers } = opened.workbench;
      const { run, checkpoints } = await handlers['runs.get']({ runId });
      const derived = await handlers['derived.list']({ runId });
      const health = await handlers['health.get']({ runId });
      const analysis = await handlers['analysis.controller']({ runId });
      const series = await handlers['metrics.seriesNames']({ runId });
      const samples = await handlers['samples.page']({ runId, sortBy: 'reward', order: 'desc', offset: 0, limit: 1 });
      const events = (await handlers['runs.events']({ runId, limit: 10_000 })).slice(-RECENT_EVENTS);
      const front = await handlers['samples.front']({ runId, cost: 'params' });
      if (parsed.json) {
        // The best sample carries its cost (params, flops, latencyMs; null for runs stored before costs).
        const bestSample = samples.rows[0] ?? null;
        const { hypervolume, architectures, front: frontPoints, note } = frontExport(front);
        const pareto = { cost: front.cost, size: frontPoints.length, architectures, hypervolume, reference: front.reference, note };
        io.stdout(`${JSON.stringify({ run, checkpoints, derived, health, analysis, series, sampleCount: samples.total, bestSample, pareto, events }, null, 2)}\n`);
        return EXIT.ok;
      }
      const ended = run.endedAt ?? (run.status === 'running' ? Date.now() : null);
      const lines = [
        `run ${run.id} "${run.name}"  [${run.status}]`,
        `  space ${run.space} · strategy ${run.strategy} · preset ${run.preset} · seed ${run.seed} · backend ${run.backend}`,
        `  dataset ${run.datasetId ?? '-'}${run.parentRunId === null ? '' : ` · retrains run ${run.parentRunId}`}`,
        `  created ${formatTime(run.createdAt)} · started ${formatTime(run.startedAt)} · ended ${formatTime(run.endedAt)} · duration ${formatDuration(run.startedAt === null || ended === null ? null : ended - run.startedAt)}`,
      ];
      const provenance = provenanceOf(run);
      if (provenance !== undefined && provenance.basePreset !== null && provenance.changes.length > 0) {
        lines.push(`  from preset ${provenance.basePreset}, changed: ${provenance.changes.map(describePresetChange).join('; ')}`);
      }
      if (run.tags.length > 0) lines.push(`  tags: ${run.tags.join(', ')}`);
      if (run.notes !== '') lines.push(`  notes: ${run.notes}`);
      if (run.error !== null) lines.push(`  error: ${run.error.message}`);
      lines.push(`samples: ${samples.total}${samples.rows[0] === undefined ? '' : ` (best reward ${formatNumber(samples.rows[0].reward)})`}`);
      if (front.points.length > 0) {
        const summary = frontExport(front);
        lines.push(`pareto front (accuracy vs params): ${summary.front.length} of ${summary.architectures} architectures, hypervolume ${summary.hypervolume.toFixed(4)} (enas runs front ${run.id})`);
      }
      lines.push(`series: ${series.length === 0 ? '-' : series.join(', ')}`);
      lines.push(`checkpoints (${checkpoints.length}):${checkpoints.map((c) => ` step ${c.step} (${formatBytes(c.bytes)})`).join(',')}`);
      lines.push(`derived (${derived.length}):`);
      for (const d of derived) lines.push(`  ${d.rank}. ${d.arc}  score ${formatNumber(d.score)}`);
      if (health !== null) lines.push('health:', ...healthLines(health));
      if (analysis !== null) {
        const r = analysis.meanCorrelation;
        lines.push(
          `controller analysis: correlation of hidden-state distance with ${analysis.graphDistance} distance, mean ${r === null ? '-' : r.toFixed(3)} over ${analysis.epochs.length} epochs`,
        );
      }
      lines.push(`recent log:`);
      for (const e of events) lines.push(`  ${formatTime(e.ts)} ${e.level.padEnd(5)} ${e.message}`);
      io.stdout(`${lines.join('\n')}\n`);
      return EXIT.ok;
    } finally {
      await opened.close();
    }
  },
};
