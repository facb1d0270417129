/**
 * The child process of store-kill.test.ts (docs/reliability.md T2.1): runs the real store under a write-heavy
 * workload until it is SIGKILLed, and reports on stdout what is durable, always after the call returned.
 *
 * Usage: node --import tsx store-kill-writer.ts <db file> <checkpoint dir> <seed>
 *
 * The run continues across kills the way a resumed run does: transaction k writes metric `tx` = k at step
 * k, 64 `child/loss` points at steps 64k…64k+63, 4 samples with seq 4k…4k+3 and one event, in one
 * writeBatch; every 4th transaction also writes a checkpoint file (seeded size and bytes) and deletes the
 * oldest when more than 3 are kept. Lines written:
 *   ready <k>          the store is open; k is the first transaction this process will write
 *   commit <k>         writeBatch of transaction k returned
 *   ckpt-begin <k>     about to write the checkpoint of transaction k
 *   ckpt <id> <k>      writeCheckpoint returned checkpoint row <id>
 *   deleting <id>      about to delete checkpoint <id> (it may or may not survive a kill from here on)
 */
import { createPrng } from '../../src/core/random/prng';
import type { SampleRecord } from '../../src/shared/run';
import { openStore } from '../../src/store/store';

const [dbFile, checkpointDir, seedText] = process.argv.slice(2);
if (dbFile === undefined || checkpointDir === undefined || seedText === undefined) {
  throw new Error('usage: store-kill-writer.ts <db file> <checkpoint dir> <seed>');
}
const seed = Number(seedText);
const say = (line: string): void => {
  // Writes to a pipe are synchronous on Linux, so a line said is a line the parent will read.
  process.stdout.write(`${line}\n`);
};

const store = openStore(dbFile);
const run = store.runs.list().at(-1) ?? store.runs.create({
  name: 'kill test',
  space: 'micro',
  strategy: 'enas',
  preset: 'quick',
  datasetId: null,
  config: { seed },
  seed,
  backend: 'cpu',
  versions: {},
});
store.runs.setStatus(run.id, 'running');
let k = (store.metrics.series(run.id, 'tx', { points: 3 }).steps.at(-1) ?? -1) + 1;
say(`ready ${k}`);

function samplesOf(tx: number): SampleRecord[] {
  return Array.from({ length: 4 }, (_, i): SampleRecord => {
    const seq = tx * 4 + i;
    return {
      runId: run.id,
      seq,
      step: tx,
      arc: `${seq % 5} 0 ${seq % 3} 1`,
      archId: `micro-${(seq % 97).toString(16).padStart(16, '0')}`,
      reward: (seq % 100) / 100,
      baseline: 0.5,
      logProb: -1,
      entropy: 1,
      validScore: (seq % 100) / 100,
      paramCount: 1000 + seq,
      status: 'ok',
      failure: null,
    };
  });
}

function checkpointBytes(tx: number): Uint8Array {
  const prng = createPrng(seed * 1_000_003 + tx);
  const data = new Uint8Array(1024 + prng.int(256 * 1024));
  for (let i = 0; i < data.length; i += 4) {
    const word = prng.int(0x100000000);
    data[i] = word & 0xff;
    data[i + 1] = (word >>> 8) & 0xff;
    data[i + 2] = (word >>> 16) & 0xff;
    data[i + 3] = word >>> 24;
  }
  return data;
}

for (;;) {
  store.writeBatch({
    metrics: [
      { runId: run.id, series: 'tx', step: k, value: k },
      ...Array.from({ length: 64 }, (_, j) => ({ runId: run.id, series: 'child/loss', step: k * 64 + j, value: 1 / (1 + k + j) })),
    ],
    samples: samplesOf(k),
    events: [{ runId: run.id, level: 'info', message: `tx ${k}` }],
  });
  say(`commit ${k}`);
  if (k % 4 === 0) {
    say(`ckpt-begin ${k}`);
    const record = await store.checkpointFiles.writeCheckpoint(checkpointDir, run.id, k, checkpointBytes(k));
    say(`ckpt ${record.id} ${k}`);
    const kept = store.checkpoints.list(run.id);
    const oldest = kept[0];
    if (kept.length > 3 && oldest !== undefined) {
      say(`deleting ${oldest.id}`);
      await store.checkpointFiles.deleteCheckpoint(oldest.id);
    }
  }
  k++;
}
