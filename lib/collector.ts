/**
 * The five north-star metrics (plus counts and p99) over a batch of traces, in one pass.
 * The definitions here are the ones Prometheus, the alert rules and the dashboard reuse.
 */
import type { ErrorType } from "./error-types";
import { percentilesInPlace } from "./percentile";
import { priceFor, type ModelPrice } from "./pricing";
import type { Trace } from "./schema";
import { TraceTally } from "./trace-tally";

export interface CollectorOptions {
  /** A scored trace passes the quality proxy when `quality_score >= qualityPassThreshold` (default 70). */
  qualityPassThreshold?: number;
  /** Price lookup; throws for a model it cannot price (default: lib/pricing's table). */
  price?: (model: string) => ModelPrice;
}

/** Field names are the assignment's (snake_case); rates are percent (0..100); null means "no denominator". */
export interface TraceMetrics {
  /** Traces measured (entries that were not objects are counted in `invalid_traces`, not here). */
  traces: number;
  failures: number;
  /** Percent of traces with `error`. */
  failure_rate: number | null;
  /** Latency percentiles over every trace, failed ones included (a user waited for them too). */
  p50_latency_ms: number | null;
  p95_latency_ms: number | null;
  p99_latency_ms: number | null;
  mean_latency_ms: number | null;
  max_latency_ms: number | null;
  tool_calls: number;
  tool_successes: number;
  /** Percent of tool calls with `success: true`. */
  tool_success_rate: number | null;
  /** USD over the priced traces. */
  total_cost_usd: number;
  /** USD per priced trace (failed calls bill their tokens, usually 0). Unpriced traces are counted below, not averaged. */
  avg_cost_per_request: number | null;
  cost_priced: number;
  /** Traces that could not be priced: no prompt/completion split, or a model the price table lacks. */
  cost_unpriced: number;
  cost_unpriced_no_token_split: number;
  cost_unpriced_unknown_model: number;
  unknown_models: string[];
  quality_scored: number;
  quality_passed: number;
  /** Percent of traces carrying a quality_score that pass. */
  quality_proxy_rate: number | null;
  quality_pass_threshold: number;
  errors_by_type: Record<ErrorType, number>;
  /** Traces whose latency_ms was not a finite number >= 0 (left out of the percentiles). */
  latency_invalid: number;
  /** Entries that were not trace objects at all (skipped, counted). */
  invalid_traces: number;
}

/**
 * Computes `TraceMetrics` for a batch. Percentiles use linear interpolation between closest
 * ranks, exactly numpy.percentile's default (see lib/percentile.ts). Never throws and never
 * returns NaN: empty input gives null rates and zero counts.
 */
export class MetricsCollector {
  readonly qualityPassThreshold: number;
  private readonly price: (model: string) => ModelPrice;

  constructor(options: CollectorOptions = {}) {
    this.qualityPassThreshold = options.qualityPassThreshold ?? 70;
    this.price = options.price ?? priceFor;
  }

  compute(traces: readonly Trace[]): TraceMetrics {
    const tally = new TraceTally(this.qualityPassThreshold, this.price);
    // A typed array and quickselect instead of sorting a number[]: the 1M-trace budget is 1 s.
    const latencies = new Float64Array(traces.length);
    let count = 0;
    for (let i = 0; i < traces.length; i++) {
      const latency = tally.add(traces[i]);
      if (latency >= 0) latencies[count++] = latency;
    }
    const [p50, p95, p99] = percentilesInPlace(latencies.subarray(0, count), [50, 95, 99]);
    return tally.finish({ p50, p95, p99 });
  }
}
