/**
 * Re-validates a child configuration where a network is built: a typed config can still carry impossible
 * values at runtime (a NaN or 2.5 read from JSON), and a network built from one would compute nonsense.
 */
import { EnasError } from '../../shared/errors';

/** The part of a zod schema this needs. */
interface SafeParser<T> {
  safeParse(value: unknown):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/** `schema.parse(config)`, with failures as CHILD_BAD_CONFIG naming each bad field. */
export function parseChildConfig<T>(schema: SafeParser<T>, config: unknown, what: string): T {
  const result = schema.safeParse(config);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(config)'}: ${issue.message}`)
    .join('; ');
  throw new EnasError('CHILD_BAD_CONFIG', `${what} config is invalid: ${problems}`);
}
