import { describe, expect, it } from 'vitest';
import { parseObjectiveOptions } from './objective-options';
import { parseSearchOptions } from './search-options';
import { parseTabularSearchOptions } from './tabular-options';

const flags = (values: Record<string, string>) => (flag: string): string | undefined => values[flag];

describe('objective flags', () => {
  it('reads a budget with a k / M suffix and a weighted objective with its default beta', () => {
    expect(parseObjectiveOptions(flags({ objective: 'budget', cost: 'flops', budget: '80M' }))).toEqual({ kind: 'budget', cost: 'flops', limit: 80e6 });
    expect(parseObjectiveOptions(flags({ objective: 'budget', budget: '600k' }))).toEqual({ kind: 'budget', cost: 'params', limit: 600_000 });
    expect(parseObjectiveOptions(flags({ objective: 'weighted' }))).toEqual({ kind: 'weighted', cost: 'params', beta: 0.1 });
    expect(parseObjectiveOptions(flags({}))).toBeUndefined();
  });

  it('refuses incomplete or contradictory flags with a usage error naming the flag', () => {
    const refuse = (values: Record<string, string>, message: RegExp) =>
      expect(() => parseObjectiveOptions(flags(values))).toThrow(message);
    refuse({ objective: 'budget' }, /CLI_USAGE: --objective budget needs --budget/);
    refuse({ objective: 'budget', budget: 'lots' }, /--budget must be a positive count/);
    refuse({ budget: '1M' }, /need --objective weighted or budget/);
    refuse({ objective: 'weighted', cost: 'seconds' }, /--cost must be one of params, flops, latency, got "seconds"/);
    refuse({ objective: 'weighted', beta: '-1' }, /--beta must be a number from 0 to 100/);
    refuse({ objective: 'pareto' }, /--objective must be one of accuracy, weighted, budget/);
  });

  it('sets search.objective of a supernet search and the objective of a tabular one', () => {
    const search = parseSearchOptions(['--space', 'micro', '--objective', 'budget', '--cost', 'params', '--budget', '1.5M']);
    expect(search.config.search.objective).toEqual({ kind: 'budget', cost: 'params', limit: 1.5e6 });
    expect(parseSearchOptions(['--space', 'micro']).config.search.objective).toEqual({ kind: 'accuracy' });
    const tabular = parseTabularSearchOptions(['--space', 'nb201', '--objective', 'weighted', '--beta', '0.05']);
    expect(tabular.objective).toEqual({ kind: 'weighted', cost: 'params', beta: 0.05 });
  });

  it('measures latency for an objective on it (5 timed runs unless --set says otherwise); a tabular search refuses it', () => {
    const budget = ['--space', 'micro', '--objective', 'budget', '--cost', 'latency', '--budget', '12'];
    const search = parseSearchOptions(budget);
    expect(search.config.search.objective).toEqual({ kind: 'budget', cost: 'latency', limit: 12 });
    expect(search.config.search.latencyRepeats).toBe(5);
    expect(parseSearchOptions([...budget, '--set', 'search.latencyRepeats=9']).config.search.latencyRepeats).toBe(9);
    expect(parseSearchOptions(['--space', 'micro']).config.search.latencyRepeats).toBe(0);
    expect(() => parseTabularSearchOptions(['--space', 'nb201', '--objective', 'budget', '--cost', 'latency', '--budget', '5'])).toThrow(
      /--cost latency: the NAS-Bench-201 tables hold no latency/,
    );
  });
});
