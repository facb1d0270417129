/**
 * Where the app finds what it ships, in development (the repository, run by electron-vite) and packaged
 * (electron-builder's resources folder): the built renderer, the preload, the embedded datasets, and the
 * better-sqlite3 binary compiled for Electron's ABI, kept beside the package's own Node build (docs/architecture.md
 * §7) and unpacked from the asar because a native module cannot load from inside it.
 */
import { join } from 'node:path';

export interface AppLocations {
  rendererDir: string;
  preload: string;
  datasetsDir: string;
  /** undefined: use the package's own build (the Node one), which Electron refuses with an ABI error. */
  nativeBinding: string | undefined;
}

export function appLocations(options: {
  isPackaged: boolean;
  /** `process.resourcesPath`. */
  resourcesPath: string;
  /** `app.getAppPath()`: the repository in development, the asar when packaged. */
  appPath: string;
  /** The folder of the built main script (out/main). */
  mainDir: string;
  exists(path: string): boolean;
}): AppLocations {
  const { isPackaged, resourcesPath, appPath, mainDir } = options;
  const native = isPackaged
    ? join(resourcesPath, 'native', 'better_sqlite3.node')
    : join(appPath, 'build', 'native', 'electron', 'better_sqlite3.node');
  return {
    rendererDir: join(mainDir, '..', 'renderer'),
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    datasetsDir: isPackaged ? join(resourcesPath, 'datasets') : join(appPath, 'resources', 'datasets'),
    nativeBinding: options.exists(native) ? native : undefined,
  };
}
