/**
 * Where an export from the app goes: the user picks it in the save dialog of the main process, parented to
 * the window that asked, starting in Downloads under the export's suggested name. The renderer never
 * supplies a path (docs/reliability.md T4.6); cancelling answers SAVE_CANCELED.
 */
import { join } from 'node:path';
import type { BaseWindow, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { exportFileName } from '../host/export-file-name';
import type { ChooseSaveFile } from '../host/ui-dispatch';
import type { IpcSender } from './sender-check';

export interface SaveDialogDeps {
  showSaveDialog(window: BaseWindow, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  /** The window whose webContents sent the request, if it still exists. */
  windowOf(sender: IpcSender): BaseWindow | undefined;
  /** The folder the dialog starts in. */
  defaultDir(): string;
}

export function createSaveChooser(deps: SaveDialogDeps): ChooseSaveFile<IpcSender> {
  return async (method, request, sender) => {
    const window = deps.windowOf(sender);
    if (window === undefined) return undefined;
    const { name, filter } = exportFileName(method, request);
    const answer = await deps.showSaveDialog(window, {
      title: 'Export',
      defaultPath: join(deps.defaultDir(), name),
      filters: [filter, { name: 'All files', extensions: ['*'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    return answer.canceled || answer.filePath === undefined || answer.filePath === '' ? undefined : answer.filePath;
  };
}
