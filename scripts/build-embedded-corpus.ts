/**
 * Regenerate resources/datasets/austen-ptb, a small English corpus in the PTB layout, from Debian's
 * r-cran-janeaustenr 1.0.0-1 (MIT; the novels themselves are public domain): "Pride and Prejudice" (1813)
 * and "Persuasion" (1817), as stored in the package's lazy-load database data/Rdata.rdb. No R needed: the
 * index (Rdata.rdx) and each object are R's XDR serialisation, zlib-compressed, read here directly.
 *
 * Text is normalised the way Mikolov's PTB files are: lower case, one sentence per line, punctuation
 * dropped, numbers as N. Each novel's chapters are cut 80/10/10 in order into train, valid and test.
 *
 *   apt-get download r-cran-janeaustenr && dpkg -x r-cran-janeaustenr_1.0.0-1_all.deb pkg
 *   npx tsx scripts/build-embedded-corpus.ts pkg
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, inflateSync } from 'node:zlib';
import { encodeTextLines } from '../src/core/data/utf8-lines';

const pkg = process.argv[2];
if (!pkg) throw new Error('usage: build-embedded-corpus.ts <folder where the .deb was extracted>');
const data = join(pkg, 'usr/lib/R/site-library/janeaustenr/data');
const target = join(import.meta.dirname, '..', 'resources', 'datasets', 'austen-ptb');
const NOVELS = ['prideprejudice', 'persuasion'];

type RValue = null | string | number[] | RValue[] | { names: string[]; items: RValue[] };

/** A reader of R's XDR serialisation (R Internals §1.8), for the few types the package uses. */
function unserialize(bytes: Uint8Array): RValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2; // "X\n"
  const int = (): number => {
    const v = view.getInt32(at);
    at += 4;
    return v;
  };
  const version = int();
  int(); // writer's R version
  int(); // minimal reader version
  if (version === 3) at += 4 + int(); // native encoding name
  const refs: RValue[] = [];
  const item = (): RValue => {
    const flags = int();
    const type = flags & 0xff;
    const hasAttr = (flags & (1 << 9)) !== 0;
    let value: RValue;
    if (type === 254) return null; // NILVALUE
    if (type === 255) return refs[(flags >> 8) - 1] ?? null; // REFSXP
    if (type === 1) {
      value = item(); // SYMSXP: its name
      refs.push(value);
      return value;
    }
    if (type === 2) {
      // LISTSXP (pairlist) as {names, items}
      const names: string[] = [];
      const items: RValue[] = [];
      let f = flags;
      for (;;) {
        if ((f & (1 << 9)) !== 0) item();
        names.push((f & (1 << 10)) !== 0 ? String(item()) : '');
        items.push(item());
        f = int();
        if ((f & 0xff) !== 2) {
          at -= 4;
          item();
          break;
        }
      }
      return { names, items };
    }
    if (type === 9) {
      const length = int();
      if (length < 0) return null;
      value = new TextDecoder().decode(bytes.subarray(at, at + length));
      at += length;
      return value;
    }
    const length = int();
    if (type === 13 || type === 10) value = Array.from({ length }, int);
    else if (type === 16 || type === 19) value = Array.from({ length }, item);
    else throw new Error(`R type ${type} not supported`);
    if (hasAttr) {
      const attrs = item();
      if (attrs && typeof attrs === 'object' && 'names' in attrs && Array.isArray(value)) {
        const names = attrs.items[attrs.names.indexOf('names')];
        if (Array.isArray(names)) value = { names: names.map(String), items: value as RValue[] };
      }
    }
    return value;
  };
  return item();
}

function field(value: RValue, name: string): RValue {
  if (!value || typeof value !== 'object' || !('names' in value)) throw new Error(`no field ${name}`);
  return value.items[value.names.indexOf(name)] ?? null;
}

const index = unserialize(new Uint8Array(gunzipSync(readFileSync(join(data, 'Rdata.rdx')))));
const rdb = readFileSync(join(data, 'Rdata.rdb'));

function novel(name: string): string[] {
  const [offset, length] = field(field(index, 'variables'), name) as number[];
  // Each object: 4-byte big-endian uncompressed length, then a zlib stream.
  const blob = rdb.subarray(offset!, offset! + length!);
  return (unserialize(new Uint8Array(inflateSync(blob.subarray(4)))) as (string | null)[]).map((l) => l ?? '');
}

const CHAPTER = /^chapter +([0-9]+|[ivxlc]+)\b/i;
const ABBREVIATION = /\b(mr|mrs|dr|st|messrs)\.$/i;

/** Chapters of a novel, each a list of PTB-style sentence lines. */
function chapters(lines: string[]): string[][] {
  const out: string[][] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0 && out.length > 0) out[out.length - 1]!.push(...sentences(paragraph.join(' ')));
    paragraph = [];
  };
  for (const line of lines) {
    if (CHAPTER.test(line.trim())) {
      flush();
      out.push([]);
    } else if (line.trim() === '') {
      flush();
    } else {
      paragraph.push(line.trim());
    }
  }
  flush();
  return out;
}

function sentences(paragraph: string): string[] {
  const pieces = paragraph.replace(/_/g, '').split(/(?<=[.!?]["')]*)\s+/);
  const merged: string[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last !== undefined && ABBREVIATION.test(last)) merged[merged.length - 1] = `${last} ${piece}`;
    else merged.push(piece);
  }
  return merged
    .map((s) =>
      (s.toLowerCase().match(/[a-z]+(?:'[a-z]+)*|[0-9]+/g) ?? []).map((w) => (/^[0-9]/.test(w) ? 'N' : w)).join(' '),
    )
    .filter((s) => s.length > 0);
}

const splits: Record<'train' | 'valid' | 'test', string[]> = { train: [], valid: [], test: [] };
for (const name of NOVELS) {
  const parts = chapters(novel(name));
  const nValid = Math.round(parts.length / 10);
  const nTest = Math.round(parts.length / 10);
  const nTrain = parts.length - nValid - nTest;
  splits.train.push(...parts.slice(0, nTrain).flat());
  splits.valid.push(...parts.slice(nTrain, nTrain + nValid).flat());
  splits.test.push(...parts.slice(nTrain + nValid).flat());
  console.log(`${name}: ${parts.length} chapters → ${nTrain}/${nValid}/${nTest}`);
}
mkdirSync(target, { recursive: true });
for (const [split, lines] of Object.entries(splits)) {
  writeFileSync(join(target, `${split}.txt`), encodeTextLines([...lines, '']));
  const words = lines.reduce((n, l) => n + l.split(' ').length, 0);
  console.log(`${split}.txt: ${lines.length} lines, ${words} words, ${words + lines.length} tokens with <eos>`);
}
copyFileSync(join(pkg, 'usr/share/doc/r-cran-janeaustenr/copyright'), join(target, 'COPYRIGHT'));
