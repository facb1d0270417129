/**
 * Read the files we want out of a tar stream (the decompressed cifar-10-binary.tar.gz) in one pass,
 * skipping the rest without keeping it: headers are checked (tar-header.ts), GNU long names and pax paths
 * are honoured, and a stream that ends inside an entry is DATASET_TAR_CORRUPT. An entry named with a `..`
 * segment or an absolute path is DATASET_TAR_UNSAFE_PATH, named: no real dataset archive has one, and such an
 * entry was crafted to be written outside the folder it is unpacked into (we never write entries out, but
 * matching it by its base name as data would still accept a hostile archive as a dataset).
 */
import { dataError } from '../../core/data/data-error';
import { TAR_BLOCK, parseTarHeader, paxPath } from './tar-header';

export interface TarFile {
  /** Path inside the archive. */
  name: string;
  data: Uint8Array;
}

/** Pulls exact byte counts out of a chunked stream. */
class ByteQueue {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  offset = 0;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  private async fill(n: number): Promise<boolean> {
    while (this.buffered < n) {
      const next = await this.source.next();
      if (next.done) return false;
      this.chunks.push(next.value);
      this.buffered += next.value.length;
    }
    return true;
  }

  /**
   * Exactly `n` bytes, or fewer if the stream ends first. The pieces are gathered before one buffer is
   * allocated, so a header that claims a size the stream does not hold allocates nothing.
   */
  async take(n: number): Promise<Uint8Array> {
    const pieces: Uint8Array[] = [];
    const done = await this.consume(n, pieces);
    if (pieces.length === 1) return pieces[0]!;
    const out = new Uint8Array(done);
    let at = 0;
    for (const piece of pieces) {
      out.set(piece, at);
      at += piece.length;
    }
    return out;
  }

  /** Drop `n` bytes without keeping them; the count actually dropped. */
  skip(n: number): Promise<number> {
    return this.consume(n, undefined);
  }

  private async consume(n: number, pieces: Uint8Array[] | undefined): Promise<number> {
    let done = 0;
    while (done < n) {
      if (!(await this.fill(1))) break;
      const head = this.chunks[0]!;
      const use = Math.min(head.length, n - done);
      pieces?.push(head.subarray(0, use));
      done += use;
      this.buffered -= use;
      if (use === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(use);
    }
    this.offset += done;
    return done;
  }
}

/** True for a name that climbs out of the archive's folder or starts at a file-system root. */
export function isUnsafeTarName(name: string): boolean {
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name)) return true;
  return name.split(/[/\\]/).some((segment) => segment === '..');
}

function padding(size: number): number {
  return (TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK;
}

/** Bytes of an entry handed to `visitTarFiles`' callback at once. */
const PIECE_BYTES = 1 << 20;

/**
 * Hands each regular file of the archive for which `want(name)` is true to `visit`, in archive order, as
 * pieces of at most 1 MiB read while the archive streams, so memory holds one piece, never an entry.
 * `maxEntryBytes` caps a wanted entry (DATASET_TOO_LARGE) before any of it is read.
 */
export async function visitTarFiles(
  stream: AsyncIterable<Uint8Array>,
  archive: string,
  want: (name: string) => boolean,
  maxEntryBytes: number,
  visit: (name: string, size: number, pieces: AsyncGenerator<Uint8Array>) => Promise<void>,
): Promise<void> {
  const queue = new ByteQueue(stream[Symbol.asyncIterator]());
  let longName: string | undefined;
  for (;;) {
    const at = queue.offset;
    const block = await queue.take(TAR_BLOCK);
    if (block.length === 0) return;
    const header = parseTarHeader(block, archive, at);
    if (header === 'end') return;
    const name = longName ?? header.name;
    longName = undefined;
    const isMeta = header.type === 'L' || header.type === 'x';
    if (!isMeta && isUnsafeTarName(name)) {
      throw dataError('DATASET_TAR_UNSAFE_PATH', `${archive}:${name}`, 'the entry is named with ".." or an absolute path, which no dataset archive has: refusing the archive');
    }
    const wanted = header.type === '0' && want(name);
    if ((isMeta || wanted) && header.size > maxEntryBytes) {
      throw dataError('DATASET_TOO_LARGE', `${archive}:${name}`, `is ${header.size} bytes, over the ${maxEntryBytes}-byte cap`);
    }
    let got = 0;
    const truncated = (): Error =>
      dataError('DATASET_TAR_CORRUPT', archive, `ends inside "${name}" (${got} of ${header.size} bytes): the archive is truncated`);
    if (isMeta) {
      const data = await queue.take(header.size);
      got = data.length;
      if (got < header.size) throw truncated();
      if (header.type === 'L') longName = new TextDecoder().decode(data).replace(/\0+$/, '');
      else longName = paxPath(data);
    } else if (wanted) {
      const pieces = async function* (): AsyncGenerator<Uint8Array> {
        while (got < header.size) {
          const piece = await queue.take(Math.min(PIECE_BYTES, header.size - got));
          got += piece.length;
          if (piece.length === 0) throw truncated();
          yield piece;
        }
      };
      await visit(name, header.size, pieces());
      // Whatever the visitor left unread is skipped.
      got += await queue.skip(header.size - got);
    } else {
      got = await queue.skip(header.size);
    }
    if (got < header.size) throw truncated();
    await queue.skip(padding(header.size));
  }
}

/**
 * The regular files of the archive for which `want(name)` is true, in archive order, each held whole in
 * memory (small archives and tests; imports use visitTarFiles). `maxEntryBytes` caps a wanted entry. The
 * pieces are gathered before one buffer is allocated, so a header claiming more than the stream holds
 * allocates nothing.
 */
export async function readTarFiles(
  stream: AsyncIterable<Uint8Array>,
  archive: string,
  want: (name: string) => boolean,
  maxEntryBytes: number,
): Promise<TarFile[]> {
  const files: TarFile[] = [];
  await visitTarFiles(stream, archive, want, maxEntryBytes, async (name, _size, pieces) => {
    const parts: Uint8Array[] = [];
    for await (const piece of pieces) parts.push(piece);
    files.push({ name, data: parts.length === 1 ? parts[0]! : Uint8Array.from(Buffer.concat(parts)) });
  });
  return files;
}
