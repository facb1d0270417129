/**
 * A search created with `job.retrainBest` (what the UI's New search sends) is followed by the retrain of its
 * best derived architecture, as `enas search` does: a linked child run, started by the host when the search
 * completes. A search without it gets none.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSearchSpace } from '../../src/core/spaces';
import { createPrng } from '../../src/core/random/prng';
import { resolvePreset } from '../../src/shared/config/presets';
import { openHarness } from '../fixtures/fake-trainer-harness';
import type { Harness } from '../fixtures/fake-trainer-harness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

const config = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', dataset: 'tiny', seed: 3, backend: 'cpu' });

function microArc(seed: number): string {
  if (config.space.space !== 'micro') throw new Error('the quick micro preset resolved to another space');
  const space = createSearchSpace(config.space);
  return space.format(space.sampleUniform(createPrng(seed)));
}

describe('the retrain after a search', () => {
  it('retrains the best derived architecture of a search that asked for it, once', async () => {
    const best = microArc(1);
    harness = await openHarness({ behaviour: { steps: 10, derivedArcs: [best, microArc(2)] } });
    const { workbench } = harness;
    const search = await workbench.handlers['runs.create']({ name: 'ui search', config, job: { kind: 'search', retrainBest: true }, tags: [], notes: '' });
    await workbench.handlers['runs.start']({ runId: search.id });
    await harness.waitFor(search.id, ['completed']);
    const deadline = Date.now() + 20_000;
    let child = (await workbench.handlers['runs.list']({})).find((r) => r.parentRunId === search.id);
    while (child === undefined || child.status === 'running' || child.status === 'created') {
      if (Date.now() > deadline) throw new Error(`no finished retrain of run ${search.id}: ${JSON.stringify(child)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      child = (await workbench.handlers['runs.list']({})).find((r) => r.parentRunId === search.id);
    }
    expect(child).toMatchObject({ name: `retrain of run ${search.id}`, config: { job: { kind: 'retrain', arc: best } } });
    expect((await workbench.handlers['runs.list']({})).filter((r) => r.parentRunId === search.id)).toHaveLength(1);
  });

  it('leaves a search without retrainBest alone', async () => {
    harness = await openHarness({ behaviour: { steps: 10, derivedArcs: [microArc(1)] } });
    const { workbench } = harness;
    const search = await harness.createRun('cli-style search');
    await workbench.handlers['runs.start']({ runId: search.id });
    await harness.waitFor(search.id, ['completed']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await workbench.handlers['runs.list']({})).toHaveLength(1);
  });
});
