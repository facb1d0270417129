/**
 * What every method of the workbench API declares: its request and response schemas and whether it changes
 * the database (`writes`). A read-only workbench (the CLI's `runs list` while the app runs a search) refuses
 * exactly the methods that declare `writes: true`; the property is required, so a new method cannot be
 * added without deciding it. Exports write a file the user chose, not the database: `writes: false`.
 */
import type { z } from 'zod';

export interface ApiMethodSpec {
  request: z.ZodType;
  response: z.ZodType;
  /** True when the method changes the database (creates, starts, edits or deletes something in it). */
  writes: boolean;
}
