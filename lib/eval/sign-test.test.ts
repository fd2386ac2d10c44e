import { describe, expect, it } from "vitest";
import { signTestP } from "./sign-test";

describe("signTestP", () => {
  it.each([
    // Checked against scipy.stats.binomtest(k, n, 0.5).pvalue.
    [0, 10, 0.001953125],
    [2, 8, 0.109375],
    [5, 5, 1],
    [0, 33, 2 * 0.5 ** 33],
    [0, 0, 1],
  ])("better %i, worse %i: p = %f", (better, worse, p) => {
    expect(signTestP(better, worse)).toBeCloseTo(p, 12);
  });

  it("stays finite for large n", () => {
    expect(signTestP(4000, 6000)).toBeGreaterThan(0);
    expect(signTestP(4000, 6000)).toBeLessThan(1e-80);
    expect(signTestP(5000, 5000)).toBe(1);
  });
});
