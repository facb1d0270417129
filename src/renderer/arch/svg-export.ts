/**
 * Exports a drawn diagram as a self-contained SVG (no script, no external reference: it is serialised
 * from an SVG the app drew with inline attributes only, and anything else is stripped defensively) and as
 * a PNG rasterised on a canvas at 2× with a white background.
 */
const FORBIDDEN_ELEMENTS = ['script', 'foreignObject', 'image', 'use', 'a', 'iframe'];

/** The SVG markup of `svg`, with scripts, event handlers and external references removed. */
export function standaloneSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  for (const name of FORBIDDEN_ELEMENTS) copy.querySelectorAll(name).forEach((el) => el.remove());
  for (const el of [copy, ...Array.from(copy.querySelectorAll('*'))]) {
    for (const attr of Array.from(el.attributes)) {
      const external = /^(href|xlink:href|src)$/i.test(attr.name) || /url\(\s*['"]?(?!#)/i.test(attr.value);
      if (attr.name.toLowerCase().startsWith('on') || external || attr.name.startsWith('data-v-')) el.removeAttribute(attr.name);
    }
  }
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

/** A PNG of the SVG at `scale`× on white. */
export async function svgToPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const width = Number(svg.getAttribute('width') ?? svg.clientWidth);
  const height = Number(svg.getAttribute('height') ?? svg.clientHeight);
  const url = URL.createObjectURL(new Blob([standaloneSvg(svg)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('this browser gives no 2D canvas to draw the PNG on');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob === null ? reject(new Error('the canvas gave no PNG')) : resolve(blob)), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Hands a blob to the browser as a download named `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
