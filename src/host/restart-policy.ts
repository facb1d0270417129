/**
 * When a trainer crashes, the host restarts it from the last checkpoint by itself, a few times, waiting
 * longer each time (docs/reliability.md T1.4: give up after 3 attempts with backoff). A checkpoint adopted after
 * a restart shows the run is moving again, so it resets the count: only crashes without progress between
 * them add up.
 */

export interface RestartPolicy {
  /** Automatic restarts after consecutive crashes; 0 turns them off. */
  maxAttempts: number;
  /** Wait before the first restart; doubled for each further one. */
  baseDelayMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { maxAttempts: 3, baseDelayMs: 1000 };

/** The wait before restart number `attempt` (1-based), or undefined when the policy gives up. */
export function restartDelay(policy: RestartPolicy, attempt: number): number | undefined {
  if (attempt > policy.maxAttempts) return undefined;
  return policy.baseDelayMs * 2 ** (attempt - 1);
}
