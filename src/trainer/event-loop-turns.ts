/**
 * A search task that lets the trainer's event loop run before each batch. tfjs's cpu and wasm kernels run
 * synchronously and their `data()` resolves as a microtask, so a search never reaches the event loop between
 * batches, only at a checkpoint write: until then the trainer reads no `stop` from the host and does not
 * notice that its host is gone (measured on the tiny search: a stop sent after step 0 took effect after
 * step 7, and a trainer orphaned by a host crash trained on for seconds: docs/reliability.md T1.5).
 */
import type { SearchTask } from '../core/search/search-task';

/** One turn of the event loop: pending IPC messages and timers run before it resolves. */
export const eventLoopTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function withEventLoopTurns(task: SearchTask): SearchTask {
  return {
    batchesPerEpoch: task.batchesPerEpoch,
    higherIsBetter: task.higherIsBetter,
    scoreName: task.scoreName,
    async trainStep(tokens, learningRate, progress) {
      await eventLoopTurn();
      return task.trainStep(tokens, learningRate, progress);
    },
    async reward(tokens, batchSize) {
      await eventLoopTurn();
      return task.reward(tokens, batchSize);
    },
    async score(tokens, size) {
      await eventLoopTurn();
      return task.score(tokens, size);
    },
    paramCount: (tokens) => task.paramCount(tokens),
    costs: task.costs,
    ...(task.latency === undefined
      ? {}
      : {
          latency: async (tokens: readonly number[], repeats: number) => {
            await eventLoopTurn();
            return task.latency!(tokens, repeats);
          },
        }),
    getState: () => task.getState(),
    setState: (state) => task.setState(state),
    dispose: () => task.dispose(),
  };
}
