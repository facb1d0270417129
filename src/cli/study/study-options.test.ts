import { describe, expect, it } from 'vitest';
import { parseStudyOptions, STUDY_USAGE } from './study-options';

const strategies = (args: string[]) => parseStudyOptions(args, '/home/me').spec.strategies;

describe('enas study --strategies', () => {
  it('takes any search strategy of the engine and random, in the order given', () => {
    expect(strategies(['--strategies', 'enas,enas-memory'])).toEqual(['enas', 'enas-memory']);
    expect(strategies(['--strategies', 'parsec, random-ws,enas-memory,random,enas'])).toEqual(['parsec', 'random-ws', 'enas-memory', 'random', 'enas']);
  });

  it('compares enas with both random baselines when none are named', () => {
    expect(strategies([])).toEqual(['enas', 'random-ws', 'random']);
  });

  it('refuses an unknown or repeated name, naming every strategy it takes', () => {
    expect(() => strategies(['--strategies', 'enas,darts'])).toThrow(
      'CLI_USAGE: --strategies takes a comma-separated list of enas, enas-memory, parsec, random-ws, random, got "enas,darts"',
    );
    expect(() => strategies(['--strategies', 'parsec,parsec'])).toThrow(/names a strategy twice/);
    expect(STUDY_USAGE).toContain('LIST: comma-separated, of enas, enas-memory, parsec, random-ws, random (default enas,random-ws,random)');
  });
});
