/**
 * Issue 18: `enas study --strategies enas,enas-memory` through the real CLI entry and the real trainer (bundled,
 * wasm backend) on the synthetic 8×8 dataset with the tiny search of reliability.md, three seeds: every search
 * and retrain completes, enas-memory's searches ran the replay-memory controller under the base's controller
 * budget, and the result reports the pair (seeds paired). At this size both usually derive the same
 * architectures, so their scores tie (t undefined): the test checks the study's plumbing and that the memory
 * changed the controller's updates, not which strategy is better. Then parsec with random, one seed: its search,
 * retrain and the scoring of the random architecture with its supernet (weight-sharing fidelity).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromStoredConfig } from '../../src/host/stored-config';
import type { StudyResult } from '../../src/shared/study';
import { openStore } from '../../src/store/store';
import { useStudyCli } from '../fixtures/study-cli-setup';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = ['--import', 'tsx', 'src/cli/index.ts'];
const SEEDS = 3;

const cli = useStudyCli({ backend: 'wasm' });

describe('enas study --strategies enas,enas-memory', () => {
  it('runs both over three seeds and reports the paired comparison', () => {
    const args = ['study', '--config', cli.setup.configFile, '--strategies', 'enas,enas-memory', '--seeds', String(SEEDS), '--parallel', '2', '--db', cli.setup.dbFile, '--json'];
    const r = spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, env: cli.env, encoding: 'utf8', timeout: 420_000 });
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as StudyResult;
    expect(result.study).toMatchObject({ status: 'completed', plannedRuns: 4 * SEEDS, completedRuns: 4 * SEEDS, failedRuns: 0 });
    expect(result.strategies.map((s) => s.name)).toEqual(['enas', 'enas-memory']);
    const [enas, memory] = result.strategies;
    if (enas === undefined || memory === undefined) throw new Error('two strategies expected');
    for (const s of [enas, memory]) {
      expect(s.n).toBe(SEEDS);
      expect(s.seeds).toEqual([1, 2, 3]);
      for (const v of s.values) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(s.fidelity).toBeNull();
      expect(s.cost.searchChildSteps).not.toBeNull();
    }
    // The pair, both ways: seed i against seed i, differences this strategy minus the other.
    const differences = enas.values.map((v, i) => v - (memory.values[i] ?? NaN));
    const meanDifference = differences.reduce((a, b) => a + b, 0) / SEEDS;
    expect(enas.pairedTests).toHaveLength(1);
    expect(enas.pairedTests[0]).toMatchObject({ against: 'enas-memory', n: SEEDS, minAttainableP: 0.25 });
    expect(enas.pairedTests[0]?.meanDifference).toBeCloseTo(meanDifference, 12);
    expect(memory.pairedTests[0]).toMatchObject({ against: 'enas', n: SEEDS });
    expect(memory.pairedTests[0]?.meanDifference).toBeCloseTo(-meanDifference, 12);
    expect(memory.pairedTests[0]?.permutationP).toBe(enas.pairedTests[0]?.permutationP);
    // Under one budget: both searches trained the shared weights for as many steps.
    expect(memory.cost.searchChildSteps).toBe(enas.cost.searchChildSteps);

    const store = openStore(cli.setup.dbFile);
    try {
      const searches = store.studies.links(1).filter((l) => l.role === 'search');
      expect(searches.map((l) => `${l.strategy} ${l.seed}`).sort()).toEqual(['enas 1', 'enas 2', 'enas 3', 'enas-memory 1', 'enas-memory 2', 'enas-memory 3']);
      for (const link of searches) {
        const run = store.runs.get(link.runId);
        expect(run?.strategy).toBe(link.strategy);
        if (run === undefined) throw new Error(`run ${link.runId} missing`);
        const { config } = fromStoredConfig(run);
        expect(config.seed).toBe(link.seed);
        if (link.strategy === 'enas-memory') {
          // The tiny config's controller (numAggregate 4), its memory replaying as many per update.
          expect(config.strategy).toMatchObject({ strategy: 'enas-memory', controller: { numAggregate: 4, trainSteps: 3 }, memory: { replaySize: 4 } });
        }
        // Every search scored its controller's samples: 1 epoch × 3 updates × 4 samples.
        expect(store.samples.page({ runId: link.runId, limit: 1000 }).rows.filter((row) => row.phase === 'controller')).toHaveLength(12);
      }
      // Seed i of both starts alike (same supernet stream, same initial controller), and the memory term then
      // changes enas-memory's updates: its controller losses are not enas's.
      const lossOf = (strategy: string, seed: number): number[] => {
        const link = searches.find((l) => l.strategy === strategy && l.seed === seed);
        return link === undefined ? [] : store.metrics.series(link.runId, 'controller/loss', { points: 10 }).values;
      };
      const childArcs = (strategy: string, seed: number): string[] => {
        const link = searches.find((l) => l.strategy === strategy && l.seed === seed);
        return link === undefined ? [] : store.samples.page({ runId: link.runId, limit: 1000 }).rows.filter((row) => row.phase === 'child').map((row) => row.arc);
      };
      for (let seed = 1; seed <= SEEDS; seed++) {
        expect(childArcs('enas-memory', seed)).toEqual(childArcs('enas', seed));
        expect(lossOf('enas', seed)).toHaveLength(3);
        expect(lossOf('enas-memory', seed)).toHaveLength(3);
        expect(lossOf('enas-memory', seed)).not.toEqual(lossOf('enas', seed));
      }
      expect(store.integrityCheck().ok).toBe(true);
    } finally {
      store.close();
    }
  }, 480_000);

  it('runs parsec like enas: search, retrain and, with random, the scoring of the random architectures', () => {
    // A second study in the same database (study 2): the synthetic dataset is registered there.
    const args = ['study', '--config', cli.setup.configFile, '--strategies', 'parsec,random', '--seeds', '1', '--random-k', '2', '--db', cli.setup.dbFile, '--json'];
    const r = spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, env: cli.env, encoding: 'utf8', timeout: 240_000 });
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as StudyResult;
    expect(result.study).toMatchObject({ status: 'completed', plannedRuns: 5, completedRuns: 5, failedRuns: 0 });
    const [parsec, random] = result.strategies;
    expect(parsec?.runs.map((l) => `${l.strategy} ${l.role}`)).toEqual(['parsec search', 'parsec retrain', 'parsec score']);
    expect(parsec?.n).toBe(1);
    expect(random?.n).toBe(1);
    expect(parsec?.pairedTests).toMatchObject([{ against: 'random', n: 1 }]);
    // Its final supernet scored both random architectures, each against its retrained test score.
    expect(parsec?.fidelity?.perSeed).toMatchObject([{ seed: 1, n: 2 }]);
  }, 300_000);
});
