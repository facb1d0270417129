/**
 * Browser mode's way to hand a dropped dataset to the server: a page never learns local paths, so it reads
 * what was dropped (files, and folders walked with `webkitGetAsEntry`, Chromium's File and Directory
 * Entries API) and sends the bytes: `POST /uploads` for an id, then one `PUT /uploads/<id>/<relative path>`
 * per file (XMLHttpRequest, for its upload progress; same origin, so the CSP's `connect-src 'self'` admits
 * it). The caller then asks `datasets.importUpload`. A refused file cancels the upload (`DELETE`) and
 * rejects with the server's `{ code, message }` as a WorkbenchCallError whose detail names the file.
 */
import { UPLOADS_PATH } from '../../shared/api/datasets';
import { TOKEN_PARAM } from '../../shared/api/transport';
import { wireErrorSchema } from '../../shared/errors';
import { WorkbenchCallError } from './workbench-call-error';

/** One dropped file and its path relative to the drop (`flowers/daisy/1.png`, or just `data.tar.gz`). */
export interface DroppedFile {
  path: string;
  file: File;
}

/** Upload progress: bytes sent of all files, and the file being sent. */
export interface UploadProgress {
  file: string;
  sent: number;
  total: number;
}

export type DatasetUploader = (files: readonly DroppedFile[], onProgress: (progress: UploadProgress) => void) => Promise<string>;

// What is used of the DOM's File and Directory Entries API, DataTransfer and XMLHttpRequest, declared here
// so that this file also compiles without the DOM library (tests run the bridge under Node).
interface EntryLike {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
}
interface FileEntryLike extends EntryLike {
  file(ok: (file: File) => void, fail: (err: unknown) => void): void;
}
interface DirectoryEntryLike extends EntryLike {
  createReader(): { readEntries(ok: (entries: EntryLike[]) => void, fail: (err: unknown) => void): void };
}

/** A drop's DataTransfer. */
export interface DropData {
  items: ArrayLike<{ kind: string; webkitGetAsEntry(): EntryLike | null }>;
  files: ArrayLike<File>;
}

interface XhrLike {
  readonly status: number;
  readonly responseText: string;
  readonly upload: { addEventListener(type: 'progress', listener: (event: { loaded: number }) => void): void };
  open(method: string, url: string): void;
  send(body: Blob | null): void;
  addEventListener(type: 'load' | 'error' | 'abort', listener: () => void): void;
}

/** The browser's XMLHttpRequest, or a stand-in in tests. */
export type XhrConstructor = new () => XhrLike;

async function walk(entry: EntryLike, prefix: string, out: DroppedFile[]): Promise<void> {
  const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
  if (entry.isFile) {
    const fileEntry = entry as FileEntryLike;
    out.push({ path, file: await new Promise<File>((resolve, reject) => fileEntry.file(resolve, reject)) });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as DirectoryEntryLike).createReader();
  // readEntries answers in batches (100 at a time in Chromium) until it answers none.
  for (;;) {
    const batch = await new Promise<EntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return;
    for (const child of batch) await walk(child, path, out);
  }
}

/**
 * Every file of a drop, folders walked. The entries must be taken while the drop event is dispatched
 * (the DataTransfer is emptied after it), so this reads them first and walks them after.
 */
export function droppedFiles(data: DropData): Promise<DroppedFile[]> {
  const entries = Array.from(data.items)
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null))
    .filter((entry): entry is EntryLike => entry !== null);
  const plain = entries.length === 0 ? Array.from(data.files).map((file) => ({ path: file.name, file })) : [];
  return (async () => {
    const out: DroppedFile[] = [...plain];
    for (const entry of entries) await walk(entry, '', out);
    return out;
  })();
}

function callError(status: number, text: string, file: string): WorkbenchCallError {
  let parsed;
  try {
    parsed = wireErrorSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (parsed?.success === true) return new WorkbenchCallError(parsed.data.code, parsed.data.message, { file });
  return new WorkbenchCallError('INTERNAL', `${file}: the server answered HTTP ${status}`, { file });
}

function send(Xhr: XhrConstructor, method: string, url: string, body: Blob | null, onSent?: (bytes: number) => void): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new Xhr();
    xhr.open(method, url);
    if (onSent !== undefined) xhr.upload.addEventListener('progress', (e) => onSent(e.loaded));
    const failed = (): void =>
      reject(new WorkbenchCallError('TRANSPORT_CLOSED', `${method} ${url.split('?')[0] ?? ''}: the connection to the workbench server failed`));
    xhr.addEventListener('load', () => resolve({ status: xhr.status, text: xhr.responseText }));
    xhr.addEventListener('error', failed);
    xhr.addEventListener('abort', failed);
    xhr.send(body);
  });
}

/** An uploader to the server that served this page, with its access token. */
export function createDatasetUploader(token: string, Xhr: XhrConstructor): DatasetUploader {
  const query = `?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
  return async (files, onProgress) => {
    const total = files.reduce((sum, f) => sum + f.file.size, 0);
    const created = await send(Xhr, 'POST', `${UPLOADS_PATH}${query}`, null);
    if (created.status !== 201) throw callError(created.status, created.text, '(upload)');
    const { uploadId } = JSON.parse(created.text) as { uploadId: string };
    let sent = 0;
    try {
      for (const { path, file } of files) {
        onProgress({ file: path, sent, total });
        const url = `${UPLOADS_PATH}/${uploadId}/${path.split('/').map(encodeURIComponent).join('/')}${query}`;
        const answer = await send(Xhr, 'PUT', url, file, (bytes) => onProgress({ file: path, sent: sent + bytes, total }));
        if (answer.status !== 201) throw callError(answer.status, answer.text, path);
        sent += file.size;
      }
      onProgress({ file: files.at(-1)?.path ?? '', sent, total });
      return uploadId;
    } catch (err) {
      await send(Xhr, 'DELETE', `${UPLOADS_PATH}/${uploadId}${query}`, null).catch(() => undefined);
      throw err;
    }
  };
}
