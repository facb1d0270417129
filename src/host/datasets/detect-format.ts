/**
 * Tell the format of a dropped file or folder from names and layout, so the user does not have to:
 * an MNIST-layout folder, CIFAR batches or archives, a PTB folder or .txt file, or else a folder of
 * class sub-folders. Anything else is DATASET_UNKNOWN_FORMAT with what we looked for.
 */
import { readdir, stat } from 'node:fs/promises';
import { dataError } from '../../core/data/data-error';
import type { DatasetFormat } from '../../shared/dataset';
import { looksLikeCifar } from './import-cifar';
import { looksLikeIdx } from './import-idx';
import { looksLikeText } from './import-text';
import { unreadable } from './file-errors';

const EXPECTED =
  'expected a folder in the MNIST (train-images-idx3-ubyte…), CIFAR (data_batch_1.bin…), PTB (train.txt, valid.txt, test.txt) ' +
  'or one-sub-folder-per-class layout, a CIFAR .bin or .tar.gz file, or a .txt corpus';

export async function detectFormat(root: string, rootName: string): Promise<DatasetFormat> {
  const st = await stat(root).catch(async (err: unknown) => {
    throw await unreadable(err, root, rootName);
  });
  if (st.isDirectory()) {
    const entries = await readdir(root, { withFileTypes: true }).catch(async (err: unknown) => {
      throw await unreadable(err, root, rootName);
    });
    const names = entries.map((e) => e.name);
    if (looksLikeIdx(names)) return 'idx';
    const cifar = looksLikeCifar(names);
    if (cifar) return cifar;
    if (looksLikeText(names)) return 'text';
    if (entries.some((e) => e.isDirectory() || e.isSymbolicLink())) return 'image-folder';
    throw dataError('DATASET_UNKNOWN_FORMAT', rootName, `is a folder with no dataset layout we know; ${EXPECTED}`);
  }
  if (!st.isFile()) throw dataError('DATASET_UNREADABLE', rootName, 'is not a regular file or folder (a pipe, socket or device)');
  if (/\.(tar\.gz|tgz|tar)$/i.test(rootName)) return /cifar-?100/i.test(rootName) ? 'cifar100' : 'cifar10';
  if (/^(train|test)\.bin$/.test(rootName)) return 'cifar100';
  if (/\.bin$/i.test(rootName)) return 'cifar10';
  if (/\.txt$/i.test(rootName)) return 'text';
  throw dataError('DATASET_UNKNOWN_FORMAT', rootName, `cannot tell the format from the name; ${EXPECTED}`);
}
