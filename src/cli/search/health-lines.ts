/**
 * A run's search health as terminal lines (`enas search` at the end, `enas runs show`): the numbers, then
 * the verdicts of `describeHealth` in plain words, so a run whose controller did not beat uniform sampling
 * says so where the researcher looks.
 */
import { describeHealth } from '../../shared/health';
import type { SearchHealth } from '../../shared/health';

export function healthLines(health: SearchHealth): string[] {
  const lines: string[] = [];
  const sa = health.supernetAccuracy;
  if (sa.perEpoch.length > 0) {
    const curve = sa.perEpoch.map((p) => p.mean.toFixed(3)).join(' → ');
    lines.push(`  supernet accuracy (${sa.children} uniform children × ${sa.images} validation images, per epoch): ${curve}`);
  }
  const cvu = health.controllerVsUniform;
  if (cvu !== null) {
    lines.push(
      `  controller vs uniform (${cvu.n} + ${cvu.n} samples × ${cvu.images} validation examples): ` +
        `${cvu.policyMean.toFixed(3)} vs ${cvu.uniformMean.toFixed(3)}, difference ${cvu.meanDiff >= 0 ? '+' : ''}${cvu.meanDiff.toFixed(3)}, ` +
        `p = ${cvu.pValue.toPrecision(2)} (${cvu.test})`,
    );
  }
  if (health.entropyDrop !== null) lines.push(`  policy entropy drop: ${(100 * health.entropyDrop).toFixed(1)}%`);
  if (health.collapse !== null) lines.push(`  ops without weights in the final policy: ${(100 * health.collapse.share).toFixed(0)}%`);
  for (const line of describeHealth(health)) lines.push(`  ${line.level === 'ok' ? '✓' : '!'} ${line.text}`);
  return lines;
}
