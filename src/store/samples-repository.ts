/**
 * Sampled architectures: every child the strategy sampled, with its reward, the baseline and log-prob the
 * REINFORCE update used, its entropy, validation score, parameter count, and why it failed if it did
 * (docs/reliability.md T1.3). An architecture and its reward are one row, so one never exists without the other.
 * Read back a page at a time, sorted and filtered, for the architecture history table.
 */
import { z } from 'zod';
import { sampleQuerySchema } from '../shared/run';
import type { SamplePage, SampleQuery, SampleRecord, SampleRewards } from '../shared/run';
import { parseArgument, parseRow } from './rows';
import type { StoreContext } from './store-context';

export interface SamplesRepository {
  /** One page of a run's samples; `total` counts every row matching the filter. */
  page(query: SampleQuery): SamplePage;
  /**
   * Every scored sample of a run (reward not null, failed ones included: the strategy saw their reward),
   * in sample order, as columns: what the Compare view overlays across runs.
   */
  rewards(runId: number): SampleRewards;
  /**
   * Every successfully scored sample of a run with its validation score and cost, in sample order: the
   * points of the run's Pareto front (host/front/run-front.ts).
   */
  costs(runId: number): SampleCost[];
}

export interface SampleCost {
  readonly seq: number;
  readonly arc: string;
  readonly archId: string;
  readonly validScore: number;
  readonly params: number | null;
  readonly flops: number | null;
  /** Inference latency in ms where the run measured it (search.latencyRepeats), else null. */
  readonly latency: number | null;
}

const sampleRowSchema = z
  .object({
    run_id: z.number().int(),
    seq: z.number().int(),
    step: z.number().int(),
    arc: z.string(),
    arch_id: z.string(),
    reward: z.number().nullable(),
    baseline: z.number().nullable(),
    log_prob: z.number().nullable(),
    entropy: z.number().nullable(),
    valid_score: z.number().nullable(),
    param_count: z.number().int().nullable(),
    status: z.enum(['ok', 'failed']),
    failure: z.string().nullable(),
    phase: z.enum(['child', 'controller', 'derive']).nullable(),
    params: z.number().int().nullable(),
    flops: z.number().nullable(),
    latency_ms: z.number().nullable(),
  })
  .transform(
    (r): SampleRecord => ({
      runId: r.run_id,
      seq: r.seq,
      step: r.step,
      arc: r.arc,
      archId: r.arch_id,
      reward: r.reward,
      baseline: r.baseline,
      logProb: r.log_prob,
      entropy: r.entropy,
      validScore: r.valid_score,
      paramCount: r.param_count,
      status: r.status,
      failure: r.failure,
      phase: r.phase,
      params: r.params,
      flops: r.flops,
      latencyMs: r.latency_ms,
    }),
  );

// Sort keys map to fixed column names: nothing from a query is spliced into SQL except through this table.
const SORT_COLUMNS = {
  seq: 'seq',
  step: 'step',
  reward: 'reward',
  validScore: 'valid_score',
  paramCount: 'param_count',
  params: 'params',
  flops: 'flops',
} as const;

export function createSamplesRepository({ db, file }: StoreContext): SamplesRepository {
  const statements = new Map<string, ReturnType<typeof db.prepare>>();
  const prepared = (sql: string): ReturnType<typeof db.prepare> => {
    let stmt = statements.get(sql);
    if (stmt === undefined) {
      stmt = db.prepare(sql);
      statements.set(sql, stmt);
    }
    return stmt;
  };
  const readPage = db.transaction((q: z.output<typeof sampleQuerySchema>): SamplePage => {
    const where = ['run_id = @runId'];
    if (q.status !== undefined) where.push('status = @status');
    if (q.archId !== undefined) where.push('arch_id = @archId');
    if (q.minReward !== undefined) where.push('reward >= @minReward');
    if (q.fromStep !== undefined) where.push('step >= @fromStep');
    if (q.toStep !== undefined) where.push('step <= @toStep');
    const filter = `FROM samples WHERE ${where.join(' AND ')}`;
    const params = { ...q };
    const total = z.number().int().parse(prepared(`SELECT COUNT(*) AS n ${filter}`).pluck().get(params));
    const order = `${SORT_COLUMNS[q.sortBy]} ${q.order === 'asc' ? 'ASC' : 'DESC'} NULLS LAST, seq ASC`;
    const rows = prepared(`SELECT * ${filter} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
      .pluck(false)
      .all(params);
    return { total, rows: rows.map((row, i) => parseRow(sampleRowSchema, row, file, `samples page row ${i}`)) };
  });

  const selectRewards = db.prepare('SELECT seq, step, reward FROM samples WHERE run_id = ? AND reward IS NOT NULL ORDER BY seq');
  const rewardRowSchema = z.object({ seq: z.number().int(), step: z.number().int(), reward: z.number() });

  const selectCosts = db.prepare(
    `SELECT seq, arc, arch_id, valid_score, params, flops, latency_ms FROM samples
     WHERE run_id = ? AND status = 'ok' AND valid_score IS NOT NULL ORDER BY seq`,
  );
  const costRowSchema = z
    .object({
      seq: z.number().int(),
      arc: z.string(),
      arch_id: z.string(),
      valid_score: z.number(),
      params: z.number().int().nullable(),
      flops: z.number().nullable(),
      latency_ms: z.number().nullable(),
    })
    .transform(
      (r): SampleCost => ({ seq: r.seq, arc: r.arc, archId: r.arch_id, validScore: r.valid_score, params: r.params, flops: r.flops, latency: r.latency_ms }),
    );

  return {
    costs(runId) {
      return selectCosts.all(runId).map((row, i) => parseRow(costRowSchema, row, file, `cost row ${i} of run ${runId}`));
    },
    page(query) {
      return readPage(parseArgument(sampleQuerySchema, query, 'sample query'));
    },
    rewards(runId) {
      const out: SampleRewards = { runId, seq: [], step: [], reward: [] };
      selectRewards.all(runId).forEach((row, i) => {
        const r = parseRow(rewardRowSchema, row, file, `reward row ${i} of run ${runId}`);
        out.seq.push(r.seq);
        out.step.push(r.step);
        out.reward.push(r.reward);
      });
      return out;
    },
  };
}

/**
 * The write side, used only inside writeBatch's transaction. A sample replayed after a resume has the same
 * seq (the counter is restored from the checkpoint) and overwrites the row, for the reason given for
 * metrics: what follows the checkpoint describes the run that goes on.
 */
export function createSampleWriter({ db }: StoreContext): (samples: readonly SampleRecord[]) => void {
  const upsert = db.prepare(`
    INSERT INTO samples (run_id, seq, step, arc, arch_id, reward, baseline, log_prob, entropy, valid_score,
                         param_count, status, failure, phase, params, flops, latency_ms)
    VALUES (@runId, @seq, @step, @arc, @archId, @reward, @baseline, @logProb, @entropy, @validScore,
            @paramCount, @status, @failure, @phase, @params, @flops, @latencyMs)
    ON CONFLICT (run_id, seq) DO UPDATE SET
      step = excluded.step, arc = excluded.arc, arch_id = excluded.arch_id, reward = excluded.reward,
      baseline = excluded.baseline, log_prob = excluded.log_prob, entropy = excluded.entropy,
      valid_score = excluded.valid_score, param_count = excluded.param_count, status = excluded.status,
      failure = excluded.failure, phase = excluded.phase, params = excluded.params, flops = excluded.flops,
      latency_ms = excluded.latency_ms`);
  return (samples) => {
    for (const s of samples) {
      upsert.run({ ...s, phase: s.phase ?? null, params: s.params ?? null, flops: s.flops ?? null, latencyMs: s.latencyMs ?? null });
    }
  };
}
