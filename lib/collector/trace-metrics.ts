/**
 * The metrics' shape, shared by the batch collector, the streaming collector and the counting
 * code they both use (its own file so that those three do not import each other in a circle).
 */
import type { ErrorType } from "../error-types";

/** A scored trace passes the quality proxy at `quality_score >= 70` unless a caller sets another threshold. */
export const DEFAULT_QUALITY_PASS_THRESHOLD = 70;

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
  /** Time to first token (ms from the LLM request to the first streamed chunk), over traces that carry `ttft_ms`. */
  p50_ttft_ms: number | null;
  p95_ttft_ms: number | null;
  /** Traces with a usable `ttft_ms` (failed and non-streamed requests have none). */
  ttft_measured: number;
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
