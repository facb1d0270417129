/**
 * The import rules of docs/architecture.md §4, checked by machine. Each source folder under src/ is a layer; a layer
 * may import only the layers and external packages listed here. `core/data`, `core/random` and `core/spaces`
 * are layers of their own: the dataset parsers, the seeded PRNG and the search spaces are pure TypeScript
 * without tfjs, so the host may import them without loading tfjs in main (a study draws the uniform
 * architectures of its `random` strategy in the host; the host checks a retrain's arc before it creates the run).
 */
import ts from 'typescript';
import { posix } from 'node:path';

export type Layer =
  | 'shared'
  | 'io'
  | 'core'
  | 'core/data'
  | 'core/random'
  | 'core/spaces'
  | 'core/benchmark'
  | 'core/analysis'
  | 'trainer'
  | 'store'
  | 'host'
  | 'main'
  | 'preload'
  | 'server'
  | 'cli'
  | 'renderer';

interface LayerRule {
  layers: readonly Layer[];
  /** External packages allowed, by exact name or `prefix*`. */
  packages: readonly string[];
  /**
   * Layers whose entry this layer may name by path (electron-vite's `?modulePath` import): the entry is
   * bundled separately and forked as its own process, nothing of it loads into this one.
   */
  modulePaths?: readonly Layer[];
}

const NODE = ['node:*'];
/** zod is the contract library: any layer may parse what it receives with it. */
const ZOD = ['zod'];

export const LAYER_RULES: Record<Layer, LayerRule> = {
  shared: { layers: ['shared'], packages: ['zod'] },
  /** Node-only file primitives shared by every process that writes files (the durable write). */
  io: { layers: ['io'], packages: [...NODE] },
  'core/random': { layers: ['core/random'], packages: [] },
  'core/data': { layers: ['core/data', 'core/random', 'shared'], packages: [...ZOD] },
  'core/spaces': { layers: ['core/spaces', 'core/random', 'shared'], packages: [...ZOD] },
  /** The controller analysis: pure arithmetic on stored hidden states, so the host computes it for a query. */
  'core/analysis': { layers: ['core/analysis', 'core/random', 'shared'], packages: [] },
  core: { layers: ['core', 'core/data', 'core/random', 'core/spaces', 'core/analysis', 'shared'], packages: [...ZOD, '@tensorflow/tfjs-core'] },
  /** NAS-Bench-201 tables and the tabular search: table files are pure, the tabular strategies use core's. */
  'core/benchmark': { layers: ['core/benchmark', 'core', 'core/spaces', 'core/random', 'core/analysis', 'shared'], packages: [...ZOD, '@tensorflow/tfjs-core'] },
  trainer: {
    layers: ['trainer', 'io', 'core', 'core/data', 'core/random', 'core/spaces', 'shared'],
    packages: [...NODE, ...ZOD, '@tensorflow/*', 'webgpu'],
  },
  store: { layers: ['store', 'io', 'shared'], packages: [...NODE, ...ZOD, 'better-sqlite3'] },
  host: { layers: ['host', 'io', 'store', 'core/data', 'core/random', 'core/spaces', 'core/benchmark', 'core/analysis', 'shared'], packages: [...NODE, ...ZOD, 'pngjs', 'jpeg-js'] },
  /** main runs `enas serve`'s API socket for the CLI's hand-off (src/server/handoff-endpoint.ts), not its pages. */
  main: { layers: ['main', 'io', 'host', 'server', 'shared'], packages: [...NODE, ...ZOD, 'electron'], modulePaths: ['trainer'] },
  preload: { layers: ['preload', 'shared'], packages: [...ZOD, 'electron'] },
  server: { layers: ['server', 'io', 'host', 'shared'], packages: [...NODE, ...ZOD, 'ws'] },
  /**
   * The tabular NAS-Bench-201 search (`enas search --evaluator table`) runs its strategies in the CLI process:
   * a query is a table lookup, and a trainer process per seed would cost more than the search itself.
   */
  cli: {
    layers: ['cli', 'io', 'host', 'server', 'core/benchmark', 'core/spaces', 'core', 'trainer', 'shared'],
    packages: [...NODE, ...ZOD, '@tensorflow/*'],
  },
  renderer: { layers: ['renderer', 'shared'], packages: [...ZOD, 'vue', 'pinia', 'echarts', 'echarts/*', 'vue-echarts', 'elkjs*', '@dagrejs/*'] },
};

/** Packages a test file may use on top of its layer's rule (test runners, backends, fixtures on disk). */
const TEST_PACKAGES = ['vitest', 'fast-check', '@tensorflow/*', ...NODE];

/** The layer of a path relative to the repository root, or undefined outside src/. */
export function layerOf(repoPath: string): Layer | undefined {
  const parts = repoPath.split('/');
  if (parts[0] !== 'src' || parts.length < 3) return undefined;
  if (parts[1] === 'core' && ['data', 'random', 'spaces', 'benchmark', 'analysis'].includes(parts[2] ?? '')) return `core/${parts[2]}` as Layer;
  const layer = parts[1] as Layer;
  return layer in LAYER_RULES ? layer : undefined;
}

function packageName(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function allowedPackage(specifier: string, patterns: readonly string[]): boolean {
  const name = packageName(specifier);
  return patterns.some((p) =>
    p.endsWith('*') ? specifier.startsWith(p.slice(0, -1)) || name.startsWith(p.slice(0, -1)) : p === name,
  );
}

/** Module specifiers a source text imports, including `import type`, re-exports and dynamic imports. */
export function importsOf(sourceText: string): string[] {
  return ts.preProcessFile(sourceText, true, true).importedFiles.map((f) => f.fileName);
}

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

/** Violations of the layer rules by one file (path relative to the repository root, posix separators). */
export function checkFile(repoPath: string, sourceText: string): Violation[] {
  const layer = layerOf(repoPath);
  if (!layer) return [];
  const rule = LAYER_RULES[layer];
  const isTest = /\.test\.ts$/.test(repoPath);
  const violations: Violation[] = [];
  for (const specifier of importsOf(sourceText)) {
    if (specifier.startsWith('.')) {
      const byPath = specifier.endsWith('?modulePath');
      const target = posix.normalize(posix.join(posix.dirname(repoPath), specifier.replace(/\?modulePath$/, '')));
      const targetLayer = layerOf(target);
      if (!targetLayer) {
        violations.push({ file: repoPath, specifier, rule: `${layer} may not import outside src/` });
      } else if (byPath && (rule.modulePaths ?? []).includes(targetLayer)) {
        continue;
      } else if (!rule.layers.includes(targetLayer)) {
        violations.push({ file: repoPath, specifier, rule: `${layer} may not import ${targetLayer}` });
      }
    } else if (!allowedPackage(specifier, isTest ? [...rule.packages, ...TEST_PACKAGES] : rule.packages)) {
      violations.push({ file: repoPath, specifier, rule: `${layer} may not import package ${packageName(specifier)}` });
    }
  }
  return violations;
}
