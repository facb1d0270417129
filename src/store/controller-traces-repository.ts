/**
 * Controller traces (migration 5): per traced sample, its arc tokens, epoch and the controller's hidden state
 * at each decision as a float32 blob. Written in the same transaction as the samples they belong to; read
 * back whole for the controller analysis. A replayed sample (resume) overwrites its row, as samples do.
 */
import { z } from 'zod';
import { parseRow } from './rows';
import type { StoreContext } from './store-context';

export interface ControllerTraceRecord {
  readonly runId: number;
  /** The sample's seq. */
  readonly seq: number;
  /** What the analysis groups by: the search epoch, or a window of queries in a tabular search. */
  readonly epoch: number;
  readonly tokens: readonly number[];
  /** Values per decision: the controller's lstmSize. */
  readonly width: number;
  /** `width` values per decision, in decision order. */
  readonly hidden: Float32Array;
}

export interface ControllerTracesRepository {
  /** Every trace of a run, in seq order; empty when the run has none. */
  list(runId: number): ControllerTraceRecord[];
}

const traceRowSchema = z.object({
  seq: z.number().int(),
  epoch: z.number().int().min(0),
  tokens: z.string().regex(/^[0-9]+( [0-9]+)*$/),
  width: z.number().int().positive(),
  hidden: z.instanceof(Buffer).refine((b) => b.length > 0 && b.length % 4 === 0, 'a whole number of float32 values'),
});

/** A copy as float32 (the Buffer may be unaligned; little-endian on every platform we ship). */
function floats(blob: Buffer): Float32Array {
  const out = new Float32Array(blob.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = blob.readFloatLE(i * 4);
  return out;
}

function blobOf(values: Float32Array): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeFloatLE(v, i * 4));
  return out;
}

export function createControllerTracesRepository({ db, file }: StoreContext): ControllerTracesRepository {
  const select = db.prepare('SELECT seq, epoch, tokens, width, hidden FROM controller_traces WHERE run_id = ? ORDER BY seq');
  return {
    list(runId) {
      return select.all(runId).map((row, i) => {
        const r = parseRow(traceRowSchema, row, file, `controller trace row ${i} of run ${runId}`);
        return { runId, seq: r.seq, epoch: r.epoch, tokens: r.tokens.split(' ').map(Number), width: r.width, hidden: floats(r.hidden) };
      });
    },
  };
}

/** The write side, used only inside writeBatch's transaction. */
export function createControllerTraceWriter({ db }: StoreContext): (traces: readonly ControllerTraceRecord[]) => void {
  const upsert = db.prepare(`
    INSERT INTO controller_traces (run_id, seq, epoch, tokens, width, hidden)
    VALUES (@runId, @seq, @epoch, @tokens, @width, @hidden)
    ON CONFLICT (run_id, seq) DO UPDATE SET
      epoch = excluded.epoch, tokens = excluded.tokens, width = excluded.width, hidden = excluded.hidden`);
  return (traces) => {
    for (const t of traces) {
      upsert.run({ runId: t.runId, seq: t.seq, epoch: t.epoch, tokens: t.tokens.join(' '), width: t.width, hidden: blobOf(t.hidden) });
    }
  };
}
