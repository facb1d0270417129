/**
 * The dataset contract: what an import request asks for, the error shape of a rejected file, the manifest
 * an import writes into the data directory (read later by the trainer) and the summary the UI shows.
 *
 * Normalised on-disk format (version 1), one folder per dataset under the data directory:
 *   manifest.json                  this file's `datasetManifestSchema`, the only file a reader has to parse
 *   image datasets:
 *     {split}.images.u8            raw uint8 pixels, N × height × width × channels (NHWC, row-major), the
 *                                  layout tfjs wants, so the trainer can wrap the bytes without a copy
 *     {split}.labels.u8            N uint8 class indices in 0 … classNames.length − 1
 *   text datasets:
 *     {split}.tokens.u32           token ids as little-endian uint32, one `<eos>` after every line (PTB)
 *     vocab.json                   JSON array of strings, index = token id
 * where split ∈ train, valid, test. Raw arrays load in one read and need no decoder.
 */
import { z } from 'zod';
import { DATASET_ERROR_CODES } from './errors';
import { imageResizeReportSchema } from './image-resize-report';

export const DATASET_FORMATS = ['idx', 'cifar10', 'cifar100', 'image-folder', 'text'] as const;
export const datasetFormatSchema = z.enum(DATASET_FORMATS);
export type DatasetFormat = z.infer<typeof datasetFormatSchema>;

export type DatasetErrorCode = (typeof DATASET_ERROR_CODES)[number];

/**
 * A rejected import or a skipped file: which file (relative to what the user dropped), a stable code and a
 * message that names the file and says expected vs received.
 */
export const datasetIssueSchema = z.object({
  file: z.string(),
  code: z.enum(DATASET_ERROR_CODES),
  message: z.string(),
});
export type DatasetIssue = z.infer<typeof datasetIssueSchema>;

/** Progress of a long import, pushed to the UI: bytes, records or files done out of a total. */
export const datasetImportProgressSchema = z.object({
  file: z.string(),
  done: z.number().min(0),
  total: z.number().min(0),
  unit: z.enum(['bytes', 'records', 'files']),
});
export type DatasetImportProgress = z.infer<typeof datasetImportProgressSchema>;

/** Options of an import; every field has a default so `{}` is valid. */
export const datasetImportOptionsSchema = z.object({
  /**
   * Images or lines moved from the training set into a validation split (ENAS keeps 5,000 of CIFAR-10's
   * 50,000). Default: 10% of the training set, at most 5,000. Ignored where the source has a valid split.
   */
  validationSize: z.number().int().min(0).optional(),
  /** Seed of the validation split; the same seed gives the same split. */
  seed: z.number().int().min(0).max(0xffffffff).default(0),
  /** IDX only: number of classes; labels must lie in 0 … numClasses − 1. */
  numClasses: z.number().int().min(2).max(256).default(10),
  /** IDX only: display names of the classes, numClasses of them; default "0", "1", … */
  classNames: z.array(z.string().min(1).max(100)).optional(),
  /** CIFAR-100 only: which label becomes the class, the 100 fine or the 20 coarse ones. */
  cifar100Label: z.enum(['fine', 'coarse']).default('fine'),
  /** Image folders only: side of the square images, in pixels, after resizing. */
  imageSize: z.number().int().min(4).max(256).default(32),
  /** Image folders only: 3 for RGB, 1 for greyscale. */
  channels: z.union([z.literal(1), z.literal(3)]).default(3),
  /** Text only: words seen fewer times than this in train become `<unk>`. */
  minCount: z.number().int().min(1).default(1),
  /** Text only: most entries of the vocabulary, `<eos>` and `<unk>` included (PTB has 10,000). */
  maxVocab: z.number().int().min(3).max(1_000_000).default(10_000),
  /** Text, one file only: fractions of lines for train, valid and test, in file order. */
  splitRatios: z
    .tuple([z.number().positive(), z.number().positive(), z.number().positive()])
    .default([0.8, 0.1, 0.1]),
});
export type DatasetImportOptions = z.infer<typeof datasetImportOptionsSchema>;

export const datasetImportRequestSchema = z.object({
  /** Absolute path of the dropped file or folder. */
  path: z.string().min(1),
  /** Display name; defaults to the dropped file or folder name. */
  name: z.string().min(1).max(200).optional(),
  /** Detected from the path when absent. */
  format: datasetFormatSchema.optional(),
  options: datasetImportOptionsSchema.default(datasetImportOptionsSchema.parse({})),
});
export type DatasetImportRequest = z.input<typeof datasetImportRequestSchema>;

/**
 * Import what a browser uploaded (`POST /uploads` gave the id, `PUT /uploads/<id>/<path>` the files): the
 * same import as `datasets.import`, on the upload folder instead of a path the user's machine knows. One
 * dropped file or folder is imported as itself; several (an IDX pair, PTB's three .txt files) as a folder.
 */
export const datasetImportUploadRequestSchema = z.object({
  uploadId: z.uuid(),
  name: datasetImportRequestSchema.shape.name,
  format: datasetImportRequestSchema.shape.format,
  options: datasetImportRequestSchema.shape.options,
});
export type DatasetImportUploadRequest = z.input<typeof datasetImportUploadRequestSchema>;

/**
 * The stage of an import that a progress report is about. Imports run one at a time (each may use a few
 * hundred MB while converting): one that waits for another is reported `queued` until its turn.
 */
export const IMPORT_PHASES = ['queued', 'convert', 'done', 'failed'] as const;

/**
 * One progress report of a running import, as pushed to every UI (at most about 10 a second per import):
 * `importId` is the upload id for a browser upload, else an id the host made up; the last report of an
 * import has phase `done` or `failed`.
 */
export const datasetImportProgressReportSchema = datasetImportProgressSchema.extend({
  importId: z.string().min(1),
  /** The dataset's display name. */
  name: z.string(),
  phase: z.enum(IMPORT_PHASES),
});
export type DatasetImportProgressReport = z.infer<typeof datasetImportProgressReportSchema>;

const count = z.number().int().min(0);

const imageSplitSchema = z.object({ count, images: z.string(), labels: z.string() });
const textSplitSchema = z.object({ tokens: count, lines: count, unknown: count, file: z.string() });

/** Where the validation split came from, so a run can say how its data was cut. */
const validationOriginSchema = z.discriminatedUnion('from', [
  z.object({ from: z.literal('source') }),
  z.object({ from: z.literal('train'), seed: z.number().int(), count }),
  z.object({ from: z.literal('ratio'), ratios: z.tuple([z.number(), z.number(), z.number()]) }),
]);

const manifestBase = {
  format: z.literal('enas-dataset'),
  version: z.literal(1),
  name: z.string(),
  source: z.object({ format: datasetFormatSchema, path: z.string() }),
  validation: validationOriginSchema,
};

export const imageManifestSchema = z.object({
  ...manifestBase,
  kind: z.literal('image'),
  height: z.number().int().positive(),
  width: z.number().int().positive(),
  channels: z.number().int().positive(),
  classNames: z.array(z.string()).min(2),
  splits: z.object({ train: imageSplitSchema, valid: imageSplitSchema, test: imageSplitSchema.optional() }),
  /** Image folders whose images were not all of the dataset's size: which were resized (absent: none). */
  resized: imageResizeReportSchema.optional(),
});

export const textManifestSchema = z.object({
  ...manifestBase,
  kind: z.literal('text'),
  vocab: z.string(),
  vocabSize: z.number().int().positive(),
  eos: z.literal('<eos>'),
  unk: z.literal('<unk>'),
  splits: z.object({ train: textSplitSchema, valid: textSplitSchema, test: textSplitSchema }),
});

export const datasetManifestSchema = z.discriminatedUnion('kind', [imageManifestSchema, textManifestSchema]);
export type ImageManifest = z.infer<typeof imageManifestSchema>;
export type TextManifest = z.infer<typeof textManifestSchema>;
export type DatasetManifest = z.infer<typeof datasetManifestSchema>;

/** A small image for the preview: uint8 pixels, height × width × channels. */
export const imageSampleSchema = z
  .object({
    label: count,
    height: z.number().int().positive(),
    width: z.number().int().positive(),
    channels: z.number().int().positive(),
    pixels: z.array(z.number().int().min(0).max(255)),
  })
  .refine((s) => s.pixels.length === s.height * s.width * s.channels, {
    message: 'pixels must hold height × width × channels values',
  });
export type ImageSample = z.infer<typeof imageSampleSchema>;

export const datasetPreviewSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('image'),
    /** Images per class, index = class id, for each split. */
    classCounts: z.object({ train: z.array(count), valid: z.array(count), test: z.array(count).optional() }),
    samples: z.array(imageSampleSchema),
  }),
  z.object({
    kind: z.literal('text'),
    /** The first lines of train after the vocabulary was applied (`<unk>` shown as such). */
    sample: z.string(),
    /** The most frequent words of train with their counts. */
    topWords: z.array(z.tuple([z.string(), count])),
  }),
]);
export type DatasetPreview = z.infer<typeof datasetPreviewSchema>;

/**
 * Ask for the preview of an imported dataset, read back from its normalised files: per-class counts of
 * every split and up to `perClass` training images of each class (an image dataset), or the first lines and
 * the most frequent words of train (a corpus).
 */
export const datasetPreviewRequestSchema = z.object({
  datasetId: z.number().int().positive(),
  perClass: z.number().int().min(1).max(16).default(4),
});

/** What an import hands to the dataset registry (the store) once the files are in place. */
export const datasetRecordSchema = z.object({
  name: z.string(),
  format: datasetFormatSchema,
  /** The dataset's folder, relative to the data directory. */
  directory: z.string(),
  /** Total bytes written into the folder. */
  bytes: count,
  manifest: datasetManifestSchema,
  preview: datasetPreviewSchema,
  /** Files of the source that were skipped (image folders), each with its reason; the first 1,000. */
  skipped: z.array(datasetIssueSchema),
  /** How many files were skipped in all (may exceed the length of `skipped`). */
  skippedTotal: count,
});
export type DatasetRecord = z.infer<typeof datasetRecordSchema>;

/** The summary the UI lists: the record plus the id the registry gave it. */
export const datasetSummarySchema = datasetRecordSchema.extend({ id: z.string() });
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;
