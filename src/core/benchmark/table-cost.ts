/**
 * The cost model of a tabular nb201 search: NAS-Bench-201's fixed network (core/spaces/nb201-cost.ts) at
 * CIFAR size, with the classifier of the table's dataset. The shipped CIFAR-100 table gets 100 classes;
 * every other table, imported ones included, is costed as the benchmark's CIFAR-10 network (10 classes):
 * a table's CSV says nothing about its dataset.
 */
import { createCostModel, NB201_CIFAR10_INPUT } from '../spaces/arch-cost';
import type { CostModel } from '../spaces/arch-cost';

export function tableClasses(table: string): number {
  return table === 'nb201-cifar100' ? 100 : NB201_CIFAR10_INPUT.numClasses;
}

export function tableCostModel(table: string): CostModel {
  return createCostModel({ space: { space: 'nb201' }, input: { ...NB201_CIFAR10_INPUT, numClasses: tableClasses(table) } });
}
