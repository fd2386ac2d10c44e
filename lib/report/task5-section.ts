/** Task 5 in the report: the five metrics on synthetic traces, their thresholds, the Prometheus cross-check and the charts. */
import type { AlertThreshold, Contract } from "../contract";
import { cellTable } from "../format";
import type { Task5DriftOutput } from "../outputs/task5-drift-output";
import { driftSentence, sloSentence } from "./loop-sentences";
import type { Task5Output } from "../outputs/task5-output";
import type { Figure } from "./figures";
import type { ReportFigure, ReportSection } from "./report-section";
import { taskOfOutput } from "./tasks";
import { inUnit, thresholdTable } from "./threshold-table";
import { code, fixed, html, int, ms, pct, text, usd } from "./units";

type Slice = Task5Output["breakdown"]["prompt_version"][number];

/** "v2.1 (94.2%)"-style extremes of one metric over a breakdown's slices, skipping slices without data. */
function extremes(
  rows: readonly Slice[],
  read: (r: Slice) => number | null,
  show: (v: number) => string,
): { low: string; high: string } | undefined {
  const known = rows
    .map((r) => ({ slice: r.slice, value: read(r) }))
    .filter((r): r is { slice: string; value: number } => typeof r.value === "number")
    .sort((a, b) => a.value - b.value);
  if (known.length < 2 || known[0].value === known[known.length - 1].value) return undefined;
  const label = (r: { slice: string; value: number }) => `${code(r.slice)} (${show(r.value)})`;
  return { low: label(known[0]), high: label(known[known.length - 1]) };
}

const opt = (value: number | null, show: (v: number) => string) => (value === null ? "no data" : show(value));

/** The charts a design reader needs first: the latency tail against its threshold, then quality per prompt version. */
const CHART_ORDER = [
  "task5_latency_histogram",
  "task5_quality_by_prompt_version",
  "task5_tool_success_by_tool",
  "task5_failure_rate_by_environment_tier",
  "task5_cost_per_request",
];
const chartPriority = (name: string) =>
  1 + (CHART_ORDER.includes(name) ? CHART_ORDER.indexOf(name) : CHART_ORDER.length);

/** A caption with the numbers the chart is about, for the charts notebook 05 exports; a plain title for any other. */
export function chartCaption(
  figure: Pick<Figure, "name" | "caption">,
  data: Task5Output,
  contract: Contract,
): string {
  const m = data.metrics;
  const t = contract.alert_thresholds as Record<string, AlertThreshold>;
  const n = `the ${int(data.n_traces)} synthetic traces`;
  switch (figure.name) {
    case "task5_latency_histogram":
      return (
        `Latency of ${n}: p50 ${opt(m.p50_latency_ms, ms)}, p95 ${opt(m.p95_latency_ms, ms)}, p99 ${opt(m.p99_latency_ms, ms)}` +
        (t.p95_latency_ms ? `; the contract's p95 green line is ${ms(t.p95_latency_ms.green)}.` : ".")
      );
    case "task5_failure_rate_by_environment_tier":
      return `Failure rate by environment and customer tier over ${n} (overall ${opt(m.failure_rate, (v) => pct(v))}).`;
    case "task5_tool_success_by_tool":
      return (
        `Tool success rate per tool (overall ${opt(m.tool_success_rate, (v) => pct(v))}` +
        (t.tool_success_rate ? `; green above ${pct(t.tool_success_rate.green, 0)}).` : ").")
      );
    case "task5_quality_by_prompt_version":
      return `Quality-proxy pass rate (quality score ≥ ${fixed(m.quality_pass_threshold, 0)}) per prompt version; overall ${opt(m.quality_proxy_rate, (v) => pct(v))} of ${int(m.quality_scored)} scored traces.`;
    case "task5_cost_per_request":
      return `Average cost per request by model, from the versioned price table (overall ${opt(m.avg_cost_per_request, usd)}).`;
    default:
      return figure.caption;
  }
}

export function task5Section(
  data: Task5Output,
  contract: Contract,
  figures: readonly Figure[] = [],
  drift?: Task5DriftOutput,
): ReportSection {
  const m = data.metrics;
  const p = data.prometheus;
  const notGreen = Object.entries(data.statuses).filter(([, s]) => s !== "green");
  const thresholds = contract.alert_thresholds as Record<string, AlertThreshold>;
  const promTable = cellTable(
    [`metric (${int(p.requests)} live requests)`, "PromQL", "MetricsCollector", "agree", "rule"],
    p.rows.map((r) => {
      const t = thresholds[r.metric];
      const show = (v: number) => (t ? inUnit(v, t.unit) : fixed(v, 3));
      return [code(r.metric), show(r.promql), show(r.collector), r.agree ? "yes" : "<b>NO</b>", html(r.rule)];
    }),
    { className: "compact" },
  );
  const statusCounts = Object.entries(p.statuses)
    .map(([status, count]) => `${int(count)} × ${html(status)}`)
    .join(", ");
  const quality = extremes(
    data.breakdown.prompt_version,
    (r) => r.quality_proxy_rate,
    (v) => pct(v),
  );
  const cost = extremes(data.breakdown.model_name, (r) => r.avg_cost_per_request, usd);
  const slices = [
    quality && `the quality proxy runs from ${quality.low} to ${quality.high} across prompt versions`,
    cost && `cost per request from ${cost.low} to ${cost.high} across models`,
  ].filter(Boolean);
  const s = data.streaming;
  const inBucket = [p.p95_latency_ms, p.collector_p95_latency_ms].every(
    (v) => v > p.p95_bucket_ms.lower && v <= p.p95_bucket_ms.upper,
  );
  const counterRows = p.rows.filter((r) => r.metric !== "p95_latency_ms");
  const counterMatches = counterRows.filter((r) => r.agree).length;
  const placed: ReportFigure[] = figures.map((f) => ({
    name: f.name,
    caption: chartCaption(f, data, contract),
    file: (f.svg ?? f.png) as string,
    priority: chartPriority(f.name),
  }));
  return {
    task: 5,
    title: taskOfOutput("task5_metrics").title,
    approach:
      `${int(data.n_traces)} seeded, schema-valid synthetic traces (seed ${int(data.seed)}) carry a latency tail, typed errors, tool failures, tokens and quality scores. ` +
      "`MetricsCollector` computes the five metrics in one pass (linear-interpolation percentiles; cost from the price table; unpriced traces counted), and `evaluate` judges them against bands that live only in the contract. " +
      "In production form: prom-client metrics scraped by a real Prometheus, promtool-checked alert rules and a Grafana dashboard, all generated from the contract.",
    observations:
      `Latency p50 ${opt(m.p50_latency_ms, ms)}, p95 ${opt(m.p95_latency_ms, ms)}, p99 ${opt(m.p99_latency_ms, ms)}; failure rate ${opt(m.failure_rate, (v) => pct(v))}; ` +
      `tool success ${opt(m.tool_success_rate, (v) => pct(v))}; average cost ${opt(m.avg_cost_per_request, usd)} per request; quality proxy ${opt(m.quality_proxy_rate, (v) => pct(v))}. ` +
      (notGreen.length === 0
        ? "Every metric is green. "
        : `Not green: ${notGreen.map(([k, st]) => `${code(k)} (${text(st)})`).join(", ")}. `) +
      (slices.length ? `Breakdowns show what the totals average away: ${slices.join(", and ")}. ` : "") +
      `A DDSketch with ${int(s.sketch_bins)} bins estimated p95 over ${int(s.traces)} traces as ${ms(s.sketch_p95_latency_ms)} against the exact ${ms(s.exact_p95_latency_ms)} ` +
      `(${fixed((100 * Math.abs(s.sketch_p95_latency_ms - s.exact_p95_latency_ms)) / s.exact_p95_latency_ms, 2)}% apart). ` +
      `Live, ${int(p.requests)} requests through the service (HTTP ${statusCounts}) were scraped by Prometheus: \`histogram_quantile\` gave p95 ${ms(p.p95_latency_ms)} and the collector ${ms(p.collector_p95_latency_ms)}; ` +
      `${inBucket ? "both lie" : "they do NOT both lie"} in the (${ms(p.p95_bucket_ms.lower)}, ${ms(p.p95_bucket_ms.upper)}] histogram bucket, the resolution PromQL has. ` +
      (counterRows.length
        ? `${counterMatches === counterRows.length ? `All ${int(counterRows.length)}` : `Only ${int(counterMatches)} of ${int(counterRows.length)}`} counter-based metrics matched exactly.`
        : "") +
      sloSentence(data) +
      driftSentence(drift),
    afterFigures: `${thresholdTable(contract, data)}\n\n${promTable}`,
    simulated: [
      `Task 5's metrics come from ${int(data.n_traces)} synthetic traces (seed ${int(data.seed)}); its Prometheus check sent ${int(p.requests)} real HTTP requests, ` +
        (p.simulated_llm
          ? "answered by the simulator with injected faults, "
          : "answered by the real LLM API, ") +
        "to a real Prometheus. The Grafana dashboard is generated JSON; no Grafana server ran.",
    ],
    figures: placed,
  };
}
