/**
 * `npm start`: builds the app when its build is missing or older than the sources (electron-vite build,
 * which needs no Electron binary), then launches the Electron app. Where the Electron binary is absent
 * (its postinstall download needs internet), it says so in one sentence and serves the same workbench in
 * browser mode instead (`enas serve`, which prints the URL with its token). Arguments after `--` go to
 * `enas serve` in that case (e.g. `npm start -- --port 9000`).
 *
 * It never `require`s the electron package: that module downloads the binary when it is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUILT = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].map((p) => join(root, p));
const SOURCES = ['src', 'electron.vite.config.ts', 'package.json'].map((p) => join(root, p));

function newestMtime(path) {
  const info = statSync(path, { throwIfNoEntry: false });
  if (info === undefined) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function buildIsCurrent() {
  if (!BUILT.every((file) => existsSync(file))) return false;
  const builtAt = Math.min(...BUILT.map((file) => statSync(file).mtimeMs));
  return Math.max(...SOURCES.map(newestMtime)) <= builtAt;
}

/** The Electron executable, found the way the electron package finds it, or undefined when absent. */
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist');
  const binary = join(distDir, relative);
  return relative !== '' && existsSync(binary) ? binary : undefined;
}

/** Runs a child with our stdio; relays SIGINT/SIGTERM to it and exits with its status once it ends. */
function runToEnd(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  const relay = (signal) => {
    if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', relay);
  process.on('SIGTERM', relay);
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal === null ? 0 : 1);
  });
}

if (!buildIsCurrent()) {
  console.log('Building the app (electron-vite build)…');
  const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const build = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('npm start: the build failed (see above); fix it, then run npm start again.');
    process.exit(build.status ?? 1);
  }
}

const electron = electronBinary();
if (electron !== undefined) {
  runToEnd(electron, ['.', ...process.argv.slice(2)]);
} else {
  console.log(
    'The Electron binary is not installed (node_modules/electron/dist is missing: its download needs internet), ' +
      'so the workbench opens in browser mode instead.',
  );
  runToEnd(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'index.ts'), 'serve', ...process.argv.slice(2)]);
}
