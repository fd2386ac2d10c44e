/**
 * Task 5's charts as plain plotly.js figure specs (`{data, layout}`): JSON that renders the
 * same in a notebook (lib/charts/chart-display.ts) and in headless Chromium (lib/charts/chart-export.ts). Every
 * number is computed with the collector's definitions; threshold lines come from the contract.
 */
import { breakdown } from "./collector/breakdown";
import { MetricsCollector, type TraceMetrics } from "./collector";
import { nullIfUnpriced, priceTrace } from "./pricing";
import type { Trace } from "./schema";
import { statusOf, type AlertThreshold } from "./thresholds";
import { DEFAULT_QUALITY_PASS_THRESHOLD } from "./collector/trace-metrics";
import type { Contract } from "./contract";

export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

export interface ChartOptions {
  /** The contract whose alert thresholds (and TTFT SLO) the charts draw as lines. */
  contract: Pick<Contract, "alert_thresholds" | "slos">;
  /** Fixed size, so exports are identical run to run (default CHART_WIDTH x CHART_HEIGHT). */
  width?: number;
  height?: number;
}

export const COLORS = {
  blue: "#2563eb",
  orange: "#ea580c",
  green: "#16a34a",
  yellow: "#ca8a04",
  red: "#dc2626",
  grey: "#6b7280",
};
/** A bar's colour is its status under the contract's thresholds (lib/thresholds.ts decides, not the chart). */
const statusColor = (value: number, t: AlertThreshold) => {
  const status = statusOf(value, t).status;
  return status === "green"
    ? COLORS.green
    : status === "red"
      ? COLORS.red
      : status === "yellow"
        ? COLORS.yellow
        : COLORS.grey;
};
const TIER_COLORS: Record<string, string> = { free: "#93c5fd", pro: "#2563eb", enterprise: "#1e3a8a" };

/**
 * The report prints every figure full width (180 mm), so a figure's pixel width sets how large its text
 * prints: at 720 px one px is 0.25 mm, and the smallest text (12 px: ticks, annotations, legends) prints at
 * 8.5 pt, above the 8 pt floor lib/report/figure-legibility.ts checks. Shared by every chart in lib/charts/.
 */
export const CHART_WIDTH = 720;
export const CHART_HEIGHT = 320;
/** Bar charts with a handful of bars read fine shorter, which leaves the report room for more of them. */
export const BAR_CHART_HEIGHT = 260;
/** Base font (axis titles, tick labels); annotations and threshold labels use CHART_SMALL_FONT_PX, nothing smaller. */
export const CHART_FONT = { family: "DejaVu Sans, Arial, sans-serif", size: 13, color: "#111827" };
export const CHART_SMALL_FONT_PX = 12;
export const CHART_TITLE_FONT_PX = 16;

/** The layout every chart starts from (title, fixed size, fonts, white background); `extra` overrides or adds. */
export function baseLayout(
  title: string,
  size: { width?: number; height?: number },
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return {
    title: { text: title, x: 0.02, xanchor: "left", font: { size: CHART_TITLE_FONT_PX } },
    width: size.width ?? CHART_WIDTH,
    height: size.height ?? CHART_HEIGHT,
    autosize: false,
    font: CHART_FONT,
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    margin: { l: 70, r: 130, t: 70, b: 60 },
    legend: { orientation: "h", y: -0.16, x: 0 },
    ...extra,
  };
}

/** A titled axis with light grid lines and no zero line. */
export const axis = (title: string, extra: Record<string, unknown> = {}) => ({
  title: { text: title },
  gridcolor: "#e5e7eb",
  zeroline: false,
  ...extra,
});

/**
 * A horizontal dashed line across the plot, labelled in the right margin (`labelX` in paper
 * units, further out past a second y axis). On a log axis plotly places shapes by value but
 * annotations by log10(value), hence `log`.
 */
export function hline(y: number, color: string, label: string, log = false, labelX = 1.005) {
  return {
    shape: {
      type: "line",
      xref: "paper",
      x0: 0,
      x1: 1,
      y0: y,
      y1: y,
      line: { color, width: 1.5, dash: "dash" },
    },
    annotation: {
      xref: "paper",
      x: labelX,
      y: log ? Math.log10(y) : y,
      text: label,
      showarrow: false,
      xanchor: "left",
      yanchor: "middle",
      align: "left",
      font: { size: CHART_SMALL_FONT_PX, color },
    },
  };
}

/** Lines at a threshold's green and yellow (warning) limits. */
function thresholdLines(t: AlertThreshold, format: (v: number) => string, log = false) {
  return [
    hline(t.green, COLORS.green, `green ${t.direction === "above" ? "<" : ">"} ${format(t.green)}`, log),
    hline(t.yellow, COLORS.yellow, `warning ${t.direction === "above" ? ">" : "<"} ${format(t.yellow)}`, log),
  ];
}

const fmtMs = (v: number) => `${Math.round(v).toLocaleString("en-US")} ms`;
const fmtPct = (v: number) => `${Number(v.toFixed(1))}%`;
const fmtUsd = (v: number) => `$${Number(v.toPrecision(3))}`;

/** Latency histogram (250 ms bins) with the p50 and p95 markers and the p95 green line. */
export function latencyHistogram(
  traces: readonly Trace[],
  options: ChartOptions & { metrics?: TraceMetrics },
): PlotlyFigure {
  const m = options.metrics ?? new MetricsCollector().compute(traces);
  const t = options.contract.alert_thresholds.p95_latency_ms;
  const latencies = traces.map((trace) => trace.latency_ms);
  const max = Math.max(10_000, ...latencies);
  const markers: [string, number | null, string][] = [
    ["p50", m.p50_latency_ms, COLORS.blue],
    ["p95", m.p95_latency_ms, COLORS.orange],
  ];
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  for (const [name, value, color] of markers) {
    if (value === null) continue;
    shapes.push({
      type: "line",
      x0: value,
      x1: value,
      yref: "paper",
      y0: 0,
      y1: 1,
      line: { color, width: 2.5 },
    });
    annotations.push({
      x: value,
      yref: "paper",
      y: name === "p50" ? 0.98 : 0.86,
      text: `${name} ${fmtMs(value)}`,
      showarrow: false,
      xanchor: "left",
      xshift: 5,
      bgcolor: "rgba(255,255,255,0.85)",
      font: { color, size: 13 },
    });
  }
  shapes.push({
    type: "line",
    x0: t.green,
    x1: t.green,
    yref: "paper",
    y0: 0,
    y1: 1,
    line: { color: COLORS.green, width: 1.5, dash: "dash" },
  });
  annotations.push({
    x: t.green,
    yref: "paper",
    y: 0.74,
    text: `p95 green < ${fmtMs(t.green)}`,
    showarrow: false,
    xanchor: "left",
    xshift: 5,
    bgcolor: "rgba(255,255,255,0.85)",
    font: { color: COLORS.green, size: CHART_SMALL_FONT_PX },
  });
  return {
    data: [
      {
        type: "histogram",
        x: latencies,
        name: "requests",
        xbins: { start: 0, end: max + 250, size: 250 },
        marker: { color: "#93c5fd", line: { color: "#3b82f6", width: 0.5 } },
        hovertemplate: "%{x} ms: %{y} requests<extra></extra>",
      },
    ],
    layout: baseLayout(
      `Request latency (${traces.length.toLocaleString("en-US")} traces): p50 and p95`,
      options,
      {
        xaxis: axis("latency (ms)", { range: [0, max + 250] }),
        yaxis: axis("requests per 250 ms bin"),
        bargap: 0.05,
        shapes,
        annotations,
        showlegend: false,
      },
    ),
  };
}

/** Time-to-first-token histogram (50 ms bins) with p50 and p95 markers, the TTFT SLO line and the p95 warning line. */
export function ttftHistogram(
  traces: readonly Trace[],
  options: ChartOptions & { metrics?: TraceMetrics },
): PlotlyFigure {
  const m = options.metrics ?? new MetricsCollector().compute(traces);
  const t = options.contract.alert_thresholds.p95_ttft_ms;
  const slo = options.contract.slos.ttft;
  const ttfts = traces.flatMap((trace) =>
    typeof trace.ttft_ms === "number" && trace.ttft_ms >= 0 ? [trace.ttft_ms] : [],
  );
  const within = ttfts.filter((v) => v <= slo.threshold_ms).length;
  const max = Math.min(Math.max(t.yellow * 1.2, ...ttfts.filter((v) => v <= 5000)), 5000);
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  const vline = (x: number, color: string, text: string, y: number, dash = false) => {
    shapes.push({
      type: "line",
      x0: x,
      x1: x,
      yref: "paper",
      y0: 0,
      y1: 1,
      line: { color, width: dash ? 1.5 : 2.5, ...(dash ? { dash: "dash" } : {}) },
    });
    annotations.push({
      x,
      yref: "paper",
      y,
      text,
      showarrow: false,
      xanchor: "left",
      xshift: 5,
      bgcolor: "rgba(255,255,255,0.85)",
      font: { color, size: dash ? CHART_SMALL_FONT_PX : 13 },
    });
  };
  if (m.p50_ttft_ms !== null) vline(m.p50_ttft_ms, COLORS.blue, `p50 ${fmtMs(m.p50_ttft_ms)}`, 0.98);
  if (m.p95_ttft_ms !== null) vline(m.p95_ttft_ms, COLORS.orange, `p95 ${fmtMs(m.p95_ttft_ms)}`, 0.86);
  vline(
    slo.threshold_ms,
    COLORS.green,
    `SLO: ${slo.objective_percent}% within ${fmtMs(slo.threshold_ms)} (${ttfts.length ? fmtPct((100 * within) / ttfts.length) : "no data"} were)`,
    0.74,
    true,
  );
  vline(t.yellow, COLORS.yellow, `p95 warning > ${fmtMs(t.yellow)}`, 0.62, true);
  const beyond = ttfts.length - ttfts.filter((v) => v <= max).length;
  return {
    data: [
      {
        type: "histogram",
        x: ttfts.filter((v) => v <= max),
        name: "answers",
        xbins: { start: 0, end: max + 50, size: 50 },
        marker: { color: "#a7f3d0", line: { color: "#059669", width: 0.5 } },
        hovertemplate: "%{x} ms: %{y} answers<extra></extra>",
      },
    ],
    layout: baseLayout(
      `Time to first token (${ttfts.length.toLocaleString("en-US")} streamed answers${beyond ? `, ${beyond} beyond ${fmtMs(max)} not drawn` : ""})`,
      options,
      {
        xaxis: axis("time to first token (ms)", { range: [0, max + 50] }),
        yaxis: axis("answers per 50 ms bin"),
        bargap: 0.05,
        shapes,
        annotations,
        showlegend: false,
      },
    ),
  };
}

/** Failure rate (%) per environment, one bar per customer tier, with the contract's lines. */
export function failureRateByEnvironmentTier(traces: readonly Trace[], options: ChartOptions): PlotlyFigure {
  const t = options.contract.alert_thresholds.failure_rate;
  const rows = breakdown(traces, ["environment", "customer_tier"]);
  const environments = ["dev", "staging", "production"].filter((env) =>
    rows.some((r) => r.group.environment === env),
  );
  const tiers = ["free", "pro", "enterprise"].filter((tier) =>
    rows.some((r) => r.group.customer_tier === tier),
  );
  const lines = thresholdLines(t, fmtPct);
  const data = tiers.map((tier) => {
    const cells = environments.map(
      (env) => rows.find((r) => r.group.environment === env && r.group.customer_tier === tier)?.metrics,
    );
    return {
      type: "bar",
      name: tier,
      x: environments,
      y: cells.map((c) => c?.failure_rate ?? null),
      text: cells.map((c) => (c ? `${c.failures}/${c.traces}` : "")),
      textposition: "outside",
      marker: { color: TIER_COLORS[tier] ?? COLORS.grey },
      hovertemplate: `${tier} / %{x}: %{y:.1f}% (%{text} failed)<extra></extra>`,
    };
  });
  const maxRate = Math.max(t.yellow, ...data.flatMap((d) => d.y.filter((y): y is number => y !== null)));
  return {
    data,
    layout: baseLayout(
      "Failure rate by environment and customer tier",
      { height: BAR_CHART_HEIGHT, ...options },
      {
        barmode: "group",
        xaxis: axis("environment"),
        yaxis: axis("failure rate (%)", { range: [0, maxRate * 1.25] }),
        shapes: lines.map((l) => l.shape),
        annotations: lines.map((l) => l.annotation),
        // Above the plot, under the title: below it the legend would run into the axis title at the report's width.
        margin: { l: 70, r: 130, t: 100, b: 60 },
        legend: { orientation: "h", y: 1.02, yanchor: "bottom", x: 0, title: { text: "tier " } },
      },
    ),
  };
}

const LOG_TICKS = [
  0.00001, 0.00002, 0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1,
];

/** Cost per answered request (log scale), overall and per model, with the average and the contract's lines. */
export function costPerRequestDistribution(
  traces: readonly Trace[],
  options: ChartOptions & { metrics?: TraceMetrics },
): PlotlyFigure {
  const t = options.contract.alert_thresholds.avg_cost_per_request;
  const m = options.metrics ?? new MetricsCollector().compute(traces);
  // The collector's cost rule; a log scale cannot place $0, and an unknown model is counted in cost_unpriced.
  const priceOf = nullIfUnpriced();
  const priced = traces.flatMap((trace) => {
    const pricing = priceTrace(trace, priceOf);
    return pricing.priced && pricing.usd > 0 ? [{ model: trace.model_name, cost: pricing.usd }] : [];
  });
  const models = [...new Set(priced.map((p) => p.model))].sort();
  const box = (name: string, costs: number[], color: string) => ({
    type: "box",
    name: `${name}<br>(n=${costs.length})`,
    y: costs,
    boxpoints: "outliers",
    marker: { color, size: 3 },
    line: { width: 1.5 },
    hovertemplate: "$%{y:.5f}<extra></extra>",
  });
  const lines = [...thresholdLines(t, fmtUsd, true)];
  if (m.avg_cost_per_request !== null)
    lines.unshift(
      hline(
        m.avg_cost_per_request,
        COLORS.orange,
        `average ${fmtUsd(m.avg_cost_per_request)}<br>(all priced)`,
        true,
      ),
    );
  return {
    data: [
      box(
        "all answered",
        priced.map((p) => p.cost),
        COLORS.grey,
      ),
      ...models.map((model, i) =>
        box(
          model,
          priced.filter((p) => p.model === model).map((p) => p.cost),
          [COLORS.blue, COLORS.orange, COLORS.green, "#7c3aed"][i % 4],
        ),
      ),
    ],
    layout: baseLayout("Cost per answered request (USD, log scale); failed requests cost $0", options, {
      yaxis: axis("USD per request", {
        type: "log",
        tickvals: LOG_TICKS,
        ticktext: LOG_TICKS.map((v) => `$${v}`),
      }),
      margin: { l: 100, r: 130, t: 70, b: 60 },
      // Two-line names stay horizontal at the report's width (a rotated name would be clipped).
      xaxis: axis("", { tickangle: 0, automargin: true }),
      shapes: lines.map((l) => l.shape),
      annotations: lines.map((l) => l.annotation),
      showlegend: false,
    }),
  };
}

/** Tool call success rate (%) per tool, worst first, with the contract's lines. */
export function toolSuccessByTool(traces: readonly Trace[], options: ChartOptions): PlotlyFigure {
  const t = options.contract.alert_thresholds.tool_success_rate;
  const byTool = new Map<string, { calls: number; ok: number }>();
  for (const trace of traces) {
    for (const call of trace.tool_calls ?? []) {
      const entry = byTool.get(call.tool_name) ?? { calls: 0, ok: 0 };
      entry.calls++;
      if (call.success === true) entry.ok++;
      byTool.set(call.tool_name, entry);
    }
  }
  const tools = [...byTool.entries()]
    .map(([tool, c]) => ({ tool, ...c, rate: (100 * c.ok) / c.calls }))
    .sort((a, b) => a.rate - b.rate);
  const lines = thresholdLines(t, fmtPct);
  return {
    data: [
      {
        type: "bar",
        x: tools.map((x) => x.tool),
        y: tools.map((x) => x.rate),
        text: tools.map((x) => `${x.rate.toFixed(1)}% of ${x.calls}`),
        // Inside the bar at its base, far from the threshold lines near the top.
        textposition: "inside",
        insidetextanchor: "start",
        textfont: { color: "white" },
        marker: { color: tools.map((x) => statusColor(x.rate, t)) },
        hovertemplate: "%{x}: %{y:.1f}%<extra></extra>",
      },
    ],
    layout: baseLayout(
      "Tool call success rate by tool",
      { height: BAR_CHART_HEIGHT, ...options },
      {
        xaxis: axis("tool"),
        // Bars start at zero: a cut axis would exaggerate gaps of a few points.
        yaxis: axis("success rate (%)", { range: [0, 105] }),
        shapes: lines.map((l) => l.shape),
        annotations: lines.map((l) => l.annotation),
        showlegend: false,
      },
    ),
  };
}

/** Quality proxy pass rate (%) per prompt version, with the contract's lines. */
export function qualityByPromptVersion(
  traces: readonly Trace[],
  options: ChartOptions & { qualityPassThreshold?: number },
): PlotlyFigure {
  const t = options.contract.alert_thresholds.quality_proxy_rate;
  const rows = breakdown(traces, "prompt_version", {
    qualityPassThreshold: options.qualityPassThreshold,
  }).filter((r) => r.metrics.quality_scored > 0);
  const lines = thresholdLines(t, fmtPct);
  const rates = rows.map((r) => r.metrics.quality_proxy_rate as number);
  return {
    data: [
      {
        type: "bar",
        x: rows.map((r) => r.label),
        y: rates,
        text: rows.map((r) => `${r.metrics.quality_passed}/${r.metrics.quality_scored} pass`),
        textposition: "inside",
        insidetextanchor: "start",
        textfont: { color: "white" },
        marker: { color: rates.map((rate) => statusColor(rate, t)) },
        hovertemplate: "%{x}: %{y:.1f}%<extra></extra>",
      },
    ],
    layout: baseLayout(
      `Quality proxy pass rate (score >= ${rows[0]?.metrics.quality_pass_threshold ?? DEFAULT_QUALITY_PASS_THRESHOLD}) by prompt version`,
      { height: BAR_CHART_HEIGHT, ...options },
      {
        xaxis: axis("prompt version", { type: "category" }),
        yaxis: axis("pass rate (%)", { range: [0, 105] }),
        shapes: lines.map((l) => l.shape),
        annotations: lines.map((l) => l.annotation),
        showlegend: false,
      },
    ),
  };
}

/** The Task 5 charts, keyed by the file base name they are exported under. */
export function task5Charts(
  traces: readonly Trace[],
  options: ChartOptions & { metrics?: TraceMetrics },
): Record<string, PlotlyFigure> {
  return {
    task5_latency_histogram: latencyHistogram(traces, options),
    task5_ttft_histogram: ttftHistogram(traces, options),
    task5_failure_rate_by_environment_tier: failureRateByEnvironmentTier(traces, options),
    task5_cost_per_request: costPerRequestDistribution(traces, options),
    task5_tool_success_by_tool: toolSuccessByTool(traces, options),
    task5_quality_by_prompt_version: qualityByPromptVersion(traces, options),
  };
}
