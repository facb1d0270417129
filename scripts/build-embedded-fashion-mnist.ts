/**
 * Regenerate resources/datasets/fashion-mnist-subset from Debian's dataset-fashion-mnist package
 * (/usr/share/datasets/fashion-mnist, MIT licence, © 2017 Zalando SE): the first 600 training and the first
 * 100 test images of each class, in file order, written as gzip IDX files like the originals, plus the
 * package's copyright file. Deterministic: same input, same bytes (gzip header mtime 0, fixed level).
 *
 *   npx tsx scripts/build-embedded-fashion-mnist.ts [/usr/share/datasets/fashion-mnist]
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decodeIdx, encodeIdx } from '../src/core/data/idx';
import { IDX_IMAGES, IDX_LABELS, idxImageSet } from '../src/core/data/idx-image-set';

const source = process.argv[2] ?? '/usr/share/datasets/fashion-mnist';
const target = join(import.meta.dirname, '..', 'resources', 'datasets', 'fashion-mnist-subset');
const PER_CLASS = { train: 600, t10k: 100 } as const;

function read(name: string, expect: typeof IDX_IMAGES) {
  return decodeIdx(new Uint8Array(gunzipSync(readFileSync(join(source, name)))), name, expect);
}

mkdirSync(target, { recursive: true });
for (const split of ['train', 't10k'] as const) {
  const imagesName = `${split}-images-idx3-ubyte.gz`;
  const labelsName = `${split}-labels-idx1-ubyte.gz`;
  const set = idxImageSet(read(imagesName, IDX_IMAGES), read(labelsName, IDX_LABELS), { images: imagesName, labels: labelsName }, 10);
  const taken = new Array<number>(10).fill(0);
  const picked: number[] = [];
  for (let i = 0; i < set.count; i++) {
    const label = set.labels[i]!;
    if (taken[label]! < PER_CLASS[split]) {
      taken[label]! += 1;
      picked.push(i);
    }
  }
  const size = set.height * set.width;
  const pixels = new Uint8Array(picked.length * size);
  picked.forEach((src, dst) => pixels.set(set.pixels.subarray(src * size, (src + 1) * size), dst * size));
  const labels = Uint8Array.from(picked, (i) => set.labels[i]!);
  const gz = (bytes: Uint8Array): Buffer => gzipSync(bytes, { level: 9 });
  writeFileSync(join(target, imagesName), gz(encodeIdx({ type: 'ubyte', dims: [picked.length, set.height, set.width], payload: pixels })));
  writeFileSync(join(target, labelsName), gz(encodeIdx({ type: 'ubyte', dims: [picked.length], payload: labels })));
  console.log(`${split}: ${picked.length} images, ${taken.join('/')} per class`);
}
copyFileSync('/usr/share/doc/dataset-fashion-mnist/copyright', join(target, 'COPYRIGHT'));
