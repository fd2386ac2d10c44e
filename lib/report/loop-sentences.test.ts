import { describe, expect, it } from "vitest";
import { FIXTURE_OUTPUTS } from "./__fixtures__/task-outputs";
import { driftSentence, feedbackSentence, sloSentence } from "./loop-sentences";

const feedback = {
  requests: 4,
  accepted: 3,
  known: 2,
  unknown: 1,
  langfuse_score: "0 (BOOLEAN)",
  langsmith_feedback: "user_thumbs=0",
  planted_values: 3,
  raw_values_found: 0,
  lost: 0,
  dropped: 0,
};

describe("the report's feedback step", () => {
  it("says nothing without notebook 04's feedback run", () => {
    expect(feedbackSentence({ ...FIXTURE_OUTPUTS.task4_tracing, feedback: undefined })).toBe("");
  });

  it("states the promotion from the local store only when the run measured it, with its own numbers", () => {
    const without = feedbackSentence({ ...FIXTURE_OUTPUTS.task4_tracing, feedback });
    expect(without).toContain("3 were accepted (1 on an id the service never issued)");
    expect(without).not.toContain("--promote");
    const promotion = { store_traces: 5, with_feedback: 2, candidates: 1, thumbs_down: 1, low_quality: 0 };
    const withPromotion = feedbackSentence({
      ...FIXTURE_OUTPUTS.task4_tracing,
      feedback: { ...feedback, promotion },
    });
    expect(withPromotion).toMatch(
      /--promote.* turned this run's 5 stored traces into 1 candidate eval case \(1 from a thumbs-down, 0 from low quality\)/,
    );
  });
});

describe("the report's drift step", () => {
  it("states the notebook's before/after split, and nothing without it", () => {
    const drift = FIXTURE_OUTPUTS.task5_drift;
    expect(driftSentence(drift)).toMatch(
      /flagged all 3 weeks from the change on and 0 of 3 stable weeks before it/,
    );
    expect(driftSentence({ ...drift, around_change: undefined })).toBe("");
  });
});

describe("the report's SLO step", () => {
  const slo = (name: string, burn: number | null) => ({
    slo: name,
    objective_percent: 95,
    window: "30d",
    threshold_ms: null,
    bad: 1,
    sli_percent: 94,
    error_budget_percent: 5,
    burn_rate: burn,
    budget_remaining_percent: 0,
  });
  const t5 = FIXTURE_OUTPUTS.task5_metrics;

  it("names the SLOs burning budget apart from the rest, and says whether promtool passed", () => {
    const text = sloSentence({
      ...t5,
      slos: [slo("availability", 1.8), slo("latency", 1.2), slo("quality", 0.81)],
      slo_burn_alerts: [{ alert: "a", severity: "page", expr: "x" }],
      slo_rule_tests: { file: "f", scenarios: 13, ok: false, output: "" },
    });
    expect(text).toContain(
      "Availability (1.80×) and latency (1.20×) burn their error budget faster than allowed; quality (0.81×) does not.",
    );
    expect(text).toContain("The burn-rate alert generated from the contract FAIL");
  });

  it("says so when no SLO burns too fast, and nothing without SLOs", () => {
    const calm = sloSentence({ ...t5, slos: [slo("quality", 0.5), slo("ttft", null)], slo_burn_alerts: [] });
    expect(calm).toContain(
      "No SLO burns its error budget faster than allowed; quality (0.50×) does not; ttft had no data.",
    );
    expect(calm).toContain("No burn-rate alerts were generated from the contract.");
    expect(sloSentence({ ...t5, slos: [] })).toBe("");
  });
});
