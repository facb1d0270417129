import { join } from 'node:path';
import type { BaseWindow, SaveDialogOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createSaveChooser } from './save-dialog';
import type { IpcSender } from './sender-check';

const sender: IpcSender = { senderFrame: { url: 'app://workbench/index.html', parent: null }, sender: { id: 3 } };
const window = { id: 'main' } as unknown as BaseWindow;

describe('createSaveChooser', () => {
  it("asks with the save dialog of the sender's window, in Downloads, under the export's suggested name", async () => {
    const asked: { owner: BaseWindow; options: SaveDialogOptions }[] = [];
    const choose = createSaveChooser({
      showSaveDialog: async (owner, options) => {
        asked.push({ owner, options });
        return { canceled: false, filePath: '/home/ada/Desktop/metrics.csv' };
      },
      windowOf: (s) => (s.sender.id === 3 ? window : undefined),
      defaultDir: () => '/home/ada/Downloads',
    });
    expect(await choose('exports.metrics', { runId: 12 }, sender)).toBe('/home/ada/Desktop/metrics.csv');
    expect(asked[0]?.owner).toBe(window);
    expect(asked[0]?.options.defaultPath).toBe(join('/home/ada/Downloads', 'run-12-metrics.csv'));
    expect(asked[0]?.options.filters?.[0]).toEqual({ name: 'CSV', extensions: ['csv'] });
  });

  it('answers undefined (SAVE_CANCELED upstream) when the user cancels or the window is gone', async () => {
    const cancelled = createSaveChooser({
      showSaveDialog: async () => ({ canceled: true, filePath: '' }),
      windowOf: () => window,
      defaultDir: () => '/tmp',
    });
    expect(await cancelled('exports.run', { runId: 1 }, sender)).toBeUndefined();
    const gone = createSaveChooser({
      showSaveDialog: async () => ({ canceled: false, filePath: '/x' }),
      windowOf: () => undefined,
      defaultDir: () => '/tmp',
    });
    expect(await gone('exports.run', { runId: 1 }, sender)).toBeUndefined();
  });
});
