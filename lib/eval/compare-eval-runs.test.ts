import { describe, expect, it } from "vitest";
import { loadContract } from "../contract";
import { compareEvalRuns, EvalPairingError } from "./compare-eval-runs";
import type { EvalCaseRow } from "./run-eval-in-process";

const gate = loadContract().eval_gate;
const row = (
  id: string,
  prompt_version: string,
  quality_score: number,
  over: Partial<EvalCaseRow> = {},
): EvalCaseRow => ({
  id,
  topic: "t",
  prompt_version,
  status: 200,
  trace_id: null,
  quality_score,
  hits: [],
  misses: [],
  client_latency_ms: 1000,
  latency_ms: 1000,
  prompt_tokens: 400,
  completion_tokens: 60,
  cost_usd: 0.0001,
  error: null,
  ...over,
});
const run = (version: string, scores: number[], over: (i: number) => Partial<EvalCaseRow> = () => ({})) =>
  scores.map((s, i) => row(`q${i}`, version, s, over(i)));
const twenty = (value: number) => Array.from({ length: 20 }, () => value);

describe("compareEvalRuns", () => {
  it("fails a candidate that loses quality beyond the tolerance, naming the metric and the interval", () => {
    const c = compareEvalRuns(
      run("v2.1", twenty(100)),
      run("v1.0", [...twenty(100).slice(0, 10), ...Array(10).fill(0)]),
      gate,
    );
    expect(c.regressed).toBe(true);
    expect(c.checks.find((k) => k.check === "mean_quality")).toMatchObject({
      baseline: 100,
      candidate: 50,
      change: -50,
      regressed: true,
    });
    expect(c.checks.find((k) => k.check === "pass_rate")?.regressed).toBe(true);
    expect(c.regressions[0]).toMatch(
      /^mean quality 50 vs 100 \(v1\.0 vs v2\.1\): -50 points, 95% CI \[-\d+(\.\d+)?, -\d+(\.\d+)?\]/,
    );
    expect(c).toMatchObject({ better: 0, worse: 10, same: 10, sign_test_p: 0.00195 });
  });

  it("passes a drop inside the tolerance, and one whose interval still includes no change", () => {
    expect(compareEvalRuns(run("a", twenty(90)), run("b", twenty(89)), gate).regressed).toBe(false);
    // One question of twenty drops 100 points: a 5-point mean drop, but the bootstrap interval reaches 0.
    const noisy = compareEvalRuns(run("a", twenty(100)), run("b", [0, ...twenty(100).slice(1)]), gate);
    expect(noisy.quality_difference.hi).toBe(0);
    expect(noisy.checks.find((k) => k.check === "mean_quality")?.regressed).toBe(false);
  });

  it("fails on p95 latency only above both the relative and the absolute floor", () => {
    const slow = (ms: number) => () => ({ latency_ms: ms });
    expect(
      compareEvalRuns(run("a", twenty(100), slow(10)), run("b", twenty(100), slow(40)), gate).regressed,
    ).toBe(false);
    const c = compareEvalRuns(run("a", twenty(100), slow(1000)), run("b", twenty(100), slow(1500)), gate);
    expect(c.regressions).toEqual([
      expect.stringMatching(/^p95 latency 1500 ms vs 1000 ms \(b vs a\): \+500 ms/),
    ]);
  });

  it("fails on cost per request beyond the tolerance", () => {
    const c = compareEvalRuns(
      run("a", twenty(100)),
      run("b", twenty(100), () => ({ cost_usd: 0.00013 })),
      gate,
    );
    expect(c.regressions).toEqual([
      expect.stringMatching(/^cost per request \$0\.00013 vs \$0\.0001 \(b vs a\): \+30%/),
    ]);
    expect(c.baseline.total_cost_usd).toBeCloseTo(0.002, 10);
  });

  it("aggregates p95 with the collector's percentile and counts tokens", () => {
    const c = compareEvalRuns(
      run("a", twenty(100), (i) => ({ latency_ms: (i + 1) * 100 })),
      run("b", twenty(100)),
      gate,
    );
    expect(c.baseline.p95_latency_ms).toBe(1905); // linear interpolation: rank 0.95 * 19 = 18.05
    expect(c.baseline.total_tokens).toBe(20 * 460);
    expect(c.price_table_version).toMatch(/^openai-/);
  });

  it("refuses runs over different questions", () => {
    expect(() => compareEvalRuns(run("a", [1, 2]), [row("q0", "b", 1), row("zz", "b", 2)], gate)).toThrow(
      EvalPairingError,
    );
    expect(() => compareEvalRuns(run("a", [1, 2]), run("b", [1]), gate)).toThrow(/unpaired ids: q1/);
  });
});
