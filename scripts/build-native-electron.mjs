/**
 * Builds better-sqlite3 for the Electron version in node_modules, beside the Node build the tests and the
 * CLI use (docs/architecture.md §7): the package is copied to a temp folder, compiled there with node-gyp against
 * Electron's headers, and only its `better_sqlite3.node` is kept, as build/native/electron/better_sqlite3.node.
 * The app passes that file to `new Database(file, { nativeBinding })`; electron-builder ships it outside
 * the asar. node_modules is not touched, so `npm test` keeps working.
 *
 * Needs the network once: node-gyp downloads Electron's headers from electronjs.org (not from npm).
 * Usage: node scripts/build-native-electron.mjs
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const nodeGyp = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const work = mkdtempSync(join(tmpdir(), 'enas-native-'));
try {
  const pkg = join(work, 'better-sqlite3');
  cpSync(join(root, 'node_modules', 'better-sqlite3'), pkg, { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) });
  console.log(`building better-sqlite3 for Electron ${electronVersion} in ${pkg}…`);
  const built = spawnSync(
    process.execPath,
    [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
    { cwd: pkg, stdio: 'inherit' },
  );
  if (built.status !== 0) {
    console.error(`build-native-electron: node-gyp failed (status ${built.status}); it needs Electron's headers from electronjs.org.`);
    process.exitCode = 1;
  } else {
    const out = join(root, 'build', 'native', 'electron');
    mkdirSync(out, { recursive: true });
    cpSync(join(pkg, 'build', 'Release', 'better_sqlite3.node'), join(out, 'better_sqlite3.node'));
    console.log(`wrote ${join(out, 'better_sqlite3.node')}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
