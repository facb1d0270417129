/**
 * Loading a checkpoint into a child network: its weights, then the keyed optimizer state, whose slots are
 * checked against the shapes of the variables they belong to (a checkpoint of another network is refused).
 */
import type { WeightSnapshot } from './layers/param-store';
import type { ChildWeights } from './supernet';

export function restoreChildWeights(net: ChildWeights, weights: WeightSnapshot, optimizer: WeightSnapshot): void {
  net.setWeights(weights);
  const shapes = new Map([...net.variables].map(([name, v]) => [name, v.shape] as const));
  net.optimizer.setState(optimizer, shapes);
}
