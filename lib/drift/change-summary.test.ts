import { describe, expect, it } from "vitest";
import { loadContract } from "../contract";
import { detectDrift } from "../drift";
import { generateDriftTraffic } from "../drift-traffic";
import { driftChangeSummary } from "./change-summary";

const contract = loadContract();
const traffic = generateDriftTraffic({ contract });
const report = detectDrift(traffic.traces, { contract });
const change = traffic.change!;

describe("driftChangeSummary", () => {
  it("states the detector's split and what moved in the change's week, directions from the numbers", () => {
    const text = driftChangeSummary(report, change, { failureAlertPct: 5 });
    expect(text).toContain("flagged **3 of the 3 weeks** from that date on and **0 of the 3 stable weeks**");
    expect(text).toMatch(/mean top relevance (fell|rose|stayed at) /);
    expect(text).toContain(
      "so a failure-rate alert would not have named this change; the week-over-reference comparison did.",
    );
  });

  it("says 'stayed at' for an unchanged mean, and that a failure-rate alert would have fired past its line", () => {
    const day = change.at.slice(0, 10);
    const weeks = report.weeks.map((w) =>
      w.week === day
        ? {
            ...w,
            failure_rate: 9,
            features: {
              ...w.features,
              top_relevance: {
                ...w.features.top_relevance,
                mean: report.weeks[0].features.top_relevance.mean,
              },
            },
          }
        : w,
    );
    const text = driftChangeSummary({ ...report, weeks }, change, { failureAlertPct: 5 });
    expect(text).toMatch(/mean top relevance stayed at /);
    expect(text).toContain(
      "over the contract's 5% alert line, so a failure-rate alert would have fired too.",
    );
  });

  it("does not credit the detector when it flagged nothing after the change", () => {
    const weeks = report.weeks.map((w) => (w.status === "drift" ? { ...w, status: "stable" as const } : w));
    const text = driftChangeSummary({ ...report, weeks, flagged: [] }, change, { failureAlertPct: 5 });
    expect(text).toContain("flagged **0 of the 3 weeks**");
    expect(text).not.toContain("the week-over-reference comparison did");
  });
});
