import { describe, expect, it } from 'vitest';
import { describeArc } from './describe-arc';
import { createMacroSpace } from './macro-space';
import { createMicroSpace } from './micro-space';
import { createRnnSpace } from './rnn-space';

describe('describeArc', () => {
  it('names each macro layer\'s op and the layers it takes skips from', () => {
    const space = createMacroSpace({ space: 'macro', numLayers: 3, numBranches: 6 });
    expect(describeArc(space.parse('5 4 1 2 1 1'))).toBe('macro 0: max3x3; 1: avg3x3 + skip(stem); 2: conv5x5 + skip(stem, 0)');
  });

  it('writes each micro node as a sum of two ops and concatenates the nodes nobody reads', () => {
    const space = createMicroSpace({ space: 'micro', numNodes: 2, numBranches: 5 });
    // Normal: node 2 reads 0 twice, node 3 reads 0 and 2: inputs 1 and node 3 are loose ends.
    // Reduction: node 2 reads 0 and 1, node 3 reads 2 and 2: only node 3 is a loose end.
    expect(describeArc(space.parse('0 2 0 4 0 0 2 1 0 3 1 3 2 4 2 4'))).toBe(
      'micro normal: 2 = avg3x3(0) + identity(0); 3 = sep3x3(0) + sep5x5(2); out = concat(1, 3)' +
        ' | reduction: 2 = max3x3(0) + max3x3(1); 3 = identity(2) + identity(2); out = concat(3)',
    );
  });

  it('writes the recurrent cell node by node and averages its loose ends', () => {
    const space = createRnnSpace({ space: 'rnn', numNodes: 4, numActivations: 4 });
    expect(describeArc(space.parse('0 0 1 0 3 1 2'))).toBe(
      'rnn 0 = tanh(x, h); 1 = relu(0); 2 = sigmoid(0); 3 = identity(1); out = avg(2, 3)',
    );
  });
});
