/** electron-vite's module suffixes for the main process: `?modulePath` imports give a built file's path. */
/// <reference types="electron-vite/node" />
