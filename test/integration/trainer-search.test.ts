/**
 * The engine end to end through the real trainer process: a tiny seeded micro search on the cpu backend
 * streams protocol events, writes verifiable checkpoints, derives architectures, and a run resumed from a
 * checkpoint replays an uninterrupted run exactly (docs/reliability.md T1.2).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCostModel } from '../../src/core/spaces/arch-cost';
import type { CostContext } from '../../src/core/spaces/arch-cost';
import { writeSyntheticImageDataset } from '../fixtures/synthetic-image-dataset';
import { tinySearchConfig } from '../fixtures/tiny-search-config';
import { ofType, runTrainer } from '../fixtures/run-trainer';
import type { TrainerRun } from '../fixtures/run-trainer';

let root: string;
let datasetDir: string;
let full: TrainerRun;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'enas-trainer-'));
  datasetDir = join(root, 'data');
  writeSyntheticImageDataset(datasetDir, { count: 1000, validCount: 200, testCount: 200, size: 8, classes: 4, seed: 3 });
  full = await runTrainer({ config: tinySearchConfig(), datasetDir, checkpointDir: root });
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a tiny search through the trainer process', () => {
  it('announces itself, runs on the requested backend and finishes cleanly', () => {
    expect(full.code, full.stderr).toBe(0);
    expect(full.messages[0]).toMatchObject({ type: 'ready', protocolVersion: 1 });
    expect(ofType(full.messages, 'backend-selected')[0]?.backend).toBe('cpu');
    expect(full.messages.at(-1)).toMatchObject({ type: 'finished', stopped: false });
  });

  it('reports every shared-weight step and every scored architecture with contiguous sequence numbers', () => {
    const steps = ofType(full.messages, 'step-metrics').filter((m) => 'child/loss' in m.metrics);
    expect(steps.map((m) => m.step)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    const samples = ofType(full.messages, 'architecture-sampled');
    expect(samples.map((s) => s.seq)).toEqual(samples.map((_, i) => i));
    // 2 epochs × (8 child samples + 3 updates × 4 scored) + 4 derive samples.
    expect(samples.filter((s) => s.phase === 'child')).toHaveLength(16);
    expect(samples.filter((s) => s.phase === 'controller')).toHaveLength(24);
    expect(samples.filter((s) => s.phase === 'derive')).toHaveLength(4);
    for (const s of samples.filter((x) => x.phase === 'controller')) {
      expect(s.reward).toBeGreaterThanOrEqual(0);
      expect(s.reward).toBeLessThanOrEqual(1);
      expect(s.baseline).not.toBeNull();
    }
  });

  it('reports the controller hidden state of every scored architecture, tied to it by seq (the controller analysis)', () => {
    const scored = ofType(full.messages, 'architecture-sampled').filter((s) => s.phase === 'controller');
    const traces = ofType(full.messages, 'controller-trace');
    // 12 scored per epoch, all under traceSamplesPerEpoch (30): every one traced, with its epoch and arc.
    expect(traces.map((t) => [t.seq, t.epoch, t.tokens.join(' ')])).toEqual(scored.map((s) => [s.seq, s.epoch, s.arc]));
    // micro, 2 nodes: 2 cells × 2 nodes × 4 decisions, lstmSize 16 values each, 4 bytes per value.
    for (const t of traces) {
      expect(t.width).toBe(16);
      expect(Buffer.from(t.hidden, 'base64')).toHaveLength(16 * 16 * 4);
    }
  });

  it("reports each sampled architecture's cost: its fixed network's parameters and multiply-adds", () => {
    const config = tinySearchConfig();
    const costs = createCostModel({ ...config, input: { height: 8, width: 8, channels: 1, numClasses: 4 } } as CostContext);
    for (const s of ofType(full.messages, 'architecture-sampled')) {
      const expected = costs.cost(s.arc.split(' ').map(Number));
      expect([s.params, s.flops, s.latencyMs], s.arc).toEqual([expected.params, expected.flops, null]);
      expect(expected.params).toBeGreaterThan(0);
    }
  });

  it('trains the shared weights: child loss falls from the first steps to the last', () => {
    const losses = ofType(full.messages, 'step-metrics')
      .map((m) => m.metrics['child/cross-entropy'])
      .filter((v): v is number => v !== undefined);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-4))).toBeLessThan(mean(losses.slice(0, 4)));
  });

  it('writes checkpoint files whose size and sha256 match what it reports', () => {
    const written = ofType(full.messages, 'checkpoint-written');
    expect(written.length).toBeGreaterThanOrEqual(4);
    for (const c of written) {
      const bytes = readFileSync(c.path);
      expect(bytes.length).toBe(c.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(c.sha256);
    }
  });

  it('derives the best architectures, ranked by validation accuracy', () => {
    const derived = ofType(full.messages, 'derived')[0];
    expect(derived?.architectures.length).toBeGreaterThanOrEqual(1);
    const scores = derived?.architectures.map((a) => a.score) ?? [];
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('resumed from a mid-search checkpoint, replays the uninterrupted run exactly', async () => {
    const checkpointDir = join(root, 'resume');
    const first = await runTrainer({
      config: tinySearchConfig(),
      datasetDir,
      checkpointDir: root,
      runId: 1,
      // Stop after the first epoch's phase-1 checkpoint.
      stopWhen: (m) => m.type === 'checkpoint-written' && m.step === 8,
    });
    expect(first.code, first.stderr).toBe(0);
    const last = ofType(first.messages, 'checkpoint-written').at(-1);
    expect(last).toBeDefined();
    const resumed = await runTrainer({ config: tinySearchConfig(), datasetDir, checkpointDir, resumeFrom: last?.path ?? null });
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = ofType(resumed.messages, 'architecture-sampled');
    expect(after.length).toBeGreaterThan(0);
    const reference = new Map(ofType(full.messages, 'architecture-sampled').map((s) => [s.seq, s]));
    for (const s of after) {
      const r = reference.get(s.seq);
      expect(s.arc).toBe(r?.arc);
      if (s.reward !== null) expect(Math.abs(s.reward - (r?.reward ?? NaN))).toBeLessThanOrEqual(1e-5);
    }
    const losses = (run: TrainerRun): Map<number, number> =>
      new Map(ofType(run.messages, 'step-metrics').flatMap((m) => ('child/loss' in m.metrics ? [[m.step, m.metrics['child/loss'] as number]] : [])));
    const ref = losses(full);
    for (const [step, loss] of losses(resumed)) expect(Math.abs(loss - (ref.get(step) ?? NaN))).toBeLessThanOrEqual(1e-5);
  }, 120_000);
});

describe('a tiny search that measures inference latency', () => {
  it('reports the latency of every scored architecture (one measurement per architecture), none for child steps', async () => {
    const base = tinySearchConfig({ epochs: 1 });
    // A latency budget nothing exceeds: the run measures latency because its objective needs it.
    const config = { ...base, search: { ...base.search, latencyRepeats: 2, objective: { kind: 'budget' as const, cost: 'latency' as const, limit: 1e6 } } };
    const run = await runTrainer({ config, datasetDir, checkpointDir: join(root, 'latency') });
    expect(run.code, run.stderr).toBe(0);
    const samples = ofType(run.messages, 'architecture-sampled');
    expect(samples.filter((s) => s.phase === 'child').every((s) => s.latencyMs === null)).toBe(true);
    const scored = samples.filter((s) => s.phase === 'controller' || s.phase === 'derive');
    expect(scored.length).toBeGreaterThan(0);
    const byArch = new Map<string, number>();
    for (const s of scored) {
      expect(s.latencyMs, s.arc).toBeGreaterThan(0);
      // Measured once per architecture: a repeated architecture reports the same number.
      if (byArch.has(s.archId)) expect(s.latencyMs).toBe(byArch.get(s.archId));
      byArch.set(s.archId, s.latencyMs ?? NaN);
      if (s.phase === 'controller') expect(s.reward).toBeGreaterThan(0);
    }
  }, 120_000);
});
