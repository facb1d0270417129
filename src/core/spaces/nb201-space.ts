/**
 * The NAS-Bench-201 cell space (Dong & Yang, "NAS-Bench-201: Extending the Scope of Reproducible Neural
 * Architecture Search", ICLR 2020, §2.1): a DAG of 4 nodes where node 0 is the cell input, node 3 its
 * output, and every edge j → i (j < i) carries one of 5 ops (NB201_OPS: 0 none, 1 skip_connect,
 * 2 nor_conv_1x1, 3 nor_conv_3x3, 4 avg_pool_3x3). A node sums its incoming edges. 6 edges × 5 ops give the
 * 15,625 cells the benchmark trained, all of them distinct token sequences here (the benchmark keeps
 * isomorphic cells apart too, so every cell has its own table row).
 *
 * Arc: six tokens, one op per edge in the benchmark's own string order 1←0, 2←0, 2←1, 3←0, 3←1, 3←2
 * (NB201_EDGES). Three spellings are read and written: the official-style token string `3 0 3 1 0 1`, the
 * tables' six digits `303101`, and the benchmark's `|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+…|` string
 * (`~j` names the source node of the edge, groups `+`-separated by target node).
 */
import { NB201_OPS, nb201SpaceSchema } from '../../shared/config/space';
import type { Nb201SpaceConfig } from '../../shared/config/space';
import { EnasError } from '../../shared/errors';
import type { TokenSlot } from './arc-tokens';
import { parseArcString } from './arc-tokens';
import { defineSpace } from './define-space';
import { parseSpaceConfig } from './parse-space-config';
import type { SearchSpace } from './search-space';

/** The edges in arc order, as [to, from]: the order of the benchmark's arch strings and table digits. */
export const NB201_EDGES: readonly (readonly [number, number])[] = [
  [1, 0],
  [2, 0],
  [2, 1],
  [3, 0],
  [3, 1],
  [3, 2],
];

export interface Nb201Arc {
  readonly space: 'nb201';
  /** One index into NB201_OPS per edge of NB201_EDGES. */
  readonly ops: readonly number[];
}

export interface Nb201Space extends SearchSpace<Nb201Arc, Nb201SpaceConfig> {
  /** The table's six digits, e.g. `303101`. */
  digits(arc: Nb201Arc): string;
  /** NAS-Bench-201's arch string, e.g. `|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|`. */
  benchmarkString(arc: Nb201Arc): string;
}

const SLOTS: readonly TokenSlot[] = NB201_EDGES.map(([to, from]) => ({
  choices: NB201_OPS.length,
  code: 'ARC_BAD_OP',
  where: `nb201 edge ${to}←${from}`,
  rule: (v: number) => `op ${v} must be < ${NB201_OPS.length} (${NB201_OPS.map((op, i) => `${i} ${op}`).join(', ')})`,
  // none, skip_connect and avg_pool_3x3 have no weights: the search health's collapse measure counts them.
  parameterFree: (v: number) => v === 0 || v === 1 || v === 4,
}));

/** `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|` → op indices in edge order, with errors that name the part. */
function parseBenchmarkString(text: string): number[] {
  const groups = text.trim().split('+');
  if (groups.length !== 3) {
    throw new EnasError(
      'ARC_BAD_LENGTH',
      `nb201 arch string needs 3 '+'-separated node groups (nodes 1, 2, 3), got ${groups.length}`,
    );
  }
  return groups.flatMap((group, g) => {
    const node = g + 1;
    if (!/^\|.*\|$/.test(group)) {
      throw new EnasError('ARC_BAD_TOKEN', `nb201 arch string, node ${node}: "${group}" must start and end with '|'`);
    }
    const edges = group.slice(1, -1).split('|');
    if (edges.length !== node) {
      throw new EnasError('ARC_BAD_LENGTH', `nb201 arch string, node ${node}: needs ${node} edges, got ${edges.length}`);
    }
    return edges.map((edge, from) => {
      const match = /^([a-z0-9_]+)~([0-9]+)$/.exec(edge);
      if (match === null || Number(match[2]) !== from) {
        throw new EnasError(
          'ARC_BAD_TOKEN',
          `nb201 arch string, node ${node}: edge "${edge}" must be "op~${from}" (edges of a node are listed by source 0, 1, …)`,
        );
      }
      const op = (NB201_OPS as readonly string[]).indexOf(match[1] ?? '');
      if (op < 0) {
        throw new EnasError(
          'ARC_BAD_OP',
          `nb201 arch string, edge ${node}←${from}: unknown op "${match[1]}" (ops: ${NB201_OPS.join(', ')})`,
        );
      }
      return op;
    });
  });
}

/**
 * The tokens of any of the three spellings: six digits (`303101`), the benchmark's `|op~j|` string, or
 * whitespace-separated tokens (`3 0 3 1 0 1`). Ranges and length are checked by the space afterwards.
 */
export function parseNb201Tokens(text: unknown): number[] {
  if (typeof text === 'string') {
    const trimmed = text.trim();
    if (trimmed.includes('|')) return parseBenchmarkString(trimmed);
    if (/^[0-9]+$/.test(trimmed)) return [...trimmed].map(Number);
  }
  return parseArcString('nb201', text);
}

export function createNb201Space(config: Nb201SpaceConfig = { space: 'nb201' }): Nb201Space {
  const cfg = parseSpaceConfig(nb201SpaceSchema, config, 'nb201');
  const base = defineSpace<Nb201Arc, Nb201SpaceConfig>({
    config: cfg,
    slots: SLOTS,
    lengthRule: '6 edges',
    fromTokens: (tokens) => ({ space: 'nb201', ops: [...tokens] }),
    toTokens: (arc) => [...arc.ops],
    canonicalTokens: (tokens) => [...tokens],
  });
  const benchmarkString = (arc: Nb201Arc): string => {
    const ops = base.encode(arc);
    const groups = [1, 2, 3].map((to) =>
      NB201_EDGES.flatMap(([t, from], e) => (t === to ? [`${NB201_OPS[ops[e]!]}~${from}`] : [])).join('|'),
    );
    return groups.map((g) => `|${g}|`).join('+');
  };
  return {
    ...base,
    parse: (text) => base.decode(parseNb201Tokens(text)),
    digits: (arc) => base.encode(arc).join(''),
    benchmarkString,
  };
}
