import { describe, expect, it } from 'vitest';
import { describeHealth } from '../../shared/health';
import { spaceConfigSchema } from '../../shared/config/space';
import { createSearchSpace } from '../spaces/index';
import type { SearchSpace } from '../spaces/search-space';
import { parameterFreeShare, probeChildren, summarizeHealth } from './search-health';
import type { FinalPolicyHealth } from './search-health';

const micro: SearchSpace<unknown> = createSearchSpace(spaceConfigSchema.parse({ space: 'micro', numNodes: 2 }));
const progress = { supernetAccuracy: [{ epoch: 0, mean: 0.3, std: 0.05 }, { epoch: 1, mean: 0.47, std: 0.06 }], initialEntropy: 10 };

function final(policy: number[], uniform: number[], share = 0.3): FinalPolicyHealth {
  return { policyScores: policy, uniformScores: uniform, images: 200, policyEntropies: [6, 8], parameterFreeShare: share };
}

describe('search health', () => {
  it('reports a controller that beats uniform sampling, its entropy drop and no collapse', () => {
    const policy = Array.from({ length: 20 }, (_, i) => 0.5 + 0.01 * (i % 5));
    const uniform = Array.from({ length: 20 }, (_, i) => 0.4 + 0.01 * (i % 5));
    const health = summarizeHealth({ progress, children: 10, images: 250, learnsPolicy: true, final: final(policy, uniform), seed: 1 });
    expect(health.supernetAccuracy.last).toBe(0.47);
    expect(health.controllerVsUniform?.meanDiff).toBeCloseTo(0.1, 12);
    expect(health.controllerVsUniform?.pValue).toBeLessThan(0.001);
    expect(health.entropyDrop).toBeCloseTo(1 - 7 / 10, 12);
    expect(health.collapse).toEqual({ share: 0.3, warning: false });
    const lines = describeHealth(health);
    expect(lines.map((l) => l.level)).toEqual(['ok', 'ok', 'ok']);
    expect(lines[1]?.text).toMatch(/beats uniform sampling: \+0\.100/);
  });

  it('says in plain words when the controller is indistinguishable from uniform, and warns of collapse and weak weights', () => {
    const same = [0.3, 0.35, 0.32, 0.31, 0.33];
    const health = summarizeHealth({
      progress: { ...progress, supernetAccuracy: [{ epoch: 0, mean: 0.2, std: 0.02 }] },
      children: 10,
      images: 250,
      learnsPolicy: true,
      final: final(same, [...same].reverse(), 0.8),
      seed: 1,
    });
    expect(health.controllerVsUniform?.pValue).toBe(1);
    const text = describeHealth(health, 10).map((l) => `${l.level}: ${l.text}`);
    expect(text[0]).toMatch(/^warn: Shared weights are weak: .* 0\.200 .*\(chance 0\.10\)/);
    expect(text[1]).toMatch(/^warn: The controller is indistinguishable from uniform sampling.*cannot say that the controller learned/);
    expect(text.at(-1)).toMatch(/^warn: Collapse: 80%/);
  });

  it('calls an entropy that fell by less than 1% "barely moved", not a fall, and a rise a rise', () => {
    const verdict = (entropies: number[]): string => {
      const health = summarizeHealth({
        progress,
        children: 10,
        images: 250,
        learnsPolicy: true,
        final: { ...final([0.5, 0.6], [0.4, 0.5]), policyEntropies: entropies },
        seed: 1,
      });
      const line = describeHealth(health).find((l) => l.text.startsWith('Policy entropy'));
      return `${line?.level}: ${line?.text}`;
    };
    expect(verdict([9.96, 9.98])).toMatch(/^warn: Policy entropy barely moved \(0\.3% /);
    expect(verdict([8, 8])).toMatch(/^ok: Policy entropy fell by 20\.0%/);
    expect(verdict([12, 12])).toMatch(/^warn: Policy entropy rose by 20\.0%/);
  });

  it('has no controller verdict for random-ws and none before the search ended', () => {
    expect(summarizeHealth({ progress, children: 10, images: 250, learnsPolicy: false, final: final([0.5], [0.4]), seed: 1 }).controllerVsUniform).toBeNull();
    const running = summarizeHealth({ progress, children: 10, images: 250, learnsPolicy: true, final: null, seed: 1 });
    expect([running.controllerVsUniform, running.entropyDrop, running.collapse]).toEqual([null, null, null]);
  });

  it('counts ops without weights per space and draws the same probe children for a seed', () => {
    // micro tokens: index, op, index, op per node; ops ≥ 2 (pooling, identity) have no weights.
    const arc = [0, 0, 1, 4, 0, 2, 2, 1, 0, 3, 1, 3, 2, 0, 0, 1];
    expect(micro.decode(arc)).toBeDefined();
    // ops 0 4 | 2 1 (normal), 3 3 | 0 1 (reduction): 4, 2, 3, 3 have no weights.
    expect(parameterFreeShare(micro, [arc])).toBe(4 / 8);
    expect(probeChildren(micro, 3, 4)).toEqual(probeChildren(micro, 3, 4));
    expect(probeChildren(micro, 3, 4)).not.toEqual(probeChildren(micro, 4, 4));
  });
});
