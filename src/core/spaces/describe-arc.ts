/**
 * One-line descriptions of architectures for logs and tooltips, in the op names of the shared config
 * (MACRO_OPS, MICRO_OPS, RNN_ACTIVATIONS). They also spell out the outputs the official code builds from
 * the loose ends: concatenated in a micro cell (micro_child.py), averaged in the recurrent cell
 * (ptb_enas_child.py).
 */
import { MACRO_OPS, MICRO_OPS, RNN_ACTIVATIONS } from '../../shared/config/space';
import type { MacroArc } from './macro-space';
import type { MicroArc, MicroCell } from './micro-space';
import type { RnnArc } from './rnn-space';

function nameOf(names: readonly string[], index: number): string {
  return names[index] ?? `op#${index}`;
}

/** Graph nodes no other node reads, in order, starting at `first`. */
function looseEnds(count: number, first: number, read: readonly number[]): number[] {
  const used = new Set(read);
  return Array.from({ length: count }, (_, i) => first + i).filter((node) => !used.has(node));
}

function describeCell(cell: MicroCell): string {
  const nodes = cell.nodes.map((node, k) => {
    const branch = (b: 0 | 1) => `${nameOf(MICRO_OPS, node.ops[b])}(${node.inputs[b]})`;
    return `${k + 2} = ${branch(0)} + ${branch(1)}`;
  });
  const read = cell.nodes.flatMap((node) => [...node.inputs]);
  // As in the official cell (micro_child.py, `_fixed_combine` and `_enas_layer`), an unread cell input
  // 0 or 1 is part of the output too.
  return `${nodes.join('; ')}; out = concat(${looseEnds(cell.nodes.length + 2, 0, read).join(', ')})`;
}

/** e.g. `micro normal: 2 = avg3x3(0) + sep3x3(0); …; out = concat(3, 5) | reduction: …`. */
export function describeArc(arc: MacroArc | MicroArc | RnnArc): string {
  switch (arc.space) {
    case 'macro':
      return `macro ${arc.layers
        .map((layer, i) => {
          // Skip bit j reads node j: the stem for j = 0, layer j − 1 otherwise (macro-space.ts).
          const skips = layer.skips.flatMap((bit, j) => (bit === 1 ? [j === 0 ? 'stem' : String(j - 1)] : []));
          return `${i}: ${nameOf(MACRO_OPS, layer.op)}${skips.length > 0 ? ` + skip(${skips.join(', ')})` : ''}`;
        })
        .join('; ')}`;
    case 'micro':
      return `micro normal: ${describeCell(arc.normal)} | reduction: ${describeCell(arc.reduction)}`;
    case 'rnn': {
      const nodes = arc.nodes.map(
        (node, k) => `${k} = ${nameOf(RNN_ACTIVATIONS, node.activation)}(${k === 0 ? 'x, h' : node.prev})`,
      );
      const read = arc.nodes.slice(1).map((node) => node.prev);
      return `rnn ${nodes.join('; ')}; out = avg(${looseEnds(arc.nodes.length, 0, read).join(', ')})`;
    }
  }
}
