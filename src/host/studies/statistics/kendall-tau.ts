/**
 * Kendall's rank correlation τ_b (Kendall 1945, the tie-corrected form): over all pairs (i, j),
 * τ_b = (C − D) / √((n₀ − n₁)(n₀ − n₂)), with C concordant and D discordant pairs, n₀ = n(n−1)/2 and n₁, n₂
 * the pairs tied in x and in y. It is how Yu et al. (2020) and Sciuto et al. measure whether a supernet
 * ranks architectures the way training them from scratch does (1: same order, 0: unrelated).
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length) throw new RangeError(`kendallTauB: x has ${x.length} values, y has ${y.length}`);
  const n = x.length;
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign((x[i] ?? 0) - (x[j] ?? 0));
      const dy = Math.sign((y[i] ?? 0) - (y[j] ?? 0));
      if (dx === 0) tiesX += 1;
      if (dy === 0) tiesY += 1;
      if (dx !== 0 && dy !== 0) {
        if (dx === dy) concordant += 1;
        else discordant += 1;
      }
    }
  }
  const pairs = (n * (n - 1)) / 2;
  const denominator = Math.sqrt((pairs - tiesX) * (pairs - tiesY));
  return denominator === 0 ? null : (concordant - discordant) / denominator;
}
