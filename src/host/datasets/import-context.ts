/**
 * What every format converter gets (the dropped path, the staging folder, options, caps, a progress sink)
 * and what it returns (manifest, preview, skip report), plus the steps they share: the seeded validation
 * split, and finishing image splits into a manifest that is checked against the shared schema before it is
 * written, so a reader can trust any manifest it finds.
 */
import { dataError } from '../../core/data/data-error';
import { defaultValidationSize, validationMask } from '../../core/data/validation-split';
import { datasetManifestSchema } from '../../shared/dataset';
import type {
  DatasetFormat,
  DatasetImportOptions,
  DatasetIssue,
  DatasetManifest,
  DatasetPreview,
  ImageManifest,
} from '../../shared/dataset';
import type { ImageResizeReport } from '../../shared/image-resize-report';
import type { ImageShape, ImageSplitOutput } from './image-output';
import type { ImportLimits } from './import-limits';
import type { ProgressSink } from './source-file';
import type { Staging } from './staging';

export interface ImportContext {
  /** Absolute path of the dropped file or folder. */
  root: string;
  /** Its base name, used to name files in messages when the drop is a single file. */
  rootName: string;
  /** Display name of the dataset. */
  name: string;
  staging: Staging;
  options: DatasetImportOptions;
  limits: ImportLimits;
  onProgress: ProgressSink;
}

export interface Converted {
  manifest: DatasetManifest;
  preview: DatasetPreview;
  skipped: DatasetIssue[];
  skippedTotal: number;
  /** Bytes written into the dataset folder. */
  bytes: number;
}

/** The validation mask over `total` training examples, sized by the options (DATASET_BAD_OPTIONS if too big). */
export function trainValidationMask(ctx: ImportContext, total: number, file: string): Uint8Array {
  const size = ctx.options.validationSize ?? defaultValidationSize(total);
  if (size < 1 || size >= total) {
    throw dataError(
      'DATASET_BAD_OPTIONS',
      file,
      `a validation split of ${size} cannot be taken from ${total} training examples (need 1 … ${total - 1})`,
    );
  }
  return validationMask(total, size, ctx.options.seed);
}

export async function writeManifest(ctx: ImportContext, manifest: DatasetManifest): Promise<number> {
  const checked = datasetManifestSchema.parse(manifest);
  return ctx.staging.writeFile('manifest.json', new TextEncoder().encode(`${JSON.stringify(checked, null, 2)}\n`));
}

export interface ImageDatasetMeta {
  format: DatasetFormat;
  classNames: string[];
  shape: ImageShape;
  validation: ImageManifest['validation'];
  /** Image folders: the images brought to `shape`'s size, when any were another size. */
  resized?: ImageResizeReport;
}

/** Close the split files, write the manifest, and build the preview from what the outputs counted. */
export async function finishImageDataset(
  ctx: ImportContext,
  outputs: { train: ImageSplitOutput; valid: ImageSplitOutput; test: ImageSplitOutput | undefined },
  meta: ImageDatasetMeta,
  skipped: DatasetIssue[] = [],
  skippedTotal = 0,
): Promise<Converted> {
  const train = await outputs.train.finish();
  const valid = await outputs.valid.finish();
  const test = outputs.test ? await outputs.test.finish() : undefined;
  const manifest: ImageManifest = {
    format: 'enas-dataset',
    version: 1,
    kind: 'image',
    name: ctx.name,
    source: { format: meta.format, path: ctx.rootName },
    validation: meta.validation,
    ...meta.shape,
    classNames: meta.classNames,
    splits: { train, valid, ...(test ? { test } : {}) },
    ...(meta.resized === undefined ? {} : { resized: meta.resized }),
  };
  const manifestBytes = await writeManifest(ctx, manifest);
  const preview: DatasetPreview = {
    kind: 'image',
    classCounts: {
      train: outputs.train.classCounts,
      valid: outputs.valid.classCounts,
      ...(outputs.test ? { test: outputs.test.classCounts } : {}),
    },
    samples: outputs.train.samples.sort((a, b) => a.label - b.label),
  };
  const bytes = outputs.train.bytes + outputs.valid.bytes + (outputs.test?.bytes ?? 0) + manifestBytes;
  return { manifest, preview, skipped, skippedTotal, bytes };
}
