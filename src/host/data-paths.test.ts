import { describe, expect, it } from 'vitest';
import { defaultDataDir, workbenchPaths } from './data-paths';

describe('defaultDataDir', () => {
  it('follows XDG_DATA_HOME on Linux, and ~/.local/share when it is unset or relative', () => {
    expect(defaultDataDir({ platform: 'linux', home: '/home/ada', env: { XDG_DATA_HOME: '/data/ada' } })).toBe('/data/ada/enas-workbench');
    expect(defaultDataDir({ platform: 'linux', home: '/home/ada', env: {} })).toBe('/home/ada/.local/share/enas-workbench');
    expect(defaultDataDir({ platform: 'linux', home: '/home/ada', env: { XDG_DATA_HOME: 'relative/dir' } })).toBe(
      '/home/ada/.local/share/enas-workbench',
    );
  });

  it('uses Application Support on macOS and %APPDATA% on Windows', () => {
    expect(defaultDataDir({ platform: 'darwin', home: '/Users/ada', env: { XDG_DATA_HOME: '/ignored' } })).toBe(
      '/Users/ada/Library/Application Support/enas-workbench',
    );
    expect(defaultDataDir({ platform: 'win32', home: 'C:\\Users\\ada', env: { APPDATA: 'D:\\Roaming' } })).toBe('D:\\Roaming\\enas-workbench');
    expect(defaultDataDir({ platform: 'win32', home: 'C:\\Users\\ada', env: {} })).toBe('C:\\Users\\ada\\AppData\\Roaming\\enas-workbench');
  });
});

describe('workbenchPaths', () => {
  it('keeps checkpoints and datasets beside the database, wherever --db puts it', () => {
    expect(workbenchPaths('/tmp/x/runs.db', { platform: 'linux', home: '/h', env: {} })).toEqual({
      dbFile: '/tmp/x/runs.db',
      dataDir: '/tmp/x',
      checkpointDir: '/tmp/x/checkpoints',
    });
    expect(workbenchPaths(undefined, { platform: 'linux', home: '/h', env: {} }).dbFile).toBe('/h/.local/share/enas-workbench/workbench.db');
  });
});
