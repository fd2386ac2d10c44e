import { describe, expect, it } from "vitest";
import type { EvalGateReport } from "./eval-gate";
import { evalGateVerdict } from "./eval-gate-output";

const side = { prompt_version: "", mean_quality: 0, pass_rate: 0, cost_per_request_usd: 0 };
/** Only the fields the verdict reads. */
const report = (regressed: boolean, lo: number, hi: number) =>
  ({
    regressed,
    exit_code: regressed ? 1 : 0,
    requested: { baseline: "v2", candidate: "v1" },
    baseline: { ...side, prompt_version: "v2.1", mean_quality: 89.5 },
    candidate: { ...side, prompt_version: "v1.0", mean_quality: 18.9 },
    quality_difference: { mean: (lo + hi) / 2, lo, hi, confidence: 0.95 },
    questions: [{}, {}, {}],
    worse: 2,
    better: 1,
    sign_test_p: 0.5,
    checks: regressed ? [{ check: "mean_quality", regressed: true }] : [],
    llm: "answered by the embedded simulator.",
  }) as unknown as EvalGateReport;

describe("evalGateVerdict", () => {
  it.each([
    [-80, -60, "entirely below zero"],
    [2, 9, "entirely above zero"],
    [-3, 4, "which includes zero"],
  ])("places the interval [%d, %d] against zero", (lo, hi, words) => {
    expect(evalGateVerdict(report(false, lo, hi), { regressed: false })).toContain(
      `[${lo}, ${hi}], ${words}`,
    );
  });

  it("says 'also' only when both directions agree, and the reverse command's exit code", () => {
    expect(evalGateVerdict(report(true, -80, -60), { regressed: false })).toContain(
      "the same answers pass the gate, so `--baseline v1 --candidate v2` exits 0",
    );
    expect(evalGateVerdict(report(true, -80, -60), { regressed: true })).toContain("would also fail");
    expect(evalGateVerdict(report(false, -3, 4), { regressed: true })).toContain("answers would fail, so");
    expect(evalGateVerdict(report(false, -3, 4), { regressed: false })).toContain("also pass the gate");
  });

  it("ends the LLM notice with one period", () => {
    expect(evalGateVerdict(report(false, -3, 4), { regressed: false })).toMatch(/simulator\.$/);
  });
});
