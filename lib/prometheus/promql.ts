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
}

/** `name{matchers}` with `extra` matchers added. */
function series(name: string, matchers: string | undefined, extra?: string): string {
  const all = [extra, matchers].filter((m) => m && m.trim()).join(",");
  return all ? `${name}{${all}}` : name;
}

/** `sum(rate(x[w]))`, or `sum(x)` for the whole run. */
function summed(name: string, o: PromqlOptions, extra?: string): string {
  const s = series(name, o.matchers, extra);
  return o.window ? `sum(rate(${s}[${o.window}]))` : `sum(${s})`;
}

/** A numerator that may have no series yet (labelled counters appear on first increment) counts as 0. */
const orZero = (expr: string) => `(${expr} or vector(0))`;

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
      return `100 * ${orZero(summed(METRIC_NAMES.failures, o))} / ${summed(METRIC_NAMES.requests, o)}`;
    case "tool_success_rate":
      return `100 * ${orZero(summed(METRIC_NAMES.toolCalls, o, 'success="true"'))} / ${summed(METRIC_NAMES.toolCalls, o)}`;
    case "avg_cost_per_request":
      return `${orZero(summed(METRIC_NAMES.costUsd, o))} / ${summed(METRIC_NAMES.pricedRequests, o)}`;
    case "quality_proxy_rate":
      return `100 * ${orZero(summed(METRIC_NAMES.qualityPassed, o))} / ${summed(METRIC_NAMES.qualityScored, o)}`;
  }
}
