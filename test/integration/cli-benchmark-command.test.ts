/**
 * `enas benchmark import` and the tabular `enas search --space nb201 --evaluator table`, in-process through
 * runCli against a temp data folder: a CSV in the format is registered and searchable by its name; a
 * malformed one is refused (exit 1) with the line and field, and nothing is registered; the JSON summary
 * has the documented shape and its regret is the optimum minus the incumbent's accuracy.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli';
import { NB201_CELLS, nb201CellOps } from '../../src/core/benchmark/nb201-table';
import { openStore } from '../../src/store/store';
import { captureIo } from '../fixtures/capture-io';

const dir = mkdtempSync(join(tmpdir(), 'enas-benchmark-'));
const db = join(dir, 'workbench.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { io, out, err } = captureIo();
  const code = await runCli(argv, io);
  return { code, out: out(), err: err() };
}

/** Accuracy of a cell: the number of nor_conv_3x3 edges × 10, + 1 on seed b; 333333 is the optimum at 60.5. */
function csvLines(): string[] {
  const lines = ['arch,acc_seed_a,acc_seed_b'];
  for (let cell = 0; cell < NB201_CELLS; cell++) {
    const ops = nb201CellOps(cell);
    const acc = ops.filter((op) => op === 3).length * 10;
    lines.push(`${ops.join('')},${acc},${acc + 1}`);
  }
  return lines;
}

describe('enas benchmark import', () => {
  it('registers a table in the CSV format and searches it by name', async () => {
    const file = join(dir, 'threes.csv');
    writeFileSync(file, `${csvLines().join('\n')}\n`);
    const imported = await cli('benchmark', 'import', file, '--name', 'threes', '--db', db, '--json');
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.out)).toMatchObject({ name: 'threes', seedSlots: 2, optimum: 60.5, optimumArch: '333333' });
    const list = await cli('benchmark', 'list', '--db', db, '--json');
    expect(JSON.parse(list.out)).toEqual(['nb201-cifar10', 'nb201-cifar100', 'threes']);

    const again = await cli('benchmark', 'import', file, '--name', 'threes', '--db', db);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/BENCHMARK_EXISTS/);

    const search = await cli(
      'search', '--space', 'nb201', '--evaluator', 'table', '--dataset', 'threes',
      '--strategy', 'random', '--samples', '100', '--seeds', '3', '--db', db, '--json',
    );
    expect(search.code).toBe(0);
    const result = JSON.parse(search.out) as { strategy: string; seeds: number; optimum: number; regretAt: Record<string, number> };
    expect(Object.keys(result)).toEqual(['strategy', 'seeds', 'optimum', 'regretAt', 'regretStdAt', 'correlation']);
    // Random search has no controller, hence no controller analysis.
    expect(result).toMatchObject({ correlation: null });
    expect(result).toMatchObject({ strategy: 'random', seeds: 3, optimum: 60.5 });
    expect(Object.keys(result.regretAt)).toEqual(['10', '100']);
    // Every accuracy is 10·k + 0.5 on average, so every regret is a multiple of 10 (the mean over 3 seeds: of 10/3).
    for (const regret of Object.values(result.regretAt)) {
      expect(regret).toBeGreaterThanOrEqual(0);
      expect((regret * 3) / 10).toBeCloseTo(Math.round((regret * 3) / 10), 9);
    }
    expect(result.regretAt['100']!).toBeLessThanOrEqual(result.regretAt['10']!);
  });

  it.each([
    ['a malformed accuracy', (l: string[]) => l.splice(42, 1, '000131,12,x'), /line 43: field "acc_seed_b": "x" must be an accuracy/],
    ['a missing cell', (l: string[]) => l.pop(), /the table has 15624 cells.*arch 444444 is missing/],
    ['a header of another format', (l: string[]) => l.splice(0, 1, 'arch;acc'), /line 1: the header must be "arch,acc_seed_a,…"/],
  ])('refuses %s, naming line and field, and registers nothing', async (_what, damage, message) => {
    const lines = csvLines();
    damage(lines);
    const file = join(dir, 'bad.csv');
    writeFileSync(file, lines.join('\n'));
    const result = await cli('benchmark', 'import', file, '--name', 'bad', '--db', db);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/BENCHMARK_BAD_CSV/);
    expect(result.err).toMatch(message);
    expect(result.err).toContain(file);
    expect(readdirSync(join(dir, 'benchmarks')).filter((f) => f.startsWith('bad'))).toEqual([]);
  });

  it('refuses a bad name and an unknown table', async () => {
    const name = await cli('benchmark', 'import', join(dir, 'threes.csv'), '--name', '../evil', '--db', db);
    expect(name.code).toBe(1);
    expect(name.err).toMatch(/BENCHMARK_BAD_NAME/);
    const search = await cli('search', '--space', 'nb201', '--evaluator', 'table', '--dataset', 'nope', '--db', db);
    expect(search.code).toBe(1);
    expect(search.err).toMatch(/BENCHMARK_NOT_FOUND: no benchmark table named "nope"/);
  });
});

describe('enas search --space nb201 --evaluator table', () => {
  it('prints the regret summary of the shipped CIFAR-10 table', async () => {
    const search = await cli('search', '--space', 'nb201', '--evaluator', 'table', '--dataset', 'nb201-cifar10', '--strategy', 'parsec', '--samples', '1000', '--seeds', '2', '--db', db, '--json');
    expect(search.code).toBe(0);
    const result = JSON.parse(search.out) as { optimum: number; regretAt: Record<string, number> };
    expect(result.optimum).toBeCloseTo(91.607, 3);
    expect(Object.keys(result.regretAt)).toEqual(['10', '100', '1000']);
  });

  it('gives the same summary whether its seeds run in one thread or are spread over worker threads', async () => {
    const args = ['search', '--space', 'nb201', '--evaluator', 'table', '--dataset', 'nb201-cifar100', '--strategy', 'enas', '--samples', '200', '--seeds', '3', '--seed', '5', '--db', db, '--json'];
    const one = await cli(...args, '--workers', '1');
    const three = await cli(...args, '--workers', '3');
    expect(one.code, one.err).toBe(0);
    expect(three.code, three.err).toBe(0);
    const result = JSON.parse(three.out) as { seeds: number; regretAt: Record<string, number>; correlation: { perSeed: number[] } };
    expect(result.seeds).toBe(3);
    expect(result.correlation.perSeed).toHaveLength(3);
    expect(three.out).toBe(one.out);
    const bad = await cli(...args, '--workers', '0');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--workers must be an integer from 1 to 256, got /);
  });

  it('with --save stores each seed as a completed run with its samples and regret curve', async () => {
    // Two worker threads: each seed's whole search comes back to be stored here.
    const search = await cli('search', '--space', 'nb201', '--evaluator', 'table', '--dataset', 'threes', '--strategy', 'parsec', '--samples', '50', '--seeds', '2', '--workers', '2', '--save', '--db', db, '--json');
    expect(search.code).toBe(0);
    expect(search.err).toMatch(/run \d+: nb201 parsec on threes seed 0 \(50 queries\) stored\nrun \d+: nb201 parsec on threes seed 1/);
    const list = JSON.parse((await cli('runs', 'list', '--db', db, '--json')).out) as {
      id: number; space: string; strategy: string; status: string; sampleCount: number; bestReward: number; bestValidScore: number;
    }[];
    expect(list).toHaveLength(2);
    for (const run of list) {
      expect(run).toMatchObject({ space: 'nb201', strategy: 'parsec', status: 'completed', sampleCount: 50 });
      // Rewards are one seed's accuracy (10k or 10k + 1 %), true scores the mean (10k + 0.5 %), as fractions.
      expect([0.6, 0.61, 0.5, 0.51, 0.4, 0.41]).toContain(run.bestReward);
      expect(run.bestValidScore * 100 - 0.5).toBeCloseTo(Math.round(run.bestValidScore * 10) * 10, 9);
    }
    const store = openStore(db);
    try {
      const regret = store.metrics.series(list[0]!.id, 'tabular/regret', { points: 100 });
      const best = store.metrics.series(list[0]!.id, 'tabular/incumbent_accuracy', { points: 100 });
      expect(regret.total).toBe(50);
      expect(regret.values.map((r, i) => r + best.values[i]!)).toEqual(Array.from({ length: 50 }, () => 60.5));
      expect(store.samples.page({ runId: list[0]!.id, limit: 5 }).rows[0]?.arc).toMatch(/^[0-4]( [0-4]){5}$/);
    } finally {
      store.close();
    }
  });

  it('with --save stores an enas-memory search with its controller traces, analysed under `analysis` in runs show --json', async () => {
    const search = await cli('search', '--space', 'nb201', '--evaluator', 'table', '--dataset', 'threes', '--strategy', 'enas-memory', '--samples', '200', '--seeds', '1', '--seed', '4', '--save', '--db', db, '--json');
    expect(search.code).toBe(0);
    const summary = JSON.parse(search.out) as { correlation: { mean: number; std: number; perSeed: number[] } };
    expect(summary.correlation.perSeed).toHaveLength(1);
    const id = Number(/run (\d+): nb201 enas-memory on threes seed 4/.exec(search.err)?.[1]);
    const shown = JSON.parse((await cli('runs', 'show', String(id), '--db', db, '--json')).out) as {
      run: { strategy: string };
      analysis: { graphDistance: string; epochs: { epoch: number; architectures: number; pairs: number; correlation: number }[]; meanCorrelation: number; scatter: { points: unknown[] } };
    };
    expect(shown.run.strategy).toBe('enas-memory');
    expect(shown.analysis.graphDistance).toBe('arc-hamming');
    // Windows of 100 queries stand for epochs: 200 queries, two of them, 4,950 pairs each.
    expect(shown.analysis.epochs.map((e) => [e.epoch, e.architectures, e.pairs])).toEqual([[0, 100, 4950], [1, 100, 4950]]);
    // The stored traces give the correlation the search itself computed.
    expect(shown.analysis.meanCorrelation).toBeCloseTo(summary.correlation.perSeed[0]!, 6);
    // 4,950 pairs, every third kept for the scatter.
    expect(shown.analysis.scatter.points).toHaveLength(1650);
  });

  it('refuses options that do not fit a tabular search', async () => {
    const strategy = await cli('search', '--space', 'nb201', '--evaluator', 'table', '--strategy', 'random-ws', '--db', db);
    expect(strategy.code).toBe(2);
    expect(strategy.err).toMatch(/--strategy must be one of random, enas, enas-memory, parsec/);
    const space = await cli('search', '--space', 'micro', '--evaluator', 'table', '--db', db);
    expect(space.code).toBe(2);
    expect(space.err).toMatch(/--evaluator table needs --space nb201/);
    // Without the table evaluator nb201 is an ordinary trained search, whose options are checked as any space's.
    const evaluator = await cli('search', '--space', 'nb201', '--evaluator', 'tabel', '--db', db);
    expect(evaluator.code).toBe(2);
    expect(evaluator.err).toMatch(/--evaluator must be one of supernet, table/);
    const table = await cli('search', '--space', 'nb201', '--dataset', 'nb201-cifar10', '--db', db);
    expect(table.code).toBe(2);
    expect(table.err).toMatch(/--dataset nb201-cifar10 is a NAS-Bench-201 table: add --evaluator table/);
  });
});
