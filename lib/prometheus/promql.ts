/**
 * The five north-star metrics as PromQL over the series lib/prometheus.ts exports. One
 * definition feeds the alert rules, the Grafana dashboard and the scrape demo, and each mirrors
 * a `MetricsCollector` field: rates in percent, latency in ms, cost in USD per priced request.
 */
import type { ThresholdMetric } from "../thresholds";

export const METRIC_NAMES = {
  latency: "llm_request_latency_ms",
  requests: "llm_requests_total",
  failures: "llm_request_failures_total",
  toolCalls: "llm_tool_calls_total",
  costUsd: "llm_cost_usd_total",
  pricedRequests: "llm_priced_requests_total",
  tokens: "llm_tokens_total",
  qualityScored: "llm_quality_scored_total",
  qualityPassed: "llm_quality_passed_total",
  qualityRate: "llm_quality_proxy_rate",
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

/** `name{matchers}` with `extra` matchers added. */
function series(name: string, matchers: string | undefined, extra?: string): string {
  const all = [extra, matchers].filter((m) => m && m.trim()).join(",");
  return all ? `${name}{${all}}` : name;
}

/** `sum(rate(x[w]))` (or `sum by (l) (...)`), or over the raw counters for the whole run. */
function summed(name: string, o: PromqlOptions, extra?: string): string {
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

/** Latency quantile (0..1) from the histogram buckets, in ms. */
export function latencyQuantileQuery(quantile: number, options: PromqlOptions = {}): string {
  const o = { window: "5m", ...options };
  const buckets = series(`${METRIC_NAMES.latency}_bucket`, o.matchers);
  const inner = o.window ? `rate(${buckets}[${o.window}])` : buckets;
  return `histogram_quantile(${quantile}, sum by (le) (${inner}))`;
}

/** The PromQL for one of the five threshold metrics. */
export function metricQuery(metric: ThresholdMetric, options: PromqlOptions = {}): string {
  const o = { window: "5m", ...options };
  switch (metric) {
    case "p95_latency_ms":
      return latencyQuantileQuery(0.95, o);
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
