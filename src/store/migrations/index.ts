/**
 * The ordered list of schema migrations. Migration k brings a database from user_version k−1 to k; the
 * list is append-only.
 */
import { migration001 } from './001-initial';
import { migration002 } from './002-sample-phase';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [migration001, migration002];
