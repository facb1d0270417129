/**
 * Writing an image split in the normalised format ({split}.images.u8 NHWC + {split}.labels.u8) while
 * counting classes and keeping the first image of each class for the preview; and routing records to
 * train or valid by the validation mask, so no split is ever held whole in memory.
 */
import type { ImageSet } from '../../core/data/image-set';
import type { ImageSample } from '../../shared/dataset';
import type { OutputFile, Staging } from './staging';

export type ImageSplitName = 'train' | 'valid' | 'test';

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

export class ImageSplitOutput {
  count = 0;
  readonly classCounts: number[];
  readonly samples: ImageSample[] = [];

  private constructor(
    private readonly staging: Staging,
    readonly split: ImageSplitName,
    private readonly shape: ImageShape,
    private readonly images: OutputFile,
    private readonly labels: OutputFile,
    numClasses: number,
  ) {
    this.classCounts = new Array<number>(numClasses).fill(0);
  }

  static async open(staging: Staging, split: ImageSplitName, shape: ImageShape, numClasses: number): Promise<ImageSplitOutput> {
    const images = await staging.file(`${split}.images.u8`);
    const labels = await staging.file(`${split}.labels.u8`);
    return new ImageSplitOutput(staging, split, shape, images, labels, numClasses);
  }

  private get imageBytes(): number {
    return this.shape.height * this.shape.width * this.shape.channels;
  }

  /** Append `labels.length` images (pixels hold that many images, NHWC). */
  async append(pixels: Uint8Array, labels: Uint8Array): Promise<void> {
    const size = this.imageBytes;
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i]!;
      if (this.classCounts[label] === 0 && this.samples.length < 10) {
        this.samples.push({ label, ...this.shape, pixels: Array.from(pixels.subarray(i * size, (i + 1) * size)) });
      }
      this.classCounts[label]! += 1;
    }
    await this.images.write(pixels);
    await this.labels.write(labels);
    this.count += labels.length;
  }

  async finish(): Promise<{ count: number; images: string; labels: string }> {
    await this.staging.close(this.images);
    await this.staging.close(this.labels);
    return { count: this.count, images: this.images.name, labels: this.labels.name };
  }

  get bytes(): number {
    return this.images.bytes + this.labels.bytes;
  }
}

/**
 * Send each image of `set` to `valid` where `mask[offset + i]` is 1, else to `train`, in runs so that
 * consecutive images go out in one write.
 */
export async function routeImages(
  set: ImageSet,
  mask: Uint8Array,
  offset: number,
  train: ImageSplitOutput,
  valid: ImageSplitOutput,
): Promise<void> {
  const size = set.height * set.width * set.channels;
  let start = 0;
  while (start < set.count) {
    const toValid = mask[offset + start] === 1;
    let end = start + 1;
    while (end < set.count && (mask[offset + end] === 1) === toValid) end++;
    await (toValid ? valid : train).append(set.pixels.subarray(start * size, end * size), set.labels.subarray(start, end));
    start = end;
  }
}
