import { describe, expect, it } from "vitest";
import { mulberry32 } from "../seeded";
import { kolmogorovQ, ksTest, psi } from "./drift-statistics";

const uniform = (seed: number, n: number, scale = 1, shift = 0) => {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => shift + scale * r());
};

describe("psi", () => {
  it("is 0 for the same sample and small for two samples of one distribution", () => {
    const a = uniform(1, 2000);
    expect(psi(a, a)).toBeCloseTo(0, 12);
    expect(psi(a, uniform(2, 2000))).toBeLessThan(0.02);
  });

  it("matches a hand computation when half the mass moves out of the reference's range", () => {
    // Reference 1..100 in 2 bins (edge at its median 50.5); current 51..150 puts all of its mass in the upper bin.
    const ref = Array.from({ length: 100 }, (_, i) => i + 1);
    const cur = ref.map((v) => v + 50);
    const expected = (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + (1 - 0.5) * Math.log(1 / 0.5);
    expect(psi(ref, cur, 2)).toBeCloseTo(expected, 10);
  });

  it("grows with the shift", () => {
    const ref = uniform(3, 1000);
    expect(psi(ref, uniform(4, 1000, 1, 0.3))).toBeGreaterThan(psi(ref, uniform(4, 1000, 1, 0.1)));
    expect(psi(ref, uniform(4, 1000, 1, 0.3))).toBeGreaterThan(0.25);
  });

  it("handles discrete data, empty samples and non-finite values without throwing", () => {
    expect(psi([1, 1, 1, 2], [1, 2, 2, 2])).toBeGreaterThan(0);
    expect(Number.isNaN(psi([], [1]))).toBe(true);
    expect(psi([1, 2, NaN, 3], [1, 2, Infinity, 3])).toBeCloseTo(0, 12);
  });
});

describe("ksTest", () => {
  it("computes D as the largest CDF gap, ties stepped together", () => {
    expect(ksTest([1, 2, 3, 4], [3, 4, 5, 6]).d).toBe(0.5);
    expect(ksTest([1, 1, 2], [1, 1, 2]).d).toBe(0);
  });

  it("has the Kolmogorov distribution's tail (checked against scipy.special.kolmogorov)", () => {
    expect(kolmogorovQ(1.358)).toBeCloseTo(0.05003, 4);
    expect(kolmogorovQ(1.0)).toBeCloseTo(0.27, 4);
    expect(kolmogorovQ(0.5)).toBeCloseTo(0.96395, 4);
    expect(kolmogorovQ(0.05)).toBe(1);
  });

  it("does not reject one distribution and does reject a shifted one", () => {
    expect(ksTest(uniform(5, 500), uniform(6, 500)).p_value).toBeGreaterThan(0.05);
    expect(ksTest(uniform(5, 500), uniform(6, 500, 1, 0.2)).p_value).toBeLessThan(1e-6);
    expect(Number.isNaN(ksTest([], [1]).p_value)).toBe(true);
  });
});
