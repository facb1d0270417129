/**
 * What every repository is built from: the open connection, the database file (named in errors) and the
 * injected clock, so repositories never read Date.now and tests control time.
 */
import type Database from 'better-sqlite3';

export interface StoreContext {
  readonly db: Database.Database;
  readonly file: string;
  /** Epoch milliseconds. */
  readonly now: () => number;
}
