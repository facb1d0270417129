/**
 * The one line `enas search` prints about the compute backend the trainer picked. The trainer reports why
 * every better backend was skipped, and a backend that is merely absent (the optional CUDA package that was
 * never installed, a machine without a GPU) came out as several hundred characters of loader error. Here it
 * reads as a short reason; `--verbose` prints the trainer's reasons in full.
 */
import type { TrainerMessage } from '../../shared/protocol';

type BackendSelected = Extract<TrainerMessage, { type: 'backend-selected' }>;

const MAX_REASON = 80;

/** A short reason for a skipped backend, or undefined when it was not even tried. */
export function shortBackendReason(reason: string): string | undefined {
  if (reason.startsWith('not tried')) return undefined;
  if (/did not load: .*(Cannot find (module|package)|ERR_MODULE_NOT_FOUND)/i.test(reason)) return 'not installed';
  if (/did not load: .*(\.node\b|dlopen|shared object|libtensorflow|cannot open shared)/i.test(reason)) return 'installed, but its native library did not load';
  if (/no (webgpu )?adapter|navigator\.gpu|requestAdapter/i.test(reason)) return 'no GPU adapter';
  if (/software adapter/i.test(reason)) return 'only a software (CPU-emulated) adapter';
  return reason.length <= MAX_REASON ? reason : `${reason.slice(0, MAX_REASON - 1)}…`;
}

export function backendLine(runId: number, m: BackendSelected, verbose: boolean): string {
  const skipped = Object.entries(m.reasons).filter(([name]) => name !== m.backend);
  if (verbose) return `run ${runId}: backend ${m.backend}\n${skipped.map(([name, why]) => `  ${name}: ${why}\n`).join('')}`;
  const short = skipped.flatMap(([name, why]) => {
    const reason = shortBackendReason(why);
    return reason === undefined ? [] : [`${name}: ${reason}`];
  });
  return `run ${runId}: backend ${m.backend}${short.length === 0 ? '' : ` (${short.join('; ')}; details with --verbose)`}\n`;
}
