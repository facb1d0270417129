/**
 * A zod error as one line that names each field and what was wrong with it (`runId: expected number,
 * received string; config.seed: too small`), for error messages that end up in a log line or a dialog.
 */
import type { z } from 'zod';

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length === 0 ? '(root)' : issue.path.join('.')}: ${issue.message}`).join('; ');
}
