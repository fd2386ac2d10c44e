/**
 * Percentiles by linear interpolation between closest ranks: numpy.percentile's default
 * (`method="linear"`, R's type 7). For sorted values a[0..n-1], rank = p/100 * (n-1) and the
 * result interpolates between a[floor(rank)] and a[ceil(rank)].
 */

/** The p-th percentile (0..100) of ascending `sorted` values; null for no values. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 100)) return null;
  const rank = (p / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo];
  return a + (sorted[hi] - a) * (rank - lo);
}
