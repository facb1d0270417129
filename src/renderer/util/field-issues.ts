/**
 * Maps zod issues to the form field they belong to, so a validation message appears next to its field:
 * an issue's path (`search.epochs`, `space.numNodes`) is matched against the fields the form shows, the
 * longest matching prefix wins, and what matches no field is shown at the form's top (key '').
 */
export interface PathIssue {
  path: readonly PropertyKey[];
  message: string;
}

export function issuesByField(issues: readonly PathIssue[], fields: Readonly<Record<string, string>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    let best = '';
    let bestLength = -1;
    for (const [field, fieldPath] of Object.entries(fields)) {
      if ((path === fieldPath || path.startsWith(`${fieldPath}.`)) && fieldPath.length > bestLength) {
        best = field;
        bestLength = fieldPath.length;
      }
    }
    const text = best === '' && path !== '' ? `${path}: ${issue.message}` : issue.message;
    (out[best] ??= []).push(text);
  }
  return out;
}
