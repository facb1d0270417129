/**
 * What an image-folder import says about resizing. A folder's images come in any size; the importer brings
 * each to the dataset's square size (core/data/image-resize.ts), which changes what a network sees (a 28×28
 * digit upscaled to 32×32 is blurred, a photo shrunk loses detail), so an import must say that it happened
 * and from which sizes, not do it silently. Stored in the dataset's manifest and its row's summary, shown by
 * `enas import`, the drop zone's message and the Datasets table.
 */
import { z } from 'zod';

const side = z.number().int().positive();
const count = z.number().int().min(0);

/** At most this many original sizes are listed, the most common first. */
export const MAX_RESIZE_SOURCES = 5;

export const imageResizeReportSchema = z.object({
  /** The dataset's image size, every image's after the import. */
  to: z.object({ width: side, height: side }),
  /** How many imported images were resized (their size was not `to`). */
  images: count,
  /** Their original sizes with counts, the most common first; sizes beyond the first few are only counted in `images`. */
  from: z.array(z.object({ width: side, height: side, images: count })).max(MAX_RESIZE_SOURCES),
});
export type ImageResizeReport = z.infer<typeof imageResizeReportSchema>;

/** Tallies original sizes while an import runs; `report()` is undefined when no image changed size. */
export function createResizeTally(to: { width: number; height: number }): {
  add(width: number, height: number): void;
  report(): ImageResizeReport | undefined;
} {
  const bySize = new Map<string, { width: number; height: number; images: number }>();
  let images = 0;
  return {
    add(width, height) {
      if (width === to.width && height === to.height) return;
      images += 1;
      const key = `${width}x${height}`;
      const seen = bySize.get(key);
      if (seen === undefined) bySize.set(key, { width, height, images: 1 });
      else seen.images += 1;
    },
    report() {
      if (images === 0) return undefined;
      const from = [...bySize.values()].sort((a, b) => b.images - a.images || b.width * b.height - a.width * a.height).slice(0, MAX_RESIZE_SOURCES);
      return { to: { ...to }, images, from };
    },
  };
}

const size = (s: { width: number; height: number }): string => `${s.width}×${s.height}`;

/** `20 images resized from 28×28 to 32×32`, or with several sizes `… from 28×28 (18), 64×48 (2) to 32×32`. */
export function describeResize(report: ImageResizeReport): string {
  const noun = `${report.images.toLocaleString('en-US')} image${report.images === 1 ? '' : 's'}`;
  const listed = report.from.reduce((n, s) => n + s.images, 0);
  const sources =
    report.from.length === 1 && listed === report.images
      ? size(report.from[0]!)
      : [...report.from.map((s) => `${size(s)} (${s.images.toLocaleString('en-US')})`), ...(listed < report.images ? [`other sizes (${report.images - listed})`] : [])].join(', ');
  return `${noun} resized from ${sources} to ${size(report.to)}`;
}
