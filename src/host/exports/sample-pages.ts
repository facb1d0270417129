/**
 * Walks every sampled architecture of a run matching a filter, one page at a time, in seq order, so an
 * export of 100,000 samples never holds them all at once.
 */
import type { SampleQuery, SampleRecord } from '../../shared/run';
import type { Store } from '../../store/store';

const PAGE = 1000;

export async function* allSamples(
  store: Pick<Store, 'samples'>,
  filter: Omit<SampleQuery, 'sortBy' | 'order' | 'offset' | 'limit'>,
): AsyncGenerator<SampleRecord> {
  for (let offset = 0; ; offset += PAGE) {
    const { rows } = store.samples.page({ ...filter, sortBy: 'seq', order: 'asc', offset, limit: PAGE });
    yield* rows;
    if (rows.length < PAGE) return;
  }
}
