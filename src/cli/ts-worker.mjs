/**
 * Starts a worker thread on a TypeScript entry, as bin/enas.mjs starts the CLI: it registers tsx's loader in
 * the worker (loaders registered in the main thread do not reach workers) and imports `workerData.entry`.
 */
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
