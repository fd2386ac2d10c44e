/** Task 5 in the report: the five metrics on synthetic traces, their thresholds, and the Prometheus cross-check. */
import type { AlertThreshold, Contract } from "../contract";
import type { ReportSection } from "./report-section";
import type { TaskOutput } from "./task-output";
import { inUnit, thresholdTable } from "./threshold-table";
import { table } from "./report-section";
import { code, fixed, html, int, ms, pct, text, usd } from "./units";

/** Field paths in data/outputs/task5_metrics.json. */
export const TASK5_FIELDS = {
  traces: "n_traces",
  seed: "seed",
  /** Object keyed by metric name (the contract's alert_thresholds keys, plus p50/p99). */
  metrics: "metrics",
  /** Object keyed by metric name: "green" | "yellow" | "red". */
  statuses: "statuses",
  p50: "metrics.p50_latency_ms",
  p95: "metrics.p95_latency_ms",
  p99: "metrics.p99_latency_ms",
  failureRate: "metrics.failure_rate",
  toolSuccess: "metrics.tool_success_rate",
  cost: "metrics.avg_cost_per_request",
  quality: "metrics.quality_proxy_rate",
  promRequests: "prometheus.requests",
  promP95: "prometheus.p95_latency_ms",
  collectorP95: "prometheus.collector_p95_latency_ms",
  promFailureRate: "prometheus.failure_rate",
  collectorFailureRate: "prometheus.collector_failure_rate",
  promAgree: "prometheus.agree",
  promBucketLower: "prometheus.p95_bucket_ms.lower",
  promBucketUpper: "prometheus.p95_bucket_ms.upper",
  /** Object: HTTP status → count over the Prometheus demo's requests. */
  promStatuses: "prometheus.statuses",
  promSimulatedLlm: "prometheus.simulated_llm",
  /** Array of { metric, promql, collector, agree, rule }. */
  promRows: "prometheus.rows",
  /** Per-slice rows { slice, quality_proxy_rate, avg_cost_per_request, ... }. */
  byPrompt: "breakdown.prompt_version",
  byModel: "breakdown.model_name",
  sliceKey: "slice",
  streamTraces: "streaming.traces",
  streamBins: "streaming.sketch_bins",
  streamExactP95: "streaming.exact_p95_latency_ms",
  streamSketchP95: "streaming.sketch_p95_latency_ms",
  /** Chart files (relative to the project root) the notebook exported in this run. */
  figures: "figures",
};

/** "v2.1 (94.2%)"-style extremes of one metric over a breakdown's slices, skipping slices without data. */
function extremes(out: TaskOutput, path: string, metric: string, show: (v: number) => string): { low: string; high: string } | undefined {
  const rows = out
    .items(path)
    .map((r) => ({ slice: r.str(TASK5_FIELDS.sliceKey), value: r.optNum(metric) }))
    .filter((r): r is { slice: string; value: number } => r.value !== null)
    .sort((a, b) => a.value - b.value);
  if (rows.length < 2) return undefined;
  const label = (r: { slice: string; value: number }) => `${code(r.slice)} (${show(r.value)})`;
  return { low: label(rows[0]), high: label(rows[rows.length - 1]) };
}

export function task5Section(out: TaskOutput, contract: Contract): ReportSection {
  const F = TASK5_FIELDS;
  const n = out.num(F.traces);
  const statuses = out.record(F.statuses);
  // A status is a string or lib/thresholds.ts's MetricStatus object; threshold-table.ts validates it.
  const statusOf = (k: string) => {
    const s = statuses[k];
    return String(typeof s === "object" && s !== null ? (s as { status?: unknown }).status : s);
  };
  const notGreen = Object.keys(statuses).filter((k) => statusOf(k) !== "green");
  const agree = out.bool(F.promAgree);
  const thresholds = contract.alert_thresholds as Record<string, AlertThreshold>;
  const promTable = table(
    [`metric (${int(out.num(F.promRequests))} live requests)`, "PromQL", "MetricsCollector", "agree", "rule"],
    out.items(F.promRows).map((r) => {
      const metric = r.str("metric");
      const t = thresholds[metric];
      const show = (v: number) => (t ? inUnit(v, t.unit) : fixed(v, 3));
      return [code(metric), show(r.num("promql")), show(r.num("collector")), r.bool("agree") ? "yes" : "<b>NO</b>", html(r.str("rule"))];
    }),
    "compact",
  );
  const statusCounts = Object.entries(out.record(F.promStatuses))
    .map(([status]) => `${int(out.num(`${F.promStatuses}.${status}`))} × ${html(status)}`)
    .join(", ");
  const quality = extremes(out, F.byPrompt, "quality_proxy_rate", (v) => pct(v));
  const cost = extremes(out, F.byModel, "avg_cost_per_request", usd);
  const slices =
    quality && cost
      ? `Breakdowns show what the totals average away: the quality proxy runs from ${quality.low} to ${quality.high} across prompt versions, and cost per request from ${cost.low} to ${cost.high} across models. `
      : "";
  const [exactP95, sketchP95] = [out.num(F.streamExactP95), out.num(F.streamSketchP95)];
  const simulatedLlm = out.bool(F.promSimulatedLlm);
  const [promP95, collectorP95, lower, upper] = [out.num(F.promP95), out.num(F.collectorP95), out.num(F.promBucketLower), out.num(F.promBucketUpper)];
  const inBucket = [promP95, collectorP95].every((v) => v > lower && v <= upper);
  const counterRows = out.items(F.promRows).filter((r) => r.str("metric") !== "p95_latency_ms");
  const counterMatches = counterRows.filter((r) => r.bool("agree")).length;
  return {
    task: 5,
    title: out.info.title,
    approach:
      `A seeded generator (\`lib/synth.ts\`, seed ${out.num(F.seed)}) produced ${int(n)} schema-valid traces with a latency tail, typed errors, tool failures, token counts and quality scores. ` +
      "`MetricsCollector` computes the five north-star metrics in one pass (percentiles by linear interpolation, numpy's default; cost from the versioned price table; a trace it cannot price is counted, not dropped), " +
      "and `evaluate` judges each against green/yellow/red bands that live only in `observability_contract.json`. The same definitions run in production form: " +
      "the service's prom-client metrics scraped by a real Prometheus, alert rules generated from the contract (checked with promtool), and a generated Grafana dashboard.",
    observations:
      `Latency p50 ${ms(out.num(F.p50))}, p95 ${ms(out.num(F.p95))}, p99 ${ms(out.num(F.p99))}; failure rate ${pct(out.num(F.failureRate))}; ` +
      `tool success ${pct(out.num(F.toolSuccess))}; average cost ${usd(out.num(F.cost))} per request; quality proxy ${pct(out.num(F.quality))}. ` +
      (notGreen.length === 0 ? "Every metric is green. " : `Not green: ${notGreen.map((k) => `${code(k)} (${text(statusOf(k))})`).join(", ")}. `) +
      slices +
      `A DDSketch with ${int(out.num(F.streamBins))} bins estimated p95 over ${int(out.num(F.streamTraces))} traces as ${ms(sketchP95)} against the exact ${ms(exactP95)} ` +
      `(${fixed((100 * Math.abs(sketchP95 - exactP95)) / exactP95, 2)}% apart). ` +
      `Live, ${int(out.num(F.promRequests))} requests through the service (HTTP ${statusCounts}) were scraped by Prometheus: \`histogram_quantile\` gave p95 ${ms(promP95)} and the collector ${ms(collectorP95)}; ` +
      `${inBucket ? "both lie" : "they do NOT both lie"} in the (${ms(lower)}, ${ms(upper)}] histogram bucket, the resolution PromQL has. ` +
      (counterRows.length ? `${counterMatches === counterRows.length ? "All" : `Only ${counterMatches} of`} ${counterRows.length} counter-based metrics matched exactly. ` : "") +
      `Overall verdict: ${agree ? "in agreement within bucket resolution" : "NOT in agreement"}.` +
      `\n\n${thresholdTable(contract, out, { metrics: F.metrics, statuses: F.statuses })}\n\n${promTable}`,
    simulated: [
      `Task 5's metrics: the ${int(n)} traces (and the ${int(out.num(F.streamTraces))} for the sketch) are synthetic, generated with a fixed seed. ` +
        `The Prometheus cross-check sent ${int(out.num(F.promRequests))} real HTTP requests through the service and a real Prometheus scraped them, ` +
        (simulatedLlm ? "but the embedded LLM simulator (with injected faults) answered them. " : "answered by the real LLM API. ") +
        "The Grafana dashboard is generated JSON; no Grafana server ran.",
    ],
  };
}
