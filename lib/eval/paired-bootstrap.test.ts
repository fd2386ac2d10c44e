import { describe, expect, it } from "vitest";
import { pairedBootstrap } from "./paired-bootstrap";

describe("pairedBootstrap", () => {
  it("is repeatable for a seed and brackets the mean", () => {
    const diffs = [-50, -40, 0, -100, -20, 10, -60, -30, 0, -80];
    const a = pairedBootstrap(diffs, { seed: 7 });
    expect(pairedBootstrap(diffs, { seed: 7 })).toEqual(a);
    expect(a.mean).toBe(-37);
    expect(a.lo).toBeLessThan(a.mean);
    expect(a.hi).toBeGreaterThan(a.mean);
    expect(a.hi).toBeLessThan(0);
    expect(pairedBootstrap(diffs, { seed: 8 }).lo).not.toBe(a.lo);
  });

  it("gives a zero-width interval when every question moved the same way", () => {
    expect(pairedBootstrap([5, 5, 5], { resamples: 200 })).toMatchObject({ mean: 5, lo: 5, hi: 5, n: 3 });
  });

  it("straddles zero for differences that cancel out", () => {
    const r = pairedBootstrap([30, -30, 20, -20, 10, -10, 5, -5]);
    expect(r.lo).toBeLessThan(0);
    expect(r.hi).toBeGreaterThan(0);
  });

  it("gives NaN bounds, not a made-up interval, for no pairs", () => {
    expect(Number.isNaN(pairedBootstrap([]).lo)).toBe(true);
  });

  it("a higher confidence gives a wider interval", () => {
    const diffs = Array.from({ length: 30 }, (_, i) => (i % 7) - 4);
    const narrow = pairedBootstrap(diffs, { confidence: 0.8 });
    const wide = pairedBootstrap(diffs, { confidence: 0.99 });
    expect(wide.hi - wide.lo).toBeGreaterThan(narrow.hi - narrow.lo);
  });
});
