/**
 * Does Prometheus see what the collector sees? Queries a running Prometheus for the threshold
 * metrics over the whole run (raw counters: a bounded demo has no steady rate) and compares
 * each with `MetricsCollector` on the same requests' traces. Counter-based metrics must match
 * exactly; the p95s (seconds in PromQL, ms here) only agree within bucket resolution, and "agree" says so.
 */
import { MetricsCollector, type CollectorOptions, type TraceMetrics } from "../collector";
import { percentile } from "../collector/percentile";
import { METRIC_NAMES, metricQuery, promqlUnit, summed } from "./promql";
import type { PrometheusServer } from "./prometheus-server";
import { LATENCY_BUCKETS_SECONDS, TTFT_BUCKETS_SECONDS } from "../prometheus";
import type { Trace } from "../schema";
import { THRESHOLD_METRICS, type ThresholdMetric } from "../thresholds";
import type { Contract } from "../contract";
import { evaluateSlos, type SloName } from "../slo";
import { sloErrorRatioQuery } from "./slo-rules";

/** The histograms' bucket edges in milliseconds, the unit the traces and the tables use. */
export const LATENCY_BUCKETS_MS: readonly number[] = LATENCY_BUCKETS_SECONDS.map((b) => Math.round(b * 1000));
export const TTFT_BUCKETS_MS: readonly number[] = TTFT_BUCKETS_SECONDS.map((b) => Math.round(b * 1000));

/**
 * Prometheus's `histogram_quantile` over cumulative bucket counts (upper bounds ascending, the
 * last being +Inf): rank q*total, then linear interpolation inside the bucket that holds it.
 */
export function histogramQuantile(
  q: number,
  upperBounds: readonly number[],
  cumulative: readonly number[],
): number | null {
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
export function bucketOf(
  value: number,
  bounds: readonly number[] = LATENCY_BUCKETS_MS,
): { lower: number; upper: number } {
  const i = bounds.findIndex((b) => value <= b);
  if (i < 0) return { lower: bounds[bounds.length - 1], upper: Infinity };
  return { lower: i === 0 ? 0 : bounds[i - 1], upper: bounds[i] };
}

export interface MetricComparison {
  metric: ThresholdMetric;
  /** PromQL's answer in the collector's unit (ms for latencies: the query answers in seconds). */
  promql: number | null;
  collector: number | null;
  agree: boolean;
  /** How agreement was judged. */
  rule: string;
  query: string;
}

/** A histogram quantile as PromQL answered it, beside the collector's and what the buckets imply (all ms). */
export interface QuantileCheck {
  promql: number | null;
  collector: number | null;
  bucket: { lower: number; upper: number } | null;
  expected_promql: number | null;
}

export interface ScrapeComparison {
  /** `sum(llm_requests_total)` as Prometheus last scraped it. */
  requests: number | null;
  traces: number;
  rows: MetricComparison[];
  /** PromQL's p95 request-duration bucket, and what histogram_quantile must return on these traces' exact bucket counts. */
  p95: QuantileCheck;
  /** The same for time to first token. */
  ttft_p95: QuantileCheck;
  /** Each SLO's bad-event ratio (0..1) from PromQL and from lib/slo.ts on the traces: bucket edges sit on the SLO lines, so they must be equal. */
  slos: { slo: SloName; promql: number | null; traces: number | null; agree: boolean; query: string }[];
  agree: boolean;
  collectorMetrics: TraceMetrics;
}

export interface CompareOptions {
  /** The contract whose thresholds name each row's rule and whose SLOs give the bad ratios compared. */
  contract: Pick<Contract, "alert_thresholds" | "slos">;
  /** Label matchers that pick the demo's series, e.g. `job="support-bot"`. */
  matchers?: string;
  collector?: CollectorOptions;
  /** Request-duration bucket edges in ms (default: the exported histogram's). */
  buckets?: readonly number[];
  ttftBuckets?: readonly number[];
}

const close = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Judges a PromQL quantile (ms) against the collector's on the same values: the collector's
 * must lie in PromQL's bucket, or straddle a bucket edge with its interpolation neighbours.
 */
function quantileAgreement(
  promql: number | null,
  collector: number | null,
  values: number[],
  buckets: readonly number[],
): { check: QuantileCheck; agree: boolean } {
  const cumulative = [...buckets, Infinity].map((bound) => values.filter((v) => v <= bound).length);
  const expected = histogramQuantile(0.95, [...buckets, Infinity], cumulative);
  const bucket = promql === null ? null : bucketOf(promql, buckets);
  let agree = bucket !== null && collector !== null && collector >= bucket.lower && collector <= bucket.upper;
  if (!agree && bucket !== null && collector !== null && values.length > 1) {
    // numpy interpolates at rank 0.95(n-1), Prometheus picks rank 0.95n: when the two samples the
    // collector interpolates between sit either side of a bucket bound, adjacent buckets are the resolution.
    const rank = 0.95 * (values.length - 1);
    const lo = values[Math.floor(rank)];
    const hi = values[Math.min(values.length - 1, Math.floor(rank) + 1)];
    agree =
      [bucket.lower, bucket.upper].some((bound) => lo <= bound && bound <= hi) &&
      Math.abs(collector - (percentile(values, 95) ?? NaN)) < 1e-9;
  }
  return { check: { promql, collector, bucket, expected_promql: expected }, agree };
}

/** Queries `prometheus` and compares with the collector on `traces` (the same requests). */
export async function compareWithCollector(
  prometheus: PrometheusServer,
  traces: readonly Trace[],
  options: CompareOptions,
): Promise<ScrapeComparison> {
  const m = new MetricsCollector(options.collector).compute(traces);
  const thresholds = options.contract.alert_thresholds;
  const q = { window: null, matchers: options.matchers };
  const requests = (await prometheus.query(summed(METRIC_NAMES.requests, q))).value;
  const usable = (values: (number | undefined)[]) =>
    values
      .filter((v): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0)
      .sort((a, b) => a - b);
  const quantiles: Partial<Record<ThresholdMetric, { values: number[]; buckets: readonly number[] }>> = {
    p95_latency_ms: {
      values: usable(traces.map((t) => t.latency_ms)),
      buckets: options.buckets ?? LATENCY_BUCKETS_MS,
    },
    p95_ttft_ms: {
      values: usable(traces.map((t) => t.ttft_ms)),
      buckets: options.ttftBuckets ?? TTFT_BUCKETS_MS,
    },
  };

  const rows: MetricComparison[] = [];
  const checks: Partial<Record<ThresholdMetric, QuantileCheck>> = {};
  for (const metric of THRESHOLD_METRICS) {
    const query = metricQuery(metric, q);
    const raw = (await prometheus.query(query)).value;
    const promql = raw === null ? null : Number((raw / promqlUnit(thresholds[metric]).scale).toPrecision(12));
    const collector = m[metric];
    const histogram = quantiles[metric];
    if (!histogram) {
      rows.push({
        metric,
        promql,
        collector,
        agree: close(promql, collector),
        rule: "equal (same counters)",
        query,
      });
      continue;
    }
    const { check, agree } = quantileAgreement(promql, collector, histogram.values, histogram.buckets);
    checks[metric] = check;
    const bucket = check.bucket;
    rows.push({
      metric,
      promql,
      collector,
      agree,
      rule: bucket ? `collector inside PromQL's bucket (${bucket.lower}, ${bucket.upper}] ms` : "no data",
      query,
    });
  }
  const slos: ScrapeComparison["slos"] = [];
  const sloDefinitions = options.contract.slos;
  for (const status of evaluateSlos(traces, {
    slos: sloDefinitions,
    qualityPassThreshold: m.quality_pass_threshold,
  })) {
    const query = sloErrorRatioQuery(status.slo, sloDefinitions, q);
    const promql = (await prometheus.query(query)).value;
    const expected = status.total > 0 ? status.bad / status.total : null;
    slos.push({ slo: status.slo, promql, traces: expected, agree: close(promql, expected), query });
  }
  const empty = (collector: number | null): QuantileCheck => ({
    promql: null,
    collector,
    bucket: null,
    expected_promql: null,
  });
  return {
    requests,
    traces: traces.length,
    rows,
    p95: checks.p95_latency_ms ?? empty(m.p95_latency_ms),
    ttft_p95: checks.p95_ttft_ms ?? empty(m.p95_ttft_ms),
    slos,
    agree: rows.every((r) => r.agree) && slos.every((r) => r.agree),
    collectorMetrics: m,
  };
}
