/**
 * The exact two-sided sign test on paired outcomes: of the questions whose score changed, is the
 * split between "better" and "worse" plausible under a fair coin? Ties carry no direction and
 * are left out, as the test prescribes. Assumes nothing about the size of the differences,
 * which is why it sits beside the bootstrap interval (which does).
 */

/** Two-sided p-value for `better` vs `worse` counts; 1 when nothing changed. */
export function signTestP(better: number, worse: number): number {
  const n = better + worse;
  if (n === 0) return 1;
  const k = Math.min(better, worse);
  // Binomial(n, 1/2) probabilities in log space, so large n does not underflow.
  let logP = -n * Math.LN2;
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    tail += Math.exp(logP);
    logP += Math.log((n - i) / (i + 1));
  }
  return Math.min(1, 2 * tail);
}
