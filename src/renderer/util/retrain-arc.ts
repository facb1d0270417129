/**
 * The architecture a retrain run trains: the arc of its stored job (`{ kind: 'retrain', arc }`, set when it was
 * created from a search's result or `enas retrain --arc`), or null for a search run.
 */
export function retrainArcOf(run: { config: unknown }): string | null {
  const job = (run.config as { job?: { kind?: string; arc?: unknown } } | null)?.job;
  return job?.kind === 'retrain' && typeof job.arc === 'string' ? job.arc : null;
}
