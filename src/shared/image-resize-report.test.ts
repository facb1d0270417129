import { describe, expect, it } from 'vitest';
import { createResizeTally, describeResize, imageResizeReportSchema } from './image-resize-report';

describe('createResizeTally', () => {
  it('reports nothing when every image already had the dataset size', () => {
    const tally = createResizeTally({ width: 32, height: 32 });
    tally.add(32, 32);
    tally.add(32, 32);
    expect(tally.report()).toBeUndefined();
  });

  it('counts the resized images by original size, the most common first, and says so in one line', () => {
    const tally = createResizeTally({ width: 32, height: 32 });
    for (let i = 0; i < 18; i++) tally.add(28, 28);
    tally.add(32, 32);
    tally.add(64, 48);
    tally.add(64, 48);
    const report = tally.report();
    expect(imageResizeReportSchema.parse(report)).toEqual({
      to: { width: 32, height: 32 },
      images: 20,
      from: [
        { width: 28, height: 28, images: 18 },
        { width: 64, height: 48, images: 2 },
      ],
    });
    expect(describeResize(report!)).toBe('20 images resized from 28×28 (18), 64×48 (2) to 32×32');
  });

  it('names the one original size plainly, and counts sizes past the listed few as other sizes', () => {
    const single = createResizeTally({ width: 32, height: 32 });
    for (let i = 0; i < 20; i++) single.add(28, 28);
    expect(describeResize(single.report()!)).toBe('20 images resized from 28×28 to 32×32');

    const many = createResizeTally({ width: 16, height: 16 });
    for (let w = 20; w < 27; w++) many.add(w, w);
    const report = many.report()!;
    expect(report.from).toHaveLength(5);
    expect(describeResize(report)).toMatch(/^7 images resized from .*, other sizes \(2\) to 16×16$/);
  });
});
