import { describe, expect, it } from "vitest";
import { task5Charts, type PlotlyFigure } from "../charts";
import { MetricsCollector } from "../collector";
import { detectDrift } from "../drift";
import { generateDriftTraffic } from "../drift-traffic";
import { MIN_PRINTED_PT } from "../report/figure-legibility";
import { FIGURE_WIDTH_MM } from "../report/report-html";
import { generateTraces } from "../synth";
import { driftByWeekChart } from "./drift-chart";
import { spanWaterfall } from "./span-waterfall";
import { loadContract } from "../contract";

const contract = loadContract();

/** Every font size a figure spec states (layout and traces), the base font standing for text that states none. */
function fontSizes(figure: PlotlyFigure): number[] {
  const sizes: number[] = [];
  const walk = (value: unknown, inFont: boolean) => {
    if (Array.isArray(value)) return value.forEach((v) => walk(v, inFont));
    if (!value || typeof value !== "object") return;
    for (const [key, v] of Object.entries(value)) {
      if (inFont && key === "size" && typeof v === "number") sizes.push(v);
      else walk(v, /font$/i.test(key));
    }
  };
  walk(figure.layout, false);
  walk(figure.data, false);
  return sizes;
}

const printedPt = (figure: PlotlyFigure) =>
  (Math.min(...fontSizes(figure)) / (figure.layout.width as number)) * FIGURE_WIDTH_MM * (72 / 25.4);

describe("chart legibility in the report", () => {
  const traces = generateTraces({ contract, n: 400, seed: 3 });
  const drift = generateDriftTraffic({ contract, weeks: 6, perWeek: 150, changeWeek: 4 });
  const figures: Record<string, PlotlyFigure> = {
    ...task5Charts(traces, { contract, metrics: new MetricsCollector().compute(traces) }),
    drift: driftByWeekChart(detectDrift(drift.traces, { contract }), {
      changeAt: drift.change!.at,
      changeLabel: "change",
    }),
    waterfall: spanWaterfall([
      { traceId: "a".repeat(32), spanId: "1", name: "r", start_ms: 0, end_ms: 10, attributes: {} },
    ]),
  };

  it.each(Object.keys(figures))(
    "%s: its smallest stated font prints at >= 8 pt over the report's figure width",
    (name) => {
      expect(fontSizes(figures[name]).length).toBeGreaterThan(0);
      expect(printedPt(figures[name])).toBeGreaterThanOrEqual(MIN_PRINTED_PT);
    },
  );

  it("fails a figure exported wider with the same fonts (the check can fail)", () => {
    const wide = {
      ...figures.task5_latency_histogram,
      layout: { ...figures.task5_latency_histogram.layout, width: 900 },
    };
    expect(printedPt(wide)).toBeLessThan(MIN_PRINTED_PT);
  });
});
