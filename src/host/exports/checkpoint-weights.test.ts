import { describe, expect, it } from 'vitest';
import { encodeCheckpoint } from '../../shared/checkpoint-codec';
import { readCheckpointWeights } from './checkpoint-weights';

const w = (values: number[]) => ({ shape: [values.length], values: Float32Array.from(values) });

function searchCheckpoint(strategy: Record<string, unknown>): Uint8Array {
  return encodeCheckpoint({ kind: 'search', state: { task: { weights: { 'stem/w': w([1, 2]) } }, strategy } });
}

describe('readCheckpointWeights', () => {
  it.each(['enas', 'enas-memory'])('exports the %s controller under controller/ beside the supernet weights', async (name) => {
    const bytes = searchCheckpoint({ strategy: name, controller: { weights: { g_emb: w([3]) } }, memory: { entries: [], prng: [1, 2, 3, 4] } });
    const names = (await readCheckpointWeights(bytes)).map((t) => t.name);
    expect(names).toEqual(['stem/w', 'controller/g_emb']);
  });

  it('exports no controller for a strategy without one', async () => {
    const bytes = searchCheckpoint({ strategy: 'random-ws', step: 0, prng: [1, 2, 3, 4] });
    expect((await readCheckpointWeights(bytes)).map((t) => t.name)).toEqual(['stem/w']);
  });
});
