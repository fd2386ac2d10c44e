/** Task 5, told once: the five metrics on synthetic traces, their thresholds, the Prometheus cross-check and the charts. */
import type { AlertThreshold, Contract } from "../contract";
import { cellTable } from "../format";
import type { Task5DriftOutput } from "../outputs/task5-drift-output";
import { driftSentence, sloSentence } from "./loop-sentences";
import type { Task5Output } from "../outputs/task5-output";
import type { Figure } from "./figures";
import type { ReportFigure, ReportSection } from "./report-section";
import { taskOfOutput } from "./tasks";
import { inUnit, thresholdTable } from "./threshold-table";
import { THRESHOLD_METRICS } from "../thresholds";
import type { ErrorType } from "../error-types";
import { code, fixed, html, int, ms, pct, text, usd } from "./units";

type Slice = Task5Output["breakdown"]["prompt_version"][number];

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

/** The five north-star metrics: the contract's thresholded metrics but time to first token, tracked beside them. */
const NORTH_STAR = THRESHOLD_METRICS.filter((m) => m !== "p95_ttft_ms");

/** The slice with the highest value of `read`, if any slice has one. */
function highest(rows: readonly Slice[], read: (r: Slice) => number | null | undefined) {
  return rows
    .map((r) => ({ row: r, value: read(r) }))
    .filter((r): r is { row: Slice; value: number } => typeof r.value === "number")
    .sort((a, b) => b.value - a.value)[0];
}

/** Error classes (lib/error-types.ts) in a sentence's plural. */
const ERROR_WORDS: Record<ErrorType, string> = {
  rate_limit: "rate limits",
  timeout: "timeouts",
  context_overflow: "context overflows",
  provider_5xx: "provider 5xx errors",
  other: "unclassified errors",
};

/** What most of the failing tier's failures are, when one error class is the majority there. */
function tierFailureMix(data: Task5Output): string {
  const worst = highest(data.breakdown.customer_tier, (r) => r.failure_rate);
  const classes = worst?.row.errors_by_type;
  const total = Object.values(classes ?? {}).reduce((n, c) => n + c, 0);
  if (!worst || !classes || total === 0) return "";
  const [top, count] = Object.entries(classes).sort((a, b) => b[1] - a[1])[0];
  const share = (100 * count) / total;
  if (share < 50) return "";
  return (
    ` ${pct(share, 0)} of the ${code(worst.row.slice)} tier's failures are ${ERROR_WORDS[top as ErrorType] ?? text(top)}` +
    (top === "rate_limit" ? ", so the first fix there is quota handling, not the model." : ".")
  );
}

/** The model carrying the largest share of spend, against its share of traffic. */
function spendSentence(data: Task5Output): string {
  const models = data.breakdown.model_name;
  const total = models.reduce((n, r) => n + r.total_cost_usd, 0);
  const top = highest(models, (r) => r.total_cost_usd);
  if (!top || total === 0) return "";
  const traffic = (100 * top.row.traces) / Math.max(1, data.n_traces);
  const spend = (100 * top.value) / total;
  if (spend <= traffic) return ""; // no model pays more than its share
  return (
    `, but the ${pct(traffic)} of traffic on ${code(top.row.slice)} produces ${pct(spend)} of the spend` +
    (spend >= 2 * traffic ? ": model routing is the cost lever" : "")
  );
}

/** Notebook 05's analysis and the report's findings for Task 5, from its outputs and the contract. */
export function task5WriteUp(data: Task5Output, drift?: Task5DriftOutput): string {
  const m = data.metrics;
  const st = (metric: string) => text(data.statuses[metric] ?? "no data");
  const green = NORTH_STAR.filter((k) => data.statuses[k] === "green").length;
  const p = data.prometheus;
  const { tail, claims } = data;

  const succeeded =
    m.failure_rate === null
      ? `None of these ${int(data.n_traces)} requests could be judged`
      : `${pct(100 - m.failure_rate)} of these ${int(data.n_traces)} requests succeeded`;
  const greens =
    green === NORTH_STAR.length
      ? "and all five north-star metrics are green"
      : `yet only ${int(green)} of the five north-star metrics ${green === 1 ? "is" : "are"} green`;
  const tailGreen = data.statuses.p95_latency_ms === "green";
  const latency = tailGreen
    ? `p50 is ${opt(m.p50_latency_ms, ms)} and p95 ${opt(m.p95_latency_ms, ms)} (green), p99 ${opt(m.p99_latency_ms, ms)}.`
    : `p50 is ${opt(m.p50_latency_ms, ms)}, but users remember the tail: p95 is ${opt(m.p95_latency_ms, ms)} (${st("p95_latency_ms")}) and p99 ${opt(m.p99_latency_ms, ms)}, ` +
      `because ${pct((100 * tail.over) / Math.max(1, data.n_traces))} of requests take longer than the contract's ${ms(tail.threshold_ms)} green line, ${int(tail.timeouts)} of them ending in a timeout.`;
  const metrics =
    `**What the five metrics say.** ${succeeded}, ${greens}. ${latency} ` +
    `The failure rate of ${opt(m.failure_rate, (v) => pct(v))} is ${st("failure_rate")}. ${claims.failure_cluster}${tierFailureMix(data)}`;
  const quality = claims.quality_gap_significant
    ? `, yet ${claims.quality_gap.replace(/\.$/, "")}; without a prompt_version label that gap averages away.`
    : `. ${claims.quality_gap}`;
  const slices =
    `Tool success (${opt(m.tool_success_rate, (v) => pct(v))}, ${st("tool_success_rate")}) averages over tools. ${claims.tool_failures} ` +
    `Cost is ${st("avg_cost_per_request")} at ${opt(m.avg_cost_per_request, usd)} per request${spendSentence(data)}. ` +
    `The quality proxy is ${opt(m.quality_proxy_rate, (v) => pct(v))} (${st("quality_proxy_rate")}) overall${quality}`;
  const counters = p.rows.filter((r) => r.metric !== "p95_latency_ms" && r.metric !== "p95_ttft_ms");
  const matched = counters.filter((r) => r.agree).length;
  const inBucket = [p.p95_latency_ms, p.collector_p95_latency_ms].every(
    (v) => v > p.p95_bucket_ms.lower && v <= p.p95_bucket_ms.upper,
  );
  const production =
    `**The production path ${p.agree ? "agrees" : "does not fully agree"}.** Over ${int(p.requests)} real requests, Prometheus's \`histogram_quantile\` put p95 at ${ms(p.p95_latency_ms)} and the collector at ${ms(p.collector_p95_latency_ms)}, ` +
    `${inBucket ? "both in" : "NOT both in"} the (${ms(p.p95_bucket_ms.lower)}, ${ms(p.p95_bucket_ms.upper)}] bucket; ` +
    `${matched === counters.length ? `all ${int(counters.length)}` : `only ${int(matched)} of ${int(counters.length)}`} counter-based metrics matched exactly.`;
  const loop = [sloSentence(data).trim(), driftSentence(drift).trim()].filter(Boolean).join(" ");
  return [metrics, slices, production, ...(loop ? [loop] : [])].join("\n\n");
}

export function task5Section(
  data: Task5Output,
  contract: Contract,
  figures: readonly Figure[] = [],
  drift?: Task5DriftOutput,
): ReportSection {
  const p = data.prometheus;
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
      "`MetricsCollector` computes the five metrics in one pass and `evaluate` judges them against bands that live only in the contract, which also generates the Prometheus alert rules and the Grafana dashboard.",
    observations: task5WriteUp(data, drift),
    afterFigures: `${thresholdTable(contract, data)}\n\n${promTable}`,
    simulated: [
      `Task 5's metrics come from ${int(data.n_traces)} synthetic traces (seed ${int(data.seed)}); its Prometheus check sent ${int(p.requests)} real HTTP requests (HTTP ${statusCounts}), ` +
        (p.simulated_llm
          ? "answered by the simulator with injected faults, "
          : "answered by the real LLM API, ") +
        "to a real Prometheus. The Grafana dashboard is generated JSON; no Grafana server ran.",
    ],
    figures: placed,
  };
}
