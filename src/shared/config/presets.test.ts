import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATASET, resolvePreset } from './presets';
import type { PresetRequest } from './presets';
import { PRESET_NAMES, runConfigSchema } from './run';
import type { RunConfig } from './run';

const SPACES = ['micro', 'macro', 'rnn', 'nb201'] as const;
const STRATEGIES = ['enas', 'random-ws'] as const;
const REPRODUCTIONS = ['official-scripts', 'paper'] as const;
const DOC = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'presets.md'), 'utf8');

/** The paper preset has no nb201 values (the ENAS paper predates the benchmark): it is refused. */
const isRefused = (preset: string, space: string): boolean => preset === 'paper' && space === 'nb201';

/** Every combination a user can pick and get a config for. */
const combinations = PRESET_NAMES.flatMap((preset) =>
  SPACES.filter((space) => !isRefused(preset, space)).flatMap((space) =>
    STRATEGIES.map((strategy): PresetRequest => ({ preset, space, strategy })),
  ),
);

/** Every hyperparameter of a resolved enas config under the dotted name the doc tables use. */
function leaves(config: RunConfig): Map<string, unknown> {
  if (config.strategy.strategy !== 'enas') throw new Error('the doc lists the enas controller: resolve with enas');
  const out = new Map<string, unknown>();
  const walk = (prefix: string, value: object): void => {
    for (const [key, v] of Object.entries(value)) {
      // The `space` discriminators name the table, not a hyperparameter.
      if (key === 'space' && typeof v === 'string') continue;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) walk(`${prefix}${key}.`, v);
      else out.set(`${prefix}${key}`, v);
    }
  };
  const { space, child, search, retrain } = config;
  walk('', { space, strategy: { controller: config.strategy.controller }, child, search, retrain });
  return out;
}

/** A value cell of the doc: one literal in backticks (number, fraction a/b, null, true, false). */
function parseValue(cell: string, where: string): unknown {
  const literal = /^`([^`]+)`$/.exec(cell)?.[1];
  if (literal === undefined) throw new Error(`${where}: expected one literal in backticks, got "${cell}"`);
  if (literal === 'null') return null;
  if (literal === 'true' || literal === 'false') return literal === 'true';
  // A name of an enumerated option, e.g. `kingma-ba`.
  if (/^[a-z][a-z0-9-]*$/.test(literal)) return literal;
  const number = (text: string): number => {
    if (!/^-?\d+(\.\d+)?(e-?\d+)?$/.test(text)) throw new Error(`${where}: "${literal}" is not a number or a/b`);
    return Number(text);
  };
  const [numerator, denominator, ...rest] = literal.split('/');
  if (rest.length > 0 || numerator === undefined) throw new Error(`${where}: "${literal}" has more than one "/"`);
  return denominator === undefined ? number(numerator) : number(numerator) / number(denominator);
}

/** The rows of the table under the heading `### title`: field name → the cells after it. */
function docTable(doc: string, title: string): Map<string, string[]> {
  const section = doc.split(/^### /m).find((s) => s.startsWith(`${title}\n`));
  if (section === undefined) throw new Error(`docs/presets.md has no "### ${title}" table`);
  const rows = new Map<string, string[]>();
  const lines = section.split('\n').filter((line) => line.startsWith('|'));
  for (const line of lines.slice(2)) {
    const [field, ...cells] = line.split('|').slice(1, -1).map((cell) => cell.trim());
    if (field === undefined || rows.has(field)) throw new Error(`"### ${title}": missing or repeated field in "${line}"`);
    rows.set(field, cells);
  }
  return rows;
}

/** Where a doc table and the code disagree, one line each; empty when they match. */
function mismatches(doc: Map<string, unknown>, code: Map<string, unknown>): string[] {
  const fields = [...new Set([...doc.keys(), ...code.keys()])];
  return fields.flatMap((field) => {
    if (!code.has(field)) return [`${field}: in the doc, not in the config`];
    if (!doc.has(field)) return [`${field}: in the config (${String(code.get(field))}), not in the doc`];
    const [d, c] = [doc.get(field), code.get(field)];
    return Object.is(d, c) ? [] : [`${field}: doc ${String(d)}, code ${String(c)}`];
  });
}

/** The value column of a reproduction's table. */
function documented(preset: string, space: string): Map<string, unknown> {
  const title = `${preset} · ${space}`;
  return new Map([...docTable(DOC, title)].map(([field, cells]) => [field, parseValue(cells[0] ?? '', `${title} ${field}`)]));
}

describe('presets', () => {
  it('resolves every preset, space and strategy to a valid run config of that space', () => {
    for (const request of combinations) {
      const config = resolvePreset(request);
      const label = `${request.preset}/${request.space}/${request.strategy}`;
      expect(runConfigSchema.parse(config), label).toEqual(config);
      expect(config.preset, label).toBe(request.preset);
      expect([config.space.space, config.child.space, config.retrain.child.space], label).toEqual(Array(3).fill(request.space));
      expect(config.strategy.strategy, label).toBe(request.strategy);
      expect([config.dataset, config.seed, config.backend], label).toEqual([DEFAULT_DATASET[request.space], 1, 'auto']);
    }
  });

  it('refuses the paper preset for nb201, saying which presets it has', () => {
    for (const strategy of STRATEGIES) {
      expect(() => resolvePreset({ preset: 'paper', space: 'nb201', strategy })).toThrow(
        /CONFIG_INVALID.*preset paper has no values for the nb201 space.*--preset official-scripts/,
      );
    }
  });

  it('applies the epochs, seed, dataset and backend overrides and changes nothing else', () => {
    for (const request of combinations) {
      const base = resolvePreset(request);
      const custom = resolvePreset({ ...request, epochs: 7, seed: 42, dataset: 'my-corpus', backend: 'cpu' });
      expect(custom).toEqual({ ...base, search: { ...base.search, epochs: 7 }, seed: 42, dataset: 'my-corpus', backend: 'cpu' });
    }
    expect(() => resolvePreset({ preset: 'paper', space: 'micro', strategy: 'enas', epochs: 0 })).toThrow();
    expect(() => resolvePreset({ preset: 'paper', space: 'micro', strategy: 'enas', seed: -1 })).toThrow();
  });

  it("has random-ws score as many architectures per epoch as enas's trainSteps × numAggregate", () => {
    for (const request of combinations.filter((r) => r.strategy === 'enas')) {
      const enas = resolvePreset(request);
      const random = resolvePreset({ ...request, strategy: 'random-ws' });
      if (enas.strategy.strategy !== 'enas') throw new Error('expected an enas strategy');
      const { trainSteps, numAggregate } = enas.strategy.controller;
      expect(random.search.randomScoresPerEpoch, `${request.preset}/${request.space}`).toBe(trainSteps * numAggregate);
      // Only the strategy differs, so the two searches cost the same and their curves compare.
      expect({ ...random, strategy: enas.strategy }).toEqual(enas);
    }
  });

  it('is documented: docs/presets.md lists exactly the resolved value of every paper and official-scripts field', () => {
    for (const preset of REPRODUCTIONS) {
      for (const space of SPACES.filter((s) => !isRefused(preset, s))) {
        const code = leaves(resolvePreset({ preset, space, strategy: 'enas' }));
        expect(mismatches(documented(preset, space), code), `${preset} · ${space}`).toEqual([]);
      }
    }
  });

  it('is documented: the quick table of docs/presets.md holds the current quick values of every space', () => {
    const rows = docTable(DOC, 'quick');
    SPACES.forEach((space, column) => {
      const doc = new Map<string, unknown>();
      for (const [field, cells] of rows) {
        const cell = cells[column] ?? '';
        if (cell !== '—') doc.set(field, parseValue(cell, `quick ${field} (${space})`));
      }
      expect(mismatches(doc, leaves(resolvePreset({ preset: 'quick', space, strategy: 'enas' }))), space).toEqual([]);
    });
  });

  it('notices a doc value, a missing row or an extra row that disagrees with the code', () => {
    const code = leaves(resolvePreset({ preset: 'official-scripts', space: 'micro', strategy: 'enas' }));
    const doc = documented('official-scripts', 'micro');
    doc.set('search.batchSize', 128);
    doc.delete('child.l2Reg');
    doc.set('child.numCells', 5);
    expect(mismatches(doc, code)).toEqual([
      'search.batchSize: doc 128, code 160',
      'child.numCells: in the doc, not in the config',
      'child.l2Reg: in the config (0.0001), not in the doc',
    ]);
    expect(parseValue('`10/35`', 'x')).toBe(10 / 35);
    expect(() => parseValue('0.05', 'x')).toThrow(/backticks/);
    expect(() => parseValue('`about 0.1`', 'x')).toThrow(/not a number/);
    expect(parseValue('`kingma-ba`', 'x')).toBe('kingma-ba');
  });
});
