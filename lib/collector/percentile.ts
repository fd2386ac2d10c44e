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

/**
 * The same percentiles without a full sort: quickselect partially orders `values` in place
 * (O(n) on average instead of O(n log n)), which is what keeps 1M traces well under a second.
 * `ps` are 0..100; results are in the order given. `values` is reordered.
 */
export function percentilesInPlace(values: Float64Array, ps: readonly number[]): (number | null)[] {
  const n = values.length;
  const wanted = ps.map((p) => (n > 0 && p >= 0 && p <= 100 ? (p / 100) * (n - 1) : -1));
  const order = wanted.map((_, i) => i).sort((a, b) => wanted[a] - wanted[b]);
  const results: (number | null)[] = ps.map(() => null);
  let left = 0;
  for (const i of order) {
    const rank = wanted[i];
    if (rank < 0) continue;
    const lo = Math.floor(rank);
    if (lo >= left) {
      select(values, lo, left, n - 1);
      left = lo;
    }
    // After selecting lo, everything right of it is >= values[lo]; the next order statistic is their minimum.
    let next = values[lo];
    if (lo + 1 < n && rank > lo) {
      next = Infinity;
      for (let j = lo + 1; j < n; j++) if (values[j] < next) next = values[j];
    }
    results[i] = values[lo] + (next - values[lo]) * (rank - lo);
  }
  return results;
}

/** Hoare-style quickselect with median-of-three pivots: puts the k-th smallest of a[left..right] at a[k]. */
function select(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    const mid = (left + right) >>> 1;
    // median of three to a[mid]
    if (a[mid] < a[left]) swap(a, mid, left);
    if (a[right] < a[left]) swap(a, right, left);
    if (a[right] < a[mid]) swap(a, right, mid);
    const pivot = a[mid];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
