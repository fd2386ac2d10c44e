/**
 * The north-star metrics as PromQL over the series lib/prometheus.ts exports. One definition
 * feeds the alert rules, the Grafana dashboard and the scrape demo, and each mirrors a
 * `MetricsCollector` field. Series are in Prometheus base units (seconds, ratios of counters);
 * the queries answer in seconds for latencies, percent for rates and USD per priced request
 * for cost. `toPromqlUnit` converts a contract threshold (ms) into the query's unit.
 */
import type { AlertThreshold, ThresholdMetric } from "../thresholds";

export const METRIC_NAMES = {
  latency: "llm_request_duration_seconds",
  ttft: "llm_time_to_first_token_seconds",
  requests: "llm_requests_total",
  failures: "llm_request_failures_total",
  toolCalls: "llm_tool_calls_total",
  costUsd: "llm_cost_usd_total",
  pricedRequests: "llm_priced_requests_total",
  tokens: "llm_tokens_total",
  qualityScored: "llm_quality_scored_total",
  qualityPassed: "llm_quality_passed_total",
  qualityRatio: "llm_quality_proxy_pass_ratio",
} as const;

export interface PromqlOptions {
  /**
   * A range such as "5m": rates over that window, what dashboards and alerts use. `null`
   * reads the raw counters, i.e. everything since the process started: right for a bounded
   * demo, where a rate window would need two scrapes on each side of the traffic.
   */
  window?: string | null;
  /** Extra label matchers, e.g. `environment=~"$environment"` (no braces). */
  matchers?: string;
  /** One series per value of this label (e.g. "environment"), as dashboards slice a metric. */
  by?: string;
}

/** The unit a metric's PromQL answers in, and the factor from the contract's unit to it. */
export function promqlUnit(t: Pick<AlertThreshold, "unit">): {
  unit: "s" | "percent" | "usd";
  scale: number;
} {
  return t.unit === "ms" ? { unit: "s", scale: 1 / 1000 } : { unit: t.unit, scale: 1 };
}

/** A contract value (e.g. 3000 ms) in the unit its PromQL answers in (3 s), without float noise. */
export function toPromqlUnit(value: number, t: Pick<AlertThreshold, "unit">): number {
  return Number((value * promqlUnit(t).scale).toPrecision(12));
}

/** `name{matchers}` with `extra` matchers added. */
export function series(name: string, matchers: string | undefined, extra?: string): string {
  const all = [extra, matchers].filter((m) => m && m.trim()).join(",");
  return all ? `${name}{${all}}` : name;
}

/** `sum(rate(x[w]))` (or `sum by (l) (...)`), or over the raw counters for the whole run. */
export function summed(name: string, o: PromqlOptions, extra?: string): string {
  const s = series(name, o.matchers, extra);
  const inner = o.window ? `rate(${s}[${o.window}])` : s;
  return o.by ? `sum by (${o.by}) (${inner})` : `sum(${inner})`;
}

/**
 * A numerator that may have no series yet (labelled counters appear on first increment) counts
 * as 0. Grouped, the zero must carry the denominator's labels, so it is `0 * denominator`.
 */
const orZero = (numerator: string, denominator: string, o: PromqlOptions) =>
  o.by ? `(${numerator} or (0 * ${denominator}))` : `(${numerator} or vector(0))`;

/** `100 * numerator / denominator` (or without the 100), with the numerator defaulting to 0. */
function ratio(numerator: string, denominator: string, o: PromqlOptions, percent = true): string {
  return `${percent ? "100 * " : ""}${orZero(numerator, denominator, o)} / ${denominator}`;
}

/** A quantile (0..1) of a histogram's buckets, in the histogram's unit (seconds here). */
export function histogramQuantileQuery(
  histogram: string,
  quantile: number,
  options: PromqlOptions = {},
): string {
  const o = { window: "5m", ...options };
  const buckets = series(`${histogram}_bucket`, o.matchers);
  const inner = o.window ? `rate(${buckets}[${o.window}])` : buckets;
  return `histogram_quantile(${quantile}, sum by (${o.by ? `${o.by}, ` : ""}le) (${inner}))`;
}

/** Request duration quantile (0..1) from the histogram buckets, in seconds. */
export function latencyQuantileQuery(quantile: number, options: PromqlOptions = {}): string {
  return histogramQuantileQuery(METRIC_NAMES.latency, quantile, options);
}

/** Time-to-first-token quantile (0..1), in seconds. */
export function ttftQuantileQuery(quantile: number, options: PromqlOptions = {}): string {
  return histogramQuantileQuery(METRIC_NAMES.ttft, quantile, options);
}

/** The PromQL for one of the threshold metrics, in `promqlUnit`'s unit. */
export function metricQuery(metric: ThresholdMetric, options: PromqlOptions = {}): string {
  const o = { window: "5m", ...options };
  switch (metric) {
    case "p95_latency_ms":
      return latencyQuantileQuery(0.95, o);
    case "p95_ttft_ms":
      return ttftQuantileQuery(0.95, o);
    case "failure_rate":
      return ratio(summed(METRIC_NAMES.failures, o), summed(METRIC_NAMES.requests, o), o);
    case "tool_success_rate":
      return ratio(summed(METRIC_NAMES.toolCalls, o, 'success="true"'), summed(METRIC_NAMES.toolCalls, o), o);
    case "avg_cost_per_request":
      return ratio(summed(METRIC_NAMES.costUsd, o), summed(METRIC_NAMES.pricedRequests, o), o, false);
    case "quality_proxy_rate":
      return ratio(summed(METRIC_NAMES.qualityPassed, o), summed(METRIC_NAMES.qualityScored, o), o);
  }
}
