/**
 * Does Prometheus see what the collector sees? Queries a running Prometheus for the five
 * metrics over the whole run (raw counters: a bounded demo has no steady rate) and compares
 * each with `MetricsCollector` on the same requests' traces. Counter-based metrics must match
 * exactly; the p95 can only agree within histogram bucket resolution, and "agree" says so.
 */
import { MetricsCollector, type CollectorOptions, type TraceMetrics } from "../collector";
import { percentile } from "../collector/percentile";
import { metricQuery } from "./promql";
import type { PrometheusServer } from "./prometheus-server";
import { LATENCY_BUCKETS_MS } from "../prometheus";
import type { Trace } from "../schema";
import { THRESHOLD_METRICS, type ThresholdMetric } from "../thresholds";

/**
 * Prometheus's `histogram_quantile` over cumulative bucket counts (upper bounds ascending, the
 * last being +Inf): rank q*total, then linear interpolation inside the bucket that holds it.
 */
export function histogramQuantile(q: number, upperBounds: readonly number[], cumulative: readonly number[]): number | null {
  const total = cumulative[cumulative.length - 1] ?? 0;
  if (total === 0 || upperBounds.length < 2) return null;
  const rank = q * total;
  let b = cumulative.findIndex((c) => c >= rank);
  if (b < 0) b = cumulative.length - 1;
  if (b === upperBounds.length - 1) return upperBounds[upperBounds.length - 2]; // +Inf bucket: the highest finite bound
  if (b === 0 && upperBounds[0] <= 0) return upperBounds[0];
  const start = b === 0 ? 0 : upperBounds[b - 1];
  const below = b === 0 ? 0 : cumulative[b - 1];
  return start + (upperBounds[b] - start) * ((rank - below) / (cumulative[b] - below));
}

/** The bucket `(lower, upper]` holding `value`. */
export function bucketOf(value: number, bounds: readonly number[] = LATENCY_BUCKETS_MS): { lower: number; upper: number } {
  const i = bounds.findIndex((b) => value <= b);
  if (i < 0) return { lower: bounds[bounds.length - 1], upper: Infinity };
  return { lower: i === 0 ? 0 : bounds[i - 1], upper: bounds[i] };
}

export interface MetricComparison {
  metric: ThresholdMetric;
  promql: number | null;
  collector: number | null;
  agree: boolean;
  /** How agreement was judged. */
  rule: string;
  query: string;
}

export interface ScrapeComparison {
  /** `sum(llm_requests_total)` as Prometheus last scraped it. */
  requests: number | null;
  traces: number;
  rows: MetricComparison[];
  /** PromQL's p95 bucket, and what histogram_quantile must return on these traces' exact bucket counts. */
  p95: { promql: number | null; collector: number | null; bucket: { lower: number; upper: number } | null; expected_promql: number | null };
  agree: boolean;
  collectorMetrics: TraceMetrics;
}

export interface CompareOptions {
  /** Label matchers that pick the demo's series, e.g. `job="support-bot"`. */
  matchers?: string;
  collector?: CollectorOptions;
  buckets?: readonly number[];
}

const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

/** Queries `prometheus` and compares with the collector on `traces` (the same requests). */
export async function compareWithCollector(prometheus: PrometheusServer, traces: readonly Trace[], options: CompareOptions = {}): Promise<ScrapeComparison> {
  const buckets = options.buckets ?? LATENCY_BUCKETS_MS;
  const m = new MetricsCollector(options.collector).compute(traces);
  const q = { window: null, matchers: options.matchers };
  const requests = (await prometheus.query(`sum(llm_requests_total${options.matchers ? `{${options.matchers}}` : ""})`)).value;

  // What histogram_quantile must answer, from the traces' own bucket counts.
  const latencies = traces.map((t) => t.latency_ms).filter((v) => Number.isFinite(v) && v >= 0).sort((a, b) => a - b);
  const cumulative = [...buckets, Infinity].map((bound) => latencies.filter((v) => v <= bound).length);
  const expected = histogramQuantile(0.95, [...buckets, Infinity], cumulative);

  const rows: MetricComparison[] = [];
  let p95: ScrapeComparison["p95"] = { promql: null, collector: m.p95_latency_ms, bucket: null, expected_promql: expected };
  for (const metric of THRESHOLD_METRICS) {
    const query = metricQuery(metric, q);
    const promql = (await prometheus.query(query)).value;
    const collector = m[metric];
    if (metric !== "p95_latency_ms") {
      rows.push({ metric, promql, collector, agree: close(promql, collector), rule: "equal (same counters)", query });
      continue;
    }
    const bucket = promql === null ? null : bucketOf(promql, buckets);
    let agree = bucket !== null && collector !== null && collector >= bucket.lower && collector <= bucket.upper;
    if (!agree && bucket !== null && collector !== null && latencies.length > 1) {
      // numpy interpolates at rank 0.95(n-1), Prometheus picks rank 0.95n: when the two samples the
      // collector interpolates between sit either side of a bucket bound, adjacent buckets are the resolution.
      const rank = 0.95 * (latencies.length - 1);
      const lo = latencies[Math.floor(rank)];
      const hi = latencies[Math.min(latencies.length - 1, Math.floor(rank) + 1)];
      agree = [bucket.lower, bucket.upper].some((bound) => lo <= bound && bound <= hi) && Math.abs(collector - (percentile(latencies, 95) ?? NaN)) < 1e-9;
    }
    p95 = { promql, collector, bucket, expected_promql: expected };
    rows.push({ metric, promql, collector, agree, rule: bucket ? `collector inside PromQL's bucket (${bucket.lower}, ${bucket.upper}] ms` : "no data", query });
  }
  return { requests, traces: traces.length, rows, p95, agree: rows.every((r) => r.agree), collectorMetrics: m };
}
