/**
 * The two distribution tests the drift detector uses.
 * - PSI (population stability index): bins from the reference's quantiles, then
 *   Σ (cur% − ref%) · ln(cur% / ref%). Empty bins are floored at 1e-4 so one empty bin cannot
 *   make it infinite. Common reading: < 0.1 stable, 0.1–0.25 moderate, ≥ 0.25 significant shift.
 * - Two-sample Kolmogorov–Smirnov: D is the largest gap between the two empirical CDFs; the
 *   p-value uses the asymptotic Kolmogorov distribution with Stephens' small-sample correction
 *   (Numerical Recipes' `kstwo`/`probks`).
 */
import { percentile } from "../collector/percentile";

const FLOOR = 1e-4;

/** Index of the first edge >= value (values equal to an edge fall in that edge's bin). */
function binOf(edges: readonly number[], value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** PSI of `current` against `reference`; NaN when either side is empty. Non-finite values are ignored. */
export function psi(reference: readonly number[], current: readonly number[], bins = 10): number {
  const ref = Float64Array.from(reference.filter(Number.isFinite)).sort();
  const cur = current.filter(Number.isFinite);
  if (ref.length === 0 || cur.length === 0) return Number.NaN;
  // Inner edges at the reference's quantiles; duplicates (discrete data) collapse into one bin.
  const edges = [
    ...new Set(Array.from({ length: bins - 1 }, (_, k) => percentile(ref, (100 * (k + 1)) / bins)!)),
  ];
  const count = (values: ArrayLike<number>) => {
    const counts = new Array(edges.length + 1).fill(0);
    for (let i = 0; i < values.length; i++) counts[binOf(edges, values[i])]++;
    return counts.map((c) => Math.max(c / values.length, FLOOR));
  };
  const r = count(ref);
  const c = count(cur);
  return r.reduce((sum, rp, i) => sum + (c[i] - rp) * Math.log(c[i] / rp), 0);
}

/** Survival function of the Kolmogorov distribution, Q_KS(λ) = 2 Σ (−1)^(j−1) e^(−2 j² λ²). */
export function kolmogorovQ(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  let sign = 1;
  for (let j = 1; j <= 100; j++) {
    const term = sign * Math.exp(-2 * j * j * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-12 * Math.abs(sum)) break;
    sign = -sign;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

export interface KsResult {
  d: number;
  p_value: number;
}

/** Two-sample KS test; D = NaN and p = NaN when either sample is empty. */
export function ksTest(a: readonly number[], b: readonly number[]): KsResult {
  const x = Float64Array.from(a.filter(Number.isFinite)).sort();
  const y = Float64Array.from(b.filter(Number.isFinite)).sort();
  const n = x.length;
  const m = y.length;
  if (n === 0 || m === 0) return { d: Number.NaN, p_value: Number.NaN };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    // Step past every copy of the smaller value on both sides, so ties do not inflate D.
    const v = Math.min(x[i], y[j]);
    while (i < n && x[i] === v) i++;
    while (j < m && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  const en = Math.sqrt((n * m) / (n + m));
  return { d, p_value: kolmogorovQ((en + 0.12 + 0.11 / en) * d) };
}
