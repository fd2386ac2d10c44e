import { describe, expect, it } from "vitest";
import { FIXTURE_OUTPUTS } from "./__fixtures__/task-outputs";
import { driftSentence, feedbackSentence } from "./loop-sentences";

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
    expect(without).toContain("3 accepted (2 on traces this service issued, 1 on an id it never issued)");
    expect(without).not.toContain("--promote");
    const promotion = { store_traces: 5, with_feedback: 2, candidates: 1, thumbs_down: 1, low_quality: 0 };
    const withPromotion = feedbackSentence({
      ...FIXTURE_OUTPUTS.task4_tracing,
      feedback: { ...feedback, promotion },
    });
    expect(withPromotion).toMatch(
      /From the local trace store \(5 traces of this run, 2 with feedback\), .*--promote.* made 1 candidate eval case \(1 from a thumbs-down, 0 from low quality\)/,
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
