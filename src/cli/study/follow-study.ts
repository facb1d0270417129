/**
 * Follows a study in the foreground until this host stops running it: a line on stderr whenever one of its
 * runs ends, and Ctrl-C turns into a graceful stop of the study (its running trainers checkpoint first, so
 * `enas study resume` continues later).
 */
import type { Workbench } from '../../host/workbench';
import type { StudyResult } from '../../shared/study';
import type { CliIo } from '../cli-io';

export async function followStudy(workbench: Workbench, studyId: number, io: CliIo): Promise<StudyResult> {
  const mine = new Map<number, string>();
  const refresh = async (): Promise<void> => {
    const result = await workbench.handlers['studies.get']({ studyId });
    for (const s of result.strategies) for (const r of s.runs) mine.set(r.runId, `${r.strategy} seed ${r.seed} ${r.role}${r.strategy === 'random' ? ` ${r.slot + 1}` : ''}`);
  };
  const unsubscribe = workbench.subscribe((event) => {
    if (event.type === 'study-updated' && event.studyId === studyId) void refresh().catch(() => undefined);
    if (event.type !== 'run-updated') return;
    const what = mine.get(event.run.id);
    if (what === undefined || event.run.status === 'running' || event.run.status === 'created') return;
    io.stderr(`study ${studyId}: run ${event.run.id} (${what}) ${event.run.status}${event.run.error === null ? '' : `: ${event.run.error.message}`}\n`);
  });
  let stopping = false;
  const removeInterrupt = io.onInterrupt(() => {
    if (stopping) return;
    stopping = true;
    io.stderr(`stopping study ${studyId}: running trainers write a checkpoint first (continue with: enas study resume ${studyId})…\n`);
    workbench.handlers['studies.stop']({ studyId }).catch((err: unknown) => io.stderr(`enas: ${err instanceof Error ? err.message : String(err)}\n`));
  });
  try {
    await refresh();
    await workbench.studyIdle(studyId);
  } finally {
    removeInterrupt();
    unsubscribe();
  }
  return workbench.handlers['studies.get']({ studyId });
}
