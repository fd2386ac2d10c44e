/**
 * `data/outputs/task5_metrics.json`, written by notebook 05: the five metrics on synthetic
 * traces, their statuses, breakdowns, the streaming sketch and the live Prometheus cross-check.
 * A metric is null when its denominator is empty (lib/collector/trace-metrics.ts).
 */
import { z } from "zod";

const count = z.number().int().nonnegative();
const value = z.number().finite();
const metric = value.nullable();

export const STATUS_VALUES = ["green", "yellow", "red", "no data"] as const;

/** One slice of a breakdown (by prompt version, tier or model). */
export const SliceRowSchema = z.object({
  slice: z.string(),
  traces: count,
  p95_latency_ms: metric,
  failure_rate: metric,
  tool_success_rate: metric,
  avg_cost_per_request: metric,
  quality_proxy_rate: metric,
  /** Spend of the slice's priced traces. */
  total_cost_usd: value,
  /** Failed traces by error class (lib/error-types.ts). */
  errors_by_type: z.record(z.string(), count),
});

export const Task5OutputSchema = z.object({
  n_traces: count,
  seed: z.number().int(),
  /** lib/collector's TraceMetrics; the contract's threshold metrics are among its keys. */
  metrics: z.object({
    traces: count,
    failures: count,
    failure_rate: metric,
    p50_latency_ms: metric,
    p95_latency_ms: metric,
    p99_latency_ms: metric,
    /** Time to first token over the traces that streamed one (`ttft_measured`). */
    p50_ttft_ms: metric.optional(),
    p95_ttft_ms: metric.optional(),
    ttft_measured: count.optional(),
    tool_success_rate: metric,
    avg_cost_per_request: metric,
    quality_proxy_rate: metric,
    quality_pass_threshold: value,
    quality_scored: count,
  }),
  /** Requests slower than the contract's p95 green line, and how many of those ended in a timeout. */
  tail: z.object({ threshold_ms: value, over: count, timeouts: count }),
  /** The comparisons lib/collector/data-claims.ts tests on the traces, each as the sentence it states. */
  claims: z.object({
    tool_failures: z.string(),
    quality_gap: z.string(),
    /** Whether the quality gap between prompt versions is larger than chance (the claim's z-test). */
    quality_gap_significant: z.boolean(),
    failure_cluster: z.string(),
  }),
  /** Threshold metric → status (lib/thresholds.ts). */
  statuses: z.record(z.string(), z.enum(STATUS_VALUES)),
  alerts: z.record(z.string(), z.string()),
  /** The contract's thresholds at the time of the run (the report reads the contract itself). */
  thresholds: z.unknown(),
  breakdown: z.object({
    prompt_version: z.array(SliceRowSchema),
    customer_tier: z.array(SliceRowSchema),
    model_name: z.array(SliceRowSchema),
  }),
  streaming: z.object({
    traces: count,
    sketch_bins: count,
    exact_p95_latency_ms: value,
    sketch_p95_latency_ms: value,
  }),
  prometheus: z.object({
    requests: count,
    p95_latency_ms: value,
    collector_p95_latency_ms: value,
    p95_bucket_ms: z.object({ lower: value, upper: value }),
    failure_rate: value,
    collector_failure_rate: value,
    agree: z.boolean(),
    /** HTTP status → count over the demo's requests. */
    statuses: z.record(z.string(), count),
    simulated_llm: z.boolean(),
    rows: z.array(
      z.object({ metric: z.string(), promql: value, collector: value, agree: z.boolean(), rule: z.string() }),
    ),
  }),
  /** Time to first token: the collector's p50/p95 and the live Prometheus cross-check. */
  ttft: z
    .object({
      p50_ttft_ms: metric,
      p95_ttft_ms: metric,
      measured: count,
      status: z.string(),
      prometheus_p95_ttft_ms: value.nullable(),
      collector_p95_ttft_ms: value.nullable(),
    })
    .optional(),
  /** lib/slo.ts evaluateSlos on the synthetic traces. */
  slos: z
    .array(
      z.object({
        slo: z.string(),
        objective_percent: value,
        window: z.string(),
        threshold_ms: value.nullable(),
        bad: count,
        sli_percent: metric,
        error_budget_percent: value,
        burn_rate: metric,
        budget_remaining_percent: metric,
      }),
    )
    .optional(),
  slo_burn_alerts: z
    .array(z.object({ alert: z.string(), severity: z.string(), expr: z.string() }))
    .optional(),
  slo_burn_alerts_skipped: z.array(z.unknown()).optional(),
  slo_rule_tests: z
    .object({ file: z.string(), scenarios: count, ok: z.boolean(), output: z.string() })
    .optional(),
  /** Chart files (relative to the project root) exported in this run. */
  figures: z.array(z.string()),
  alert_rules: z.string(),
  grafana_dashboard: z.string(),
});

export type Task5Output = z.input<typeof Task5OutputSchema>;
