/**
 * Entry of the trainer process. It announces itself (`ready` with the protocol version), waits for one
 * `start`, runs that job, reports `finished` or `failed`, and exits. A `stop` (or SIGTERM) makes the job
 * checkpoint and end between batches. The host supervises it and owns every decision about the run's status.
 */
import { PROTOCOL_VERSION } from '../shared/protocol';
import type { StartMessage } from '../shared/protocol';
import { toWireError } from '../shared/errors';
import { runJob } from './run-job';
import { createTransport } from './transport';

const transport = createTransport();
const stop = { aborted: false };
let started = false;

async function start(message: StartMessage): Promise<void> {
  try {
    const results = await runJob(message, transport, stop);
    transport.send({ type: 'finished', stopped: stop.aborted, results });
    await transport.flush();
    process.exit(0);
  } catch (err) {
    if (err instanceof Error && err.stack) console.error(err.stack);
    transport.send({ type: 'failed', error: toWireError(err) });
    await transport.flush();
    process.exit(1);
  }
}

transport.onMessage(
  (message) => {
    if (message.type === 'stop') {
      stop.aborted = true;
    } else if (!started) {
      started = true;
      void start(message);
    } else {
      transport.send({ type: 'log', level: 'warn', message: 'ignored a second start message: one job per trainer' });
    }
  },
  (why) => transport.send({ type: 'log', level: 'error', message: `ignored an invalid host message: ${why}` }),
);

/*
 * SIGTERM is a stop, not a death: Slurm's scancel, preemption and requeue signal every process of the job,
 * this one included, usually before its host can send `stop`, and then SIGKILL after KillWait (30 s by
 * default). Ending between batches with a checkpoint keeps the shared-weight steps since the last one. Before
 * a job started there is nothing to keep.
 */
process.on('SIGTERM', () => {
  if (!started) process.exit(143);
  if (stop.aborted) return;
  stop.aborted = true;
  transport.send({ type: 'log', level: 'info', message: 'SIGTERM: checkpointing, then stopping between batches' });
});

transport.send({ type: 'ready', protocolVersion: PROTOCOL_VERSION, pid: process.pid });
