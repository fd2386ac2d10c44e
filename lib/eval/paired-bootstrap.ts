/**
 * A seeded paired bootstrap for the mean difference between two versions on the same questions.
 * Questions differ far more from each other than the versions do, so resampling the per-question
 * differences (not each version's scores separately) keeps that variation out of the interval.
 * Percentile interval, with the collector's percentile definition (linear interpolation).
 */
import { percentile } from "../collector/percentile";
import { mulberry32 } from "../seeded";

export interface BootstrapInterval {
  /** Mean of the differences (candidate − baseline). */
  mean: number;
  lo: number;
  hi: number;
  confidence: number;
  resamples: number;
  seed: number;
  /** Number of paired questions. */
  n: number;
}

export interface PairedBootstrapOptions {
  resamples?: number;
  confidence?: number;
  seed?: number;
}

/** Interval on mean(differences). No differences gives NaN bounds rather than a made-up interval. */
export function pairedBootstrap(
  differences: readonly number[],
  { resamples = 2000, confidence = 0.95, seed = 42 }: PairedBootstrapOptions = {},
): BootstrapInterval {
  const n = differences.length;
  if (n === 0) return { mean: Number.NaN, lo: Number.NaN, hi: Number.NaN, confidence, resamples, seed, n };
  const mean = differences.reduce((s, d) => s + d, 0) / n;
  const random = mulberry32(seed);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += differences[Math.floor(random() * n)];
    means[b] = sum / n;
  }
  means.sort();
  const tail = ((1 - confidence) / 2) * 100;
  return {
    mean,
    lo: percentile(means, tail)!,
    hi: percentile(means, 100 - tail)!,
    confidence,
    resamples,
    seed,
    n,
  };
}
