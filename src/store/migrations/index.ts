/**
 * The ordered list of schema migrations. Migration k brings a database from user_version k−1 to k; the
 * list is append-only.
 */
import { migration001 } from './001-initial';
import { migration002 } from './002-run-health';
import { migration003 } from './003-studies';
import { migration004 } from './004-sample-phase';
import { migration005 } from './005-slurm-studies';
import { migration006 } from './006-controller-traces';
import { migration007 } from './007-sample-cost';
import { migration008 } from './008-study-strategies';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008];
