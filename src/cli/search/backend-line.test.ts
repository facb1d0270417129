import { describe, expect, it } from 'vitest';
import { backendLine } from './backend-line';

const ABSENT =
  "@tensorflow/tfjs-node-gpu did not load: Cannot find module '@tensorflow/tfjs-node-gpu' imported from " +
  '/home/someone/projects/enas-workbench/src/trainer/backends/select-backend.ts with a very long require stack that goes on '.repeat(3);

describe('the backend line of enas search', () => {
  const message = {
    type: 'backend-selected' as const,
    backend: 'wasm' as const,
    reasons: { tensorflow: ABSENT, webgpu: 'only a software adapter (SwiftShader): it emulates a GPU on the CPU and is far slower than wasm', wasm: 'selected', cpu: 'not tried: a better backend was selected' },
    versions: {},
  };

  it('says in one short line that an absent backend is not installed', () => {
    const line = backendLine(3, message, false);
    expect(line).toBe('run 3: backend wasm (tensorflow: not installed; webgpu: only a software (CPU-emulated) adapter; details with --verbose)\n');
    expect(line.length).toBeLessThan(140);
  });

  it('prints every reason in full with --verbose', () => {
    const line = backendLine(3, message, true);
    expect(line).toContain(ABSENT);
    expect(line).toContain('cpu: not tried');
  });
});
