/**
 * Import a folder of images with one sub-folder per class (torchvision's ImageFolder layout), PNG or
 * JPEG, resized to a square size (and the resizing reported: from which sizes, how many images). A bad file does not sink the import: it goes into a skip report with
 * its reason (not an image, undecodable, too large, unreadable, a symlink leading outside the dropped
 * folder), and the import is refused only when fewer than two classes have images.
 *
 * Images are decoded one at a time and appended to a staging file, then split into train / valid in a
 * second pass over that file, so memory holds one image, never the folder.
 */
import type { Dirent } from 'node:fs';
import { open, readFile, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { dataError, toDatasetIssue } from '../../core/data/data-error';
import { resizeImage } from '../../core/data/image-resize';
import type { DatasetIssue } from '../../shared/dataset';
import { createResizeTally } from '../../shared/image-resize-report';
import { decodeImage } from './image-decode';
import { ImageSplitOutput, routeImages } from './image-output';
import { finishImageDataset, trainValidationMask } from './import-context';
import type { Converted, ImportContext } from './import-context';
import { unreadable } from './file-errors';

const MAX_DEPTH = 8;
const MAX_CLASSES = 256;

interface Candidate {
  path: string;
  /** Path relative to the dropped folder, '/'-separated. */
  name: string;
  label: number;
}

/**
 * What was left out and why. `total` counts skipped files only (what "N files skipped" means to the user);
 * a class folder left out for having no usable image is listed with its reason but is not a file.
 */
class SkipReport {
  readonly issues: DatasetIssue[] = [];
  total = 0;
  private readonly byCode = new Map<string, { count: number; first: string }>();

  constructor(private readonly max: number) {}

  add(issue: DatasetIssue, kind: 'file' | 'class folder' = 'file'): void {
    if (kind === 'file') {
      this.total += 1;
      const seen = this.byCode.get(issue.code);
      if (seen === undefined) this.byCode.set(issue.code, { count: 1, first: issue.message });
      else seen.count += 1;
    }
    if (this.issues.length < this.max) this.issues.push(issue);
  }

  /** Why files were skipped, most common reason first with its first message: `2 files skipped: 2 IMAGE_TOO_LARGE (…)`. */
  reasons(): string {
    if (this.total === 0) return 'no file was skipped';
    const codes = [...this.byCode.entries()].sort((a, b) => b[1].count - a[1].count);
    const parts = codes.map(([code, { count, first }], i) => (i === 0 ? `${count} ${code} (first: ${first})` : `${count} ${code}`));
    return `${this.total} file${this.total === 1 ? '' : 's'} skipped: ${parts.join(', ')}`;
  }
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

/**
 * Where a directory entry really leads: the real path and its stats. A symlink must resolve inside the
 * dropped folder (DATASET_SYMLINK_OUTSIDE otherwise), and must not dangle.
 */
async function resolveEntry(rootReal: string, path: string, name: string, entry: Dirent) {
  let real = path;
  if (entry.isSymbolicLink()) {
    // The link text first: a link that points outside is refused even when its target is missing.
    const lexical = resolve(dirname(path), await readlink(path).catch(() => '.'));
    if (!inside(rootReal, lexical)) {
      throw dataError('DATASET_SYMLINK_OUTSIDE', name, `is a symbolic link to ${lexical}, outside the dropped folder; not followed`);
    }
    try {
      real = await realpath(path);
    } catch (err) {
      throw await unreadable(err, path, name);
    }
    if (!inside(rootReal, real)) {
      throw dataError('DATASET_SYMLINK_OUTSIDE', name, `is a symbolic link to ${real}, outside the dropped folder; not followed`);
    }
  }
  try {
    return { real, stats: await stat(real) };
  } catch (err) {
    throw await unreadable(err, path, name);
  }
}

async function sortedEntries(dir: string, name: string): Promise<Dirent[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (err) {
    throw await unreadable(err, dir, name);
  }
}

/** Every file under a class folder, depth-first in name order; each real folder is visited once. */
async function walk(
  rootReal: string,
  dir: string,
  label: number,
  depth: number,
  visited: Set<string>,
  skips: SkipReport,
  out: Candidate[],
): Promise<void> {
  const dirName = relative(rootReal, dir).split(sep).join('/');
  for (const entry of await sortedEntries(dir, dirName)) {
    const path = join(dir, entry.name);
    const name = dirName === '' ? entry.name : `${dirName}/${entry.name}`;
    try {
      const { real, stats } = await resolveEntry(rootReal, path, name, entry);
      if (stats.isDirectory()) {
        if (depth < MAX_DEPTH && !visited.has(real)) {
          visited.add(real);
          await walk(rootReal, path, label, depth + 1, visited, skips, out);
        }
      } else if (stats.isFile()) {
        out.push({ path: real, name, label });
      } else {
        throw dataError('DATASET_UNREADABLE', name, 'is not a regular file (a pipe, socket or device)');
      }
    } catch (err) {
      const issue = toDatasetIssue(err);
      if (!issue) throw err;
      skips.add(issue);
    }
  }
}

/** Read, decode and resize one candidate; throws a dataset error to be put in the skip report. */
async function loadImage(ctx: ImportContext, c: Candidate, sizes: ReturnType<typeof createResizeTally>): Promise<Uint8Array> {
  const st = await stat(c.path).catch(async (err: unknown) => {
    throw await unreadable(err, c.path, c.name);
  });
  if (st.size === 0) throw dataError('DATASET_EMPTY_FILE', c.name, 'the file is empty (0 bytes)');
  if (st.size > ctx.limits.maxImageFileBytes) {
    throw dataError('DATASET_TOO_LARGE', c.name, `is ${st.size} bytes, over the ${ctx.limits.maxImageFileBytes}-byte cap for one image`);
  }
  const bytes = await readFile(c.path).catch(async (err: unknown) => {
    throw await unreadable(err, c.path, c.name);
  });
  const image = decodeImage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), c.name, ctx.limits);
  const pixels = resizeImage(image, ctx.options.imageSize, ctx.options.channels);
  sizes.add(image.width, image.height);
  return pixels;
}

export async function importImageFolder(ctx: ImportContext): Promise<Converted> {
  const skips = new SkipReport(ctx.limits.maxSkipReport);
  const rootReal = await realpath(ctx.root).catch(async (err: unknown) => {
    throw await unreadable(err, ctx.root, ctx.rootName);
  });
  if (!(await stat(rootReal)).isDirectory()) {
    throw dataError('DATASET_UNREADABLE', ctx.rootName, 'is not a folder; an image dataset is a folder with one sub-folder per class');
  }
  const classDirs: { name: string; real: string }[] = [];
  for (const entry of await sortedEntries(rootReal, ctx.rootName)) {
    try {
      const { real, stats } = await resolveEntry(rootReal, join(rootReal, entry.name), entry.name, entry);
      if (stats.isDirectory()) classDirs.push({ name: entry.name, real });
      else throw dataError('IMAGE_NOT_IMAGE', entry.name, 'is not inside a class folder (put images in one sub-folder per class)');
    } catch (err) {
      const issue = toDatasetIssue(err);
      if (!issue) throw err;
      skips.add(issue);
    }
  }
  if (classDirs.length > MAX_CLASSES) {
    throw dataError('IMAGE_TOO_MANY_CLASSES', ctx.rootName, `has ${classDirs.length} class folders, at most ${MAX_CLASSES} are supported`);
  }
  const candidates: Candidate[] = [];
  const visited = new Set(classDirs.map((d) => d.real));
  for (const [label, dir] of classDirs.entries()) {
    await walk(rootReal, join(rootReal, dir.name), label, 1, visited, skips, candidates);
  }
  if (candidates.length > ctx.limits.maxImages) {
    throw dataError('DATASET_TOO_LARGE', ctx.rootName, `holds ${candidates.length} files, over the ${ctx.limits.maxImages}-image cap`);
  }

  const { imageSize: size, channels } = ctx.options;
  const imageBytes = size * size * channels;
  const all = await ctx.staging.file('all.images.tmp');
  const labels: number[] = [];
  const sizes = createResizeTally({ width: size, height: size });
  for (const [i, c] of candidates.entries()) {
    try {
      await all.write(await loadImage(ctx, c, sizes));
      labels.push(c.label);
    } catch (err) {
      const issue = toDatasetIssue(err);
      if (!issue || issue.code === 'DATASET_WRITE_FAILED') throw err;
      skips.add(issue);
    }
    ctx.onProgress({ file: c.name, done: i + 1, total: candidates.length, unit: 'files' });
  }
  await ctx.staging.close(all);

  // Classes are the folders that gave at least one image; labels are renumbered over those.
  const perClass = new Array<number>(classDirs.length).fill(0);
  for (const l of labels) perClass[l]! += 1;
  for (const [k, dir] of classDirs.entries()) {
    if (perClass[k] === 0) {
      skips.add({ file: dir.name, code: 'IMAGE_NO_IMAGES', message: `IMAGE_NO_IMAGES: ${dir.name}: no usable image in this class folder; class left out` }, 'class folder');
    }
  }
  const kept = classDirs.map((d, k) => ({ ...d, k })).filter(({ k }) => perClass[k]! > 0);
  if (classDirs.length === 0) {
    throw dataError('IMAGE_NO_IMAGES', ctx.rootName, 'has no class sub-folders; put the images of each class in a sub-folder named after it');
  }
  if (labels.length === 0) {
    throw dataError('IMAGE_NO_IMAGES', ctx.rootName, `no usable PNG or JPEG image in ${classDirs.length} class folders (${skips.reasons()})`);
  }
  if (kept.length < 2) {
    throw dataError('IMAGE_TOO_FEW_CLASSES', ctx.rootName, `only ${kept.length} class folder has images; a classifier needs at least 2 (${skips.reasons()})`);
  }
  const remap = new Map(kept.map(({ k }, i) => [k, i]));
  const shape = { height: size, width: size, channels };
  const outputs = {
    train: await ImageSplitOutput.open(ctx.staging, 'train', shape, kept.length),
    valid: await ImageSplitOutput.open(ctx.staging, 'valid', shape, kept.length),
    test: undefined,
  };
  const mask = trainValidationMask(ctx, labels.length, ctx.rootName);
  const handle = await open(join(ctx.staging.dir, 'all.images.tmp'), 'r');
  try {
    const chunk = 1024;
    for (let first = 0; first < labels.length; first += chunk) {
      const n = Math.min(chunk, labels.length - first);
      const pixels = new Uint8Array(n * imageBytes);
      await handle.read(pixels, 0, pixels.length, first * imageBytes);
      const chunkLabels = Uint8Array.from(labels.slice(first, first + n), (l) => remap.get(l)!);
      await routeImages({ count: n, ...shape, pixels, labels: chunkLabels }, mask, first, outputs.train, outputs.valid);
    }
  } finally {
    await handle.close();
  }
  await ctx.staging.removeFile('all.images.tmp');
  const resized = sizes.report();
  return finishImageDataset(
    ctx,
    outputs,
    {
      format: 'image-folder',
      classNames: kept.map((d) => d.name),
      shape,
      validation: { from: 'train', seed: ctx.options.seed, count: outputs.valid.count },
      ...(resized === undefined ? {} : { resized }),
    },
    skips.issues,
    skips.total,
  );
}
