/**
 * The five metrics as SQL over the DuckDB store's `traces` table, with the collector's exact
 * definitions (lib/collector/trace-tally.ts), so the store, `MetricsCollector` and PromQL agree:
 * - p50 / p95 latency: `quantile_cont` (linear interpolation between closest ranks, numpy's
 *   default, as `percentilesInPlace`) over finite latencies >= 0, failed requests included;
 * - failure rate: percent of traces with `error`;
 * - tool success rate: percent of tool calls with `success: true`;
 * - average cost per request: USD over priced traces (a prompt/completion split and a known
 *   model, dated snapshots priced as their base model; zero-token traces count as priced at $0);
 * - quality proxy rate: percent of scored traces with `quality_score >= threshold`.
 */
import { DEFAULT_QUALITY_PASS_THRESHOLD, type TraceMetrics } from "../collector/trace-metrics";
import { PRICES } from "../pricing";
import type { Trace } from "../schema";
import { StoreNotPersistedError, type TraceStore } from "./trace-store";

/** The collector's fields the SQL computes, by the same names and definitions (the compiler keeps the names in step). */
export type StoreMetrics = Pick<
  TraceMetrics,
  | "traces"
  | "failures"
  | "failure_rate"
  | "p50_latency_ms"
  | "p95_latency_ms"
  | "tool_calls"
  | "tool_successes"
  | "tool_success_rate"
  | "total_cost_usd"
  | "avg_cost_per_request"
  | "cost_priced"
  | "quality_scored"
  | "quality_passed"
  | "quality_proxy_rate"
>;

/** Persists traces (their metric fields and the whole trace) to the store's `traces` table, under the store's run. */
export function persistTraces(store: TraceStore, traces: readonly Trace[]): void {
  if (!store.persistence) throw new StoreNotPersistedError();
  const at = new Date().toISOString();
  for (const t of traces) {
    const calls = t.tool_calls ?? [];
    store.persistence.add("traces", {
      run: store.run,
      trace: t,
      trace_id: t.trace_id,
      received_at: at,
      timestamp: t.timestamp,
      environment: t.environment,
      model_name: t.model_name,
      latency_ms: Number.isFinite(t.latency_ms) ? t.latency_ms : null,
      error: t.error ?? null,
      tool_calls: calls.length,
      tool_successes: calls.filter((c) => c.success === true).length,
      total_tokens: t.total_tokens,
      prompt_tokens: t.prompt_tokens ?? null,
      completion_tokens: t.completion_tokens ?? null,
      quality_score:
        typeof t.quality_score === "number" && !Number.isNaN(t.quality_score) ? t.quality_score : null,
    });
  }
}

/**
 * The SQL, readable on its own (the notebook and the report can print it). `$1` is the quality
 * threshold; with `byRun`, `$2` is the run whose traces count (a store file keeps every run's).
 */
export function storeMetricsSql({ byRun = false } = {}): string {
  const prices = Object.entries(PRICES)
    .map(([model, p]) => `('${model}', ${p.input_per_1m}, ${p.output_per_1m})`)
    .join(", ");
  return `WITH prices(model, input_per_1m, output_per_1m) AS (VALUES ${prices}),
priced AS (
  SELECT t.*,
    CASE
      WHEN prompt_tokens IS NOT NULL AND completion_tokens IS NOT NULL AND prompt_tokens + completion_tokens = 0 THEN 0.0
      WHEN prompt_tokens IS NOT NULL AND completion_tokens IS NOT NULL THEN (prompt_tokens * p.input_per_1m + completion_tokens * p.output_per_1m) / 1000000.0
      WHEN prompt_tokens IS NULL OR completion_tokens IS NULL THEN CASE WHEN total_tokens = 0 THEN 0.0 END
    END AS cost_usd
  FROM traces t
  LEFT JOIN prices p ON p.model = coalesce((SELECT model FROM prices WHERE model = t.model_name), regexp_replace(t.model_name, '-\\d{4}-\\d{2}-\\d{2}$', ''))${byRun ? "\n  WHERE t.run = $2" : ""}
)
SELECT
  count(*) AS traces,
  count(error) AS failures,
  100.0 * count(error) / nullif(count(*), 0) AS failure_rate,
  quantile_cont(latency_ms, 0.5) FILTER (WHERE latency_ms >= 0) AS p50_latency_ms,
  quantile_cont(latency_ms, 0.95) FILTER (WHERE latency_ms >= 0) AS p95_latency_ms,
  coalesce(sum(tool_calls), 0) AS tool_calls,
  coalesce(sum(tool_successes), 0) AS tool_successes,
  100.0 * sum(tool_successes) / nullif(sum(tool_calls), 0) AS tool_success_rate,
  coalesce(sum(cost_usd), 0) AS total_cost_usd,
  sum(cost_usd) / nullif(count(cost_usd), 0) AS avg_cost_per_request,
  count(cost_usd) AS cost_priced,
  count(quality_score) AS quality_scored,
  count(*) FILTER (WHERE quality_score >= $1) AS quality_passed,
  100.0 * count(*) FILTER (WHERE quality_score >= $1) / nullif(count(quality_score), 0) AS quality_proxy_rate
FROM priced`;
}

/** The five metrics (and their counts) computed by DuckDB over the persisted traces. */
export async function storeMetrics(
  store: TraceStore,
  {
    qualityPassThreshold = DEFAULT_QUALITY_PASS_THRESHOLD,
    run,
  }: {
    qualityPassThreshold?: number;
    /** Only this run's traces (e.g. `store.run`); default every run in the file. */ run?: string;
  } = {},
): Promise<StoreMetrics> {
  const [row] = await store.query(
    storeMetricsSql({ byRun: run !== undefined }),
    run === undefined ? [qualityPassThreshold] : [qualityPassThreshold, run],
  );
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    traces: Number(row.traces),
    failures: Number(row.failures),
    failure_rate: num(row.failure_rate),
    p50_latency_ms: num(row.p50_latency_ms),
    p95_latency_ms: num(row.p95_latency_ms),
    tool_calls: Number(row.tool_calls),
    tool_successes: Number(row.tool_successes),
    tool_success_rate: num(row.tool_success_rate),
    total_cost_usd: Number(row.total_cost_usd),
    avg_cost_per_request: num(row.avg_cost_per_request),
    cost_priced: Number(row.cost_priced),
    quality_scored: Number(row.quality_scored),
    quality_passed: Number(row.quality_passed),
    quality_proxy_rate: num(row.quality_proxy_rate),
  };
}
