/**
 * Where browser-mode exports go: the server's exports folder (beside the database), under the name the
 * export suggests, numbered when taken (`run-3-metrics (2).csv`). A browser names no server path; the result
 * says where the file is, and `GET /exports/NAME?token=…` downloads it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SaveMethod, UiRequest } from '../shared/api/transport';
import { exportFileName } from '../host/export-file-name';

export function chooseExportTarget(exportsDir: string, method: SaveMethod, request: UiRequest<SaveMethod>): string {
  mkdirSync(exportsDir, { recursive: true });
  const { name } = exportFileName(method, request);
  const dot = name.indexOf('.');
  const [stem, ext] = dot < 0 ? [name, ''] : [name.slice(0, dot), name.slice(dot)];
  for (let n = 1; ; n++) {
    const file = join(exportsDir, n === 1 ? name : `${stem} (${n})${ext}`);
    if (!existsSync(file)) return file;
  }
}
