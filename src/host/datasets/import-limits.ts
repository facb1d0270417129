/**
 * Caps that keep a hostile or broken file from exhausting memory or time (docs/reliability.md T3.1): every
 * read, decompression and decode is bounded by one of these before it allocates.
 */
import { TEXT_DEFAULT_MAX_LINE_BYTES } from '../../core/data/utf8-lines';

export interface ImportLimits {
  /** Largest content of one source file, after decompression. Default 1 GiB (CIFAR-10 is 180 MB). */
  maxFileBytes: number;
  /** Largest decompressed : compressed ratio of a gzip file. Default 1000 (deflate's ceiling is ≈1032). */
  maxGzipRatio: number;
  /** Largest image file in an image folder. Default 64 MiB. */
  maxImageFileBytes: number;
  /** Largest decoded image, width × height. Default 40 megapixels. */
  maxImagePixels: number;
  /** Most images in an image folder. Default 1,000,000. */
  maxImages: number;
  /** Longest line of a text corpus. Default 1 MiB. */
  maxLineBytes: number;
  /** Most entries kept in a skip report (the total is always counted). Default 1,000. */
  maxSkipReport: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: 2 ** 30,
  maxGzipRatio: 1000,
  maxImageFileBytes: 64 * 2 ** 20,
  maxImagePixels: 40e6,
  maxImages: 1_000_000,
  maxLineBytes: TEXT_DEFAULT_MAX_LINE_BYTES,
  maxSkipReport: 1000,
};
