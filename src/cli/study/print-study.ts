/**
 * A study's result as `enas study`, `study show` and `study resume` print it: the table (strategy, n, mean,
 * std, per-seed values, p against each other strategy), the caveats of each comparison, the cost per
 * strategy and the notes on how to read it; or the result object as JSON.
 */
import type { StudyResult } from '../../shared/study';
import type { CliIo } from '../cli-io';
import { formatNumber, table } from '../format';

const p = (x: number | null): string => (x === null ? '–' : formatNumber(x, 3));

export function formatStudyResult(result: StudyResult): string {
  const { study } = result;
  const lines = [
    `study ${study.id} "${study.name}"  [${study.status}] ${study.completedRuns}/${study.plannedRuns} runs completed${study.failedRuns > 0 ? `, ${study.failedRuns} failed` : ''}`,
    `score: ${result.score.series} (${result.score.higherIsBetter ? 'higher' : 'lower'} is better) · seeds 1..${study.spec.seeds}`,
    '',
  ];
  const others = result.strategies.map((s) => s.name);
  lines.push(
    table(
      ['STRATEGY', 'N', 'MEAN', 'STD', 'VALUES (seed: value)', ...others.map((o) => `p vs ${o} (t / exact)`)],
      result.strategies.map((s) => [
        s.name,
        String(s.n),
        formatNumber(s.mean),
        formatNumber(s.std),
        s.values.length === 0 ? '-' : s.values.map((v, i) => `${s.seeds[i] ?? '?'}: ${formatNumber(v)}`).join(', '),
        ...others.map((o) => {
          const test = s.pairedTests.find((t) => t.against === o);
          return test === undefined ? '' : `${p(test.tTestP)} / ${p(test.permutationP)} (n ${test.n})`;
        }),
      ]),
    ).trimEnd(),
  );
  const caveats = new Set(result.strategies.flatMap((s) => s.pairedTests.flatMap((t) => t.caveats.map((c) => `${s.name} vs ${t.against}: ${c}`))));
  if (caveats.size > 0) lines.push('', 'caveats:', ...[...caveats].map((c) => `  ${c}`));
  lines.push('', 'cost per finished seed (mean):');
  for (const s of result.strategies) {
    const c = s.cost;
    lines.push(
      `  ${s.name}: search ${formatNumber(c.searchWallS, 3)} s, ${formatNumber(c.searchChildSteps, 6)} child steps · retrain ${formatNumber(c.retrainWallS, 3)} s, ${formatNumber(c.retrainSteps, 6)} steps`,
    );
  }
  const fidelity = result.strategies.filter((s) => s.fidelity !== null);
  if (fidelity.length > 0) {
    lines.push('', 'weight-sharing fidelity (Kendall τ, supernet score vs retrained test score of the random architectures):');
    for (const s of fidelity) {
      const seeds = s.fidelity?.perSeed.map((f) => `seed ${f.seed} τ ${p(f.tau)} (n ${f.n})`).join(', ') ?? '';
      lines.push(`  ${s.name}: ${seeds === '' ? 'no scoring finished yet' : seeds} · mean ${p(s.fidelity?.meanTau ?? null)}`);
    }
  }
  lines.push('', 'notes:', ...result.notes.map((n) => `  ${n}`));
  return `${lines.join('\n')}\n`;
}

export function printStudyResult(result: StudyResult, io: CliIo, json: boolean): void {
  io.stdout(json ? `${JSON.stringify(result, null, 2)}\n` : formatStudyResult(result));
}
