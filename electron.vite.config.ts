/**
 * electron-vite build of the three parts (electron-vite's default layout: src/main, src/preload,
 * src/renderer → out/main, out/preload, out/renderer):
 * - main: ESM; the trainer entry is bundled separately through its `?modulePath` import and forked as a
 *   utility process. Dependencies stay external (better-sqlite3 and tfjs load from node_modules).
 * - preload: one CommonJS file with every dependency bundled, since a sandboxed preload can require
 *   only `electron`.
 * - renderer: Vue; also what `enas serve` serves to a browser.
 */
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: { rollupOptions: { input: { index: resolve('src/main/index.ts') } } },
  },
  preload: {
    build: {
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    build: { rollupOptions: { input: { index: resolve('src/renderer/index.html') } } },
    plugins: [vue()],
  },
});
