import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile, importsOf } from './layer-rules';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|vue)$/.test(entry.name) ? [path] : [];
  });
}

/** The script blocks of a .vue single-file component; the template imports nothing. */
function scriptOf(path: string, text: string): string {
  if (!path.endsWith('.vue')) return text;
  return [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

describe('layer rules of docs/architecture.md §4', () => {
  it('holds for every file under src/', () => {
    const violations = sourceFiles(join(root, 'src')).flatMap((path) => {
      const repoPath = relative(root, path).split(sep).join('/');
      return checkFile(repoPath, scriptOf(path, readFileSync(path, 'utf8')));
    });
    expect(violations).toEqual([]);
  });

  it('rejects core importing node: or electron', () => {
    const found = checkFile('src/core/x.ts', "import fs from 'node:fs';\nimport { app } from 'electron';");
    expect(found.map((v) => v.specifier)).toEqual(['node:fs', 'electron']);
  });

  it('rejects the renderer importing core or the store, even as a type', () => {
    const found = checkFile(
      'src/renderer/views/x.ts',
      "import type { Store } from '../../store/store';\nimport { a } from '../../core/controller/lstm';",
    );
    expect(found.map((v) => v.rule)).toEqual(['renderer may not import store', 'renderer may not import core/spaces']);
  });

  it('lets the host import the search spaces (pure, no tfjs) but keeps tfjs out of them', () => {
    expect(checkFile('src/host/studies/plan.ts', "import { createSearchSpace } from '../../core/spaces';")).toEqual([]);
    expect(checkFile('src/core/spaces/micro-space.ts', "import * as tf from '@tensorflow/tfjs-core';")).toHaveLength(1);
    expect(checkFile('src/core/spaces/micro-space.ts', "import { x } from '../child/supernet';")).toHaveLength(1);
  });

  it('rejects tfjs inside core/data, so the host can import the parsers without loading tfjs', () => {
    expect(checkFile('src/core/data/idx.ts', "import * as tf from '@tensorflow/tfjs-core';")).toHaveLength(1);
    expect(checkFile('src/host/import.ts', "import { parseIdx } from '../core/data/idx';")).toEqual([]);
    expect(checkFile('src/host/import.ts', "import { x } from '../core/controller/controller';")).toHaveLength(1);
  });

  it('lets main name the trainer entry by path (?modulePath) but never import it', () => {
    expect(checkFile('src/main/index.ts', "import trainer from '../trainer/main?modulePath';")).toEqual([]);
    expect(checkFile('src/main/index.ts', "import { runJob } from '../trainer/run-job';")).toHaveLength(1);
    expect(checkFile('src/server/x.ts', "import trainer from '../trainer/main?modulePath';")).toHaveLength(1);
  });

  it('sees dynamic imports and re-exports', () => {
    expect(importsOf("export * from './a';\nconst m = await import('electron');")).toEqual(['./a', 'electron']);
  });

  it('lets a test file use its runner and backends but not a forbidden layer', () => {
    expect(checkFile('src/core/x.test.ts', "import { it } from 'vitest';\nimport '@tensorflow/tfjs-backend-cpu';")).toEqual([]);
    expect(checkFile('src/core/x.test.ts', "import { openStore } from '../store/store';")).toHaveLength(1);
  });
});
