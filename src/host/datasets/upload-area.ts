/**
 * Where a browser's dropped files wait for their import (browser mode has no local paths): one folder per
 * upload under `<dataDir>/.uploads/<uuid>`, filled file by file from HTTP bodies, imported by
 * `datasets.importUpload` and then removed, whatever the import did. Only uploads this process created are
 * known; folders left by a crash are swept at start-up, and uploads nobody imported are swept after an
 * hour idle.
 *
 * Caps are checked while a body streams in, before each chunk is written, so a body over the cap stops
 * there and its partial file is removed (docs/reliability.md T3.1: a hostile upload must not fill the disk).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EnasError } from '../../shared/errors';
import { errnoOf } from './file-errors';
import { DEFAULT_IMPORT_LIMITS } from './import-limits';
import { uploadPathSegments } from './upload-path';

export interface UploadLimits {
  /** Largest file of an upload. Default: the importer's content cap (1 GiB); a bigger file is refused there anyway. */
  maxFileBytes: number;
  /** Largest upload, all files together. Default 4 GiB (CIFAR-10's archive is 170 MB). */
  maxTotalBytes: number;
  /** Most files in an upload. Default: the importer's image cap (1,000,000) plus room for a few others. */
  maxFiles: number;
  /** Most uploads waiting at once. Default 8. */
  maxUploads: number;
  /** An upload untouched this long (ms) is removed when the next one starts. Default 1 hour. */
  idleMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxFileBytes: DEFAULT_IMPORT_LIMITS.maxFileBytes,
  maxTotalBytes: 4 * 2 ** 30,
  maxFiles: DEFAULT_IMPORT_LIMITS.maxImages + 100,
  maxUploads: 8,
  idleMs: 60 * 60 * 1000,
};

/** An upload ready to import: its folder and its top-level entries (what the user dropped). */
export interface ClaimedUpload {
  dir: string;
  entries: string[];
}

export interface UploadArea {
  /** `<dataDir>/.uploads`. */
  readonly root: string;
  /** Start an upload; resolves to its id. */
  create(): Promise<string>;
  /**
   * Write one file of upload `id` at `relativePath` from `body`; `declaredBytes` (Content-Length) is
   * checked against the caps before anything is read. Resolves to the bytes written.
   */
  write(id: string, relativePath: string, body: AsyncIterable<Uint8Array>, declaredBytes?: number): Promise<number>;
  /** Take the upload for its import: no more writes. UPLOAD_BUSY while a file is still being written. */
  claim(id: string): Promise<ClaimedUpload>;
  /** Whether upload `id` exists (created by this process, not yet removed). */
  has(id: string): boolean;
  /** Forget the upload and remove its folder; no error if unknown. */
  remove(id: string): Promise<void>;
  /** Remove every upload folder (start-up: no upload of an earlier process can be resumed). */
  removeStale(): Promise<number>;
}

interface Upload {
  dir: string;
  files: Set<string>;
  folders: Set<string>;
  bytes: number;
  writing: number;
  claimed: boolean;
  touchedAt: number;
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function createUploadArea(dataDir: string, limits: Partial<UploadLimits> = {}, now: () => number = Date.now): UploadArea {
  const caps: UploadLimits = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
  const root = join(resolve(dataDir), '.uploads');
  const uploads = new Map<string, Upload>();

  const mustGet = (id: string): Upload => {
    const upload = ID.test(id) ? uploads.get(id) : undefined;
    if (upload === undefined) throw new EnasError('UPLOAD_NOT_FOUND', `no upload "${id.slice(0, 40)}" on this server: start one with POST /uploads`, { uploadId: id });
    return upload;
  };

  const tooLarge = (path: string, what: string): EnasError =>
    new EnasError('UPLOAD_TOO_LARGE', `${path}: ${what}; nothing of it was kept`, { file: path });

  const remove = async (id: string): Promise<void> => {
    const upload = uploads.get(id);
    uploads.delete(id);
    if (upload !== undefined) await rm(upload.dir, { recursive: true, force: true });
  };

  return {
    root,

    async create() {
      for (const [id, upload] of uploads) {
        if (!upload.claimed && upload.writing === 0 && now() - upload.touchedAt > caps.idleMs) await remove(id);
      }
      if (uploads.size >= caps.maxUploads) {
        throw new EnasError('UPLOAD_BUSY', `${uploads.size} uploads are already waiting for their import; finish or cancel one first`);
      }
      const id = randomUUID();
      const dir = join(root, id);
      await mkdir(dir, { recursive: true });
      uploads.set(id, { dir, files: new Set(), folders: new Set(), bytes: 0, writing: 0, claimed: false, touchedAt: now() });
      return id;
    },

    async write(id, relativePath, body, declaredBytes) {
      const upload = mustGet(id);
      const segments = uploadPathSegments(relativePath);
      const path = segments.join('/');
      if (upload.claimed) throw new EnasError('UPLOAD_BUSY', `${path}: upload ${id} is already being imported; start a new upload`, { file: path });
      if (upload.files.has(path) || upload.folders.has(path) || segments.slice(1).some((_, i) => upload.files.has(segments.slice(0, i + 1).join('/')))) {
        throw new EnasError('UPLOAD_FILE_EXISTS', `${path}: this upload already has a file or folder at that path`, { file: path });
      }
      if (upload.files.size >= caps.maxFiles) {
        throw new EnasError('UPLOAD_TOO_MANY_FILES', `${path}: an upload holds at most ${caps.maxFiles} files`, { file: path });
      }
      if (declaredBytes !== undefined && declaredBytes > caps.maxFileBytes) throw tooLarge(path, `${declaredBytes} bytes is over the ${caps.maxFileBytes}-byte cap of one file`);
      if (declaredBytes !== undefined && upload.bytes + declaredBytes > caps.maxTotalBytes) {
        throw tooLarge(path, `${declaredBytes} more bytes would take the upload over its ${caps.maxTotalBytes}-byte cap`);
      }
      upload.files.add(path);
      for (let i = 1; i < segments.length; i++) upload.folders.add(segments.slice(0, i).join('/'));
      upload.writing += 1;
      upload.touchedAt = now();
      const file = join(upload.dir, ...segments);
      let written = 0;
      let handle;
      try {
        await mkdir(join(upload.dir, ...segments.slice(0, -1)), { recursive: true });
        handle = await open(file, 'wx');
        for await (const chunk of body) {
          // The cap is checked before the chunk is written: a body over it stops here, not after.
          if (written + chunk.length > caps.maxFileBytes) throw tooLarge(path, `the body is over the ${caps.maxFileBytes}-byte cap of one file`);
          if (upload.bytes + chunk.length > caps.maxTotalBytes) throw tooLarge(path, `the upload is over its ${caps.maxTotalBytes}-byte cap`);
          upload.bytes += chunk.length;
          written += chunk.length;
          let done = 0;
          while (done < chunk.length) done += (await handle.write(chunk, done, chunk.length - done)).bytesWritten;
          upload.touchedAt = now();
        }
        await handle.close();
        handle = undefined;
        return written;
      } catch (err) {
        await handle?.close().catch(() => undefined);
        await rm(file, { force: true }).catch(() => undefined);
        upload.bytes -= written;
        upload.files.delete(path);
        if (err instanceof EnasError) throw err;
        const code = errnoOf(err);
        if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') {
          throw new EnasError('UPLOAD_FILE_EXISTS', `${path}: conflicts with a file or folder already in this upload`, { file: path });
        }
        throw err;
      } finally {
        upload.writing -= 1;
      }
    },

    async claim(id) {
      const upload = mustGet(id);
      if (upload.claimed) throw new EnasError('UPLOAD_BUSY', `upload ${id} is already being imported`, { uploadId: id });
      if (upload.writing > 0) throw new EnasError('UPLOAD_BUSY', `upload ${id} still has ${upload.writing} files being written; import it once they are done`, { uploadId: id });
      if (upload.files.size === 0) throw new EnasError('UPLOAD_EMPTY', `upload ${id} has no files: PUT the dropped files first`, { uploadId: id });
      upload.claimed = true;
      const entries = (await readdir(upload.dir)).sort();
      return { dir: upload.dir, entries };
    },

    has: (id) => uploads.has(id),

    remove,

    async removeStale() {
      const stale = (await readdir(root).catch(() => [])).filter((name) => !uploads.has(name));
      for (const name of stale) await rm(join(root, name), { recursive: true, force: true });
      return stale.length;
    },
  };
}
