import { describe, expect, it } from "vitest";
import { detectDrift } from "../drift";
import { generateDriftTraffic } from "../drift-traffic";
import { driftByWeekChart } from "./drift-chart";
import { loadContract } from "../contract";

const contract = loadContract();

describe("driftByWeekChart", () => {
  const traffic = generateDriftTraffic({ contract, weeks: 6, perWeek: 150, changeWeek: 4 });
  const report = detectDrift(traffic.traces, { contract });
  const fig = driftByWeekChart(report, { changeAt: traffic.change!.at, changeLabel: "v2.3" });

  it("plots each week's PSI and quality from the report", () => {
    const [relevance, tokens, quality] = fig.data as { x: string[]; y: (number | null)[] }[];
    expect(relevance.x).toEqual(report.weeks.map((w) => w.week));
    expect(relevance.y).toEqual(report.weeks.map((w) => w.features.top_relevance.psi));
    expect(tokens.y).toEqual(report.weeks.map((w) => w.features.output_tokens.psi));
    expect(quality.y).toEqual(report.weeks.map((w) => w.quality.mean));
  });

  it("draws the contract's PSI lines, shades reference and flagged weeks, and marks the change", () => {
    const shapes = fig.layout.shapes as { type: string; y0: number; x0: number; fillcolor?: string }[];
    const lines = shapes.filter((s) => s.type === "line").map((s) => s.y0);
    expect(lines).toContain(report.thresholds.psi.alert);
    expect(lines).toContain(report.thresholds.psi.warn);
    const rects = shapes.filter((s) => s.type === "rect");
    expect(rects).toHaveLength(report.reference.weeks.length + report.flagged.length);
    const change = shapes.find((s) => s.type === "line" && s.x0 === 3.5);
    expect(change, "the change line sits at the start of week index 4").toBeDefined();
    expect(JSON.stringify(fig.layout.annotations)).toContain("v2.3");
  });
});
