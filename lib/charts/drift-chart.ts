/**
 * Drift by week as a plotly figure spec (the same `{data, layout}` style as lib/charts.ts): PSI of
 * top relevance and of output tokens per week as bars against the contract's warn/alert lines,
 * mean quality on a second axis, the reference window and flagged weeks shaded, and the change
 * date marked. Every number comes from `detectDrift`'s report.
 */
import {
  axis,
  baseLayout,
  CHART_HEIGHT,
  CHART_SMALL_FONT_PX,
  COLORS,
  hline,
  type PlotlyFigure,
} from "../charts";
import type { DriftReport } from "../drift";

export interface DriftChartOptions {
  /** When the change shipped (ISO), drawn as a labelled line; omit for none. */
  changeAt?: string;
  changeLabel?: string;
  width?: number;
  height?: number;
}

export function driftByWeekChart(report: DriftReport, options: DriftChartOptions = {}): PlotlyFigure {
  const weeks = report.weeks.map((w) => w.week);
  const { warn, alert } = report.thresholds.psi;
  const psiOf = (feature: "top_relevance" | "output_tokens") =>
    report.weeks.map((w) => w.features[feature].psi);
  // Weeks sit on a category axis, so week i spans i-0.5..i+0.5 for shading.
  const band = (i: number, color: string) => ({
    type: "rect",
    xref: "x",
    yref: "paper",
    x0: i - 0.5,
    x1: i + 0.5,
    y0: 0,
    y1: 1,
    fillcolor: color,
    opacity: 0.1,
    line: { width: 0 },
    layer: "below",
  });
  const lines = [
    hline(alert, COLORS.red, `PSI alert ${alert}`, false, 1.07),
    hline(warn, COLORS.yellow, `PSI warn ${warn}`, false, 1.07),
  ];
  const shapes: Record<string, unknown>[] = [
    ...report.weeks.flatMap((w, i) =>
      w.status === "reference" ? [band(i, COLORS.grey)] : w.status === "drift" ? [band(i, COLORS.red)] : [],
    ),
    ...lines.map((l) => l.shape),
  ];
  const annotations: Record<string, unknown>[] = lines.map((l) => l.annotation);
  if (options.changeAt) {
    // The change's position on the category axis: its week's index plus the fraction of that week elapsed.
    const at = Date.parse(options.changeAt);
    const i = weeks.findIndex((w) => at < Date.parse(w) + 7 * 86_400_000);
    if (i >= 0) {
      const x = i - 0.5 + Math.min(1, Math.max(0, (at - Date.parse(weeks[i])) / (7 * 86_400_000)));
      shapes.push({
        type: "line",
        xref: "x",
        yref: "paper",
        x0: x,
        x1: x,
        y0: 0,
        y1: 1,
        line: { color: COLORS.red, width: 2 },
      });
      annotations.push({
        xref: "x",
        yref: "paper",
        x,
        y: 1.02,
        text: options.changeLabel ?? `change ${options.changeAt.slice(0, 10)}`,
        showarrow: false,
        xanchor: "left",
        yanchor: "bottom",
        font: { size: CHART_SMALL_FONT_PX, color: COLORS.red },
      });
    }
  }
  return {
    data: [
      {
        type: "bar",
        name: "PSI: top retrieval relevance",
        x: weeks,
        y: psiOf("top_relevance"),
        marker: { color: COLORS.blue },
      },
      {
        type: "bar",
        name: "PSI: output tokens",
        x: weeks,
        y: psiOf("output_tokens"),
        marker: { color: COLORS.orange },
      },
      {
        type: "scatter",
        mode: "lines+markers",
        name: "mean quality score (right axis)",
        x: weeks,
        y: report.weeks.map((w) => w.quality.mean),
        yaxis: "y2",
        line: { color: COLORS.green, width: 2 },
      },
    ],
    layout: baseLayout(
      `Drift by week against the reference (${report.reference.weeks.length} weeks, grey); flagged weeks in red`,
      // Room under the plot for two-line week ticks and a two-row legend.
      { width: options.width, height: options.height ?? CHART_HEIGHT + 40 },
      {
        margin: { l: 70, r: 150, t: 80, b: 130 },
        legend: { orientation: "h", y: -0.3, x: 0 },
        barmode: "group",
        // Month-day over year, horizontal: rotated ISO dates at the report's width run into the legend.
        xaxis: {
          title: { text: "week (Monday, UTC)" },
          type: "category",
          tickmode: "array",
          tickvals: weeks,
          ticktext: weeks.map((w) => `${w.slice(5)}<br>${w.slice(0, 4)}`),
          tickangle: 0,
          gridcolor: "#e5e7eb",
        },
        // Zero-based axes: a PSI bar and a quality line are read against 0, not a cropped range.
        yaxis: axis("PSI against the reference", { rangemode: "tozero" }),
        yaxis2: {
          title: { text: "mean quality score" },
          overlaying: "y",
          side: "right",
          range: [0, 100],
          tickmode: "linear",
          tick0: 0,
          dtick: 20,
          showgrid: false,
        },
        shapes,
        annotations,
      },
    ),
  };
}
