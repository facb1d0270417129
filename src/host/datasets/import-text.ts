/**
 * Import a text corpus for language modelling: a folder in the PTB layout (train.txt, valid.txt,
 * test.txt, or Mikolov's ptb.train.txt names) or one text file cut into train / valid / test by line
 * ratios. Strict UTF-8, a vocabulary built on train with the `<unk>` policy of the options, `<eos>` after
 * every line, token ids written as little-endian uint32 (see src/shared/dataset.ts).
 */
import { lstat, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { dataError } from '../../core/data/data-error';
import { EOS, UNK, buildVocabulary, encodeSplit, splitByRatio, tokenizeLines } from '../../core/data/text-corpus';
import type { EncodedSplit } from '../../core/data/text-corpus';
import { decodeTextLines, lineLengthGuard } from '../../core/data/utf8-lines';
import type { TextManifest } from '../../shared/dataset';
import { writeManifest } from './import-context';
import type { Converted, ImportContext } from './import-context';
import { unreadable } from './file-errors';
import { openSource, readContent } from './source-file';

const SPLIT_FILES = {
  train: ['train.txt', 'ptb.train.txt'],
  valid: ['valid.txt', 'ptb.valid.txt'],
  test: ['test.txt', 'ptb.test.txt'],
} as const;

type SplitName = keyof typeof SPLIT_FILES;
const SPLITS: readonly SplitName[] = ['train', 'valid', 'test'];

/** True when a folder listing looks like the PTB layout. */
export function looksLikeText(names: readonly string[]): boolean {
  return SPLIT_FILES.train.some((n) => names.includes(n));
}

async function readWords(ctx: ImportContext, path: string, name: string): Promise<string[][]> {
  const src = await openSource(path, name, ctx.limits);
  const inspect = lineLengthGuard(name, ctx.limits.maxLineBytes);
  const { bytes } = await readContent(src, ctx.limits, { onProgress: ctx.onProgress, inspect });
  return tokenizeLines(decodeTextLines(bytes, name, ctx.limits.maxLineBytes));
}

function littleEndian(ids: Uint32Array): Uint8Array {
  const out = new Uint8Array(ids.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < ids.length; i++) view.setUint32(4 * i, ids[i]!, true);
  return out;
}

function preview(train: EncodedSplit, vocabulary: readonly string[]): Converted['preview'] {
  const counts = new Array<number>(vocabulary.length).fill(0);
  for (const id of train.ids) counts[id]! += 1;
  const topWords = vocabulary
    .map((w, id) => [w, counts[id]!] as [string, number])
    .filter(([w]) => w !== EOS && w !== UNK)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10);
  const words: string[] = [];
  let lines = 0;
  for (const id of train.ids) {
    if (lines === 3 || words.length >= 60) break;
    const word = vocabulary[id]!;
    if (word === EOS) {
      lines += 1;
      words.push('\n');
    } else {
      words.push(word);
    }
  }
  return { kind: 'text', sample: words.join(' ').replace(/ ?\n ?/g, '\n').trim(), topWords };
}

export async function importText(ctx: ImportContext): Promise<Converted> {
  const st = await stat(ctx.root).catch(async (err: unknown) => {
    throw await unreadable(err, ctx.root, ctx.rootName);
  });
  let words: Record<SplitName, string[][]>;
  let fileOf: Record<SplitName, string>;
  let validation: TextManifest['validation'];
  if (st.isDirectory()) {
    const found = {} as Record<SplitName, string>;
    for (const split of SPLITS) {
      // lstat: a dangling symlink is present (and then refused as unreadable), not missing.
      const present = await Promise.all(SPLIT_FILES[split].map((n) => lstat(join(ctx.root, n)).then(() => n, () => undefined)));
      const name = present.find((n) => n !== undefined);
      if (!name) {
        throw dataError('DATASET_MISSING_FILE', ctx.rootName, `has no ${SPLIT_FILES[split].join(' or ')}; the PTB layout needs train.txt, valid.txt and test.txt`);
      }
      found[split] = name;
    }
    fileOf = found;
    words = {
      train: await readWords(ctx, join(ctx.root, found.train), found.train),
      valid: await readWords(ctx, join(ctx.root, found.valid), found.valid),
      test: await readWords(ctx, join(ctx.root, found.test), found.test),
    };
    validation = { from: 'source' };
  } else {
    const all = await readWords(ctx, ctx.root, ctx.rootName);
    const [train, valid, test] = splitByRatio(all, ctx.options.splitRatios, ctx.rootName);
    words = { train, valid, test };
    fileOf = { train: ctx.rootName, valid: ctx.rootName, test: ctx.rootName };
    validation = { from: 'ratio', ratios: ctx.options.splitRatios };
  }
  for (const split of SPLITS) {
    if (words[split].length === 0) throw dataError('TEXT_EMPTY', fileOf[split], `the ${split} split has no words`);
  }
  const vocabulary = buildVocabulary(words.train, ctx.options);
  let bytes = 0;
  const splits = {} as TextManifest['splits'];
  const encoded = {} as Record<SplitName, EncodedSplit>;
  for (const split of SPLITS) {
    encoded[split] = encodeSplit(words[split], vocabulary);
    const file = `${split}.tokens.u32`;
    bytes += await ctx.staging.writeFile(file, littleEndian(encoded[split].ids));
    const { ids, lines, unknown } = encoded[split];
    splits[split] = { tokens: ids.length, lines, unknown, file };
  }
  bytes += await ctx.staging.writeFile('vocab.json', new TextEncoder().encode(`${JSON.stringify(vocabulary)}\n`));
  const manifest: TextManifest = {
    format: 'enas-dataset',
    version: 1,
    kind: 'text',
    name: ctx.name,
    source: { format: 'text', path: ctx.rootName },
    validation,
    vocab: 'vocab.json',
    vocabSize: vocabulary.length,
    eos: EOS,
    unk: UNK,
    splits,
  };
  bytes += await writeManifest(ctx, manifest);
  return { manifest, preview: preview(encoded.train, vocabulary), skipped: [], skippedTotal: 0, bytes };
}
