/**
 * What a researcher should hear before searching on a dataset whose validation split is too small to rank
 * architectures. ENAS ranks children by their validation score (Pham et al. 2018, §2.2); on 2 validation
 * images that score is 0, 0.5 or 1, so most candidates tie and a search "completes" with every candidate at
 * 1.0. Warned, not refused: a tiny dataset is also how one tries the tool.
 */
import type { DatasetRecord } from './run';

/** Below this many validation examples (images), scores move in steps of over 1% and ties swamp the ranking. */
export const MIN_RANKING_VALID = 100;

export function splitWarnings(dataset: Pick<DatasetRecord, 'name' | 'kind' | 'summary'>): string[] {
  if (dataset.kind !== 'image') return [];
  const valid = dataset.summary.counts.valid ?? 0;
  const train = dataset.summary.counts.train ?? 0;
  const warnings: string[] = [];
  if (valid < MIN_RANKING_VALID) {
    warnings.push(
      `${dataset.name} has ${valid} validation image${valid === 1 ? '' : 's'}: a validation accuracy moves in steps of ` +
        `${valid === 0 ? '—' : `1/${valid}`}, too coarse to rank architectures (most will tie); ` +
        `use at least ${MIN_RANKING_VALID} (more images per class)`,
    );
  }
  if (train < 10 * Math.max(2, dataset.summary.classes.length)) {
    warnings.push(`${dataset.name} has ${train} training images: the shared weights barely train, so rewards are mostly noise`);
  }
  return warnings;
}
