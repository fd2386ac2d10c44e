/**
 * The metrics per slice: by environment, customer tier, prompt version, model, or a
 * combination ("failure rate by environment and tier"). Same definitions as the whole batch.
 */
import { MetricsCollector, type CollectorOptions, type TraceMetrics } from "../collector";
import { classifyError } from "../error-types";
import { isFailed, type Trace } from "../schema";
import { WorkbookError } from "../workbook-error";

export const BREAKDOWN_DIMENSIONS = ["environment", "customer_tier", "prompt_version", "model_name"] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export interface BreakdownRow {
  /** The slice, e.g. `{environment: "production", customer_tier: "free"}`. */
  group: Partial<Record<BreakdownDimension, string>>;
  /** The slice as text, e.g. "production / free". */
  label: string;
  metrics: TraceMetrics;
}

export class BreakdownDimensionError extends WorkbookError {
  override name = "BreakdownDimensionError";
}

/** Metrics per distinct value (or value combination) of `by`, sorted by label. */
export function breakdown(
  traces: readonly Trace[],
  by: BreakdownDimension | readonly BreakdownDimension[],
  options: CollectorOptions = {},
): BreakdownRow[] {
  const dims: readonly BreakdownDimension[] = typeof by === "string" ? [by] : by;
  for (const dim of dims) {
    if (!(BREAKDOWN_DIMENSIONS as readonly string[]).includes(dim)) {
      throw new BreakdownDimensionError(
        `cannot break down by "${dim}": use one of ${BREAKDOWN_DIMENSIONS.join(", ")}`,
      );
    }
  }
  const groups = new Map<string, { group: BreakdownRow["group"]; traces: Trace[] }>();
  for (const trace of traces) {
    if (trace === null || typeof trace !== "object") continue; // the whole-batch metrics count these
    const group: BreakdownRow["group"] = {};
    for (const dim of dims) group[dim] = String(trace[dim] ?? "(missing)");
    const label = dims.map((dim) => group[dim]).join(" / ");
    let entry = groups.get(label);
    if (!entry) groups.set(label, (entry = { group, traces: [] }));
    entry.traces.push(trace);
  }
  const collector = new MetricsCollector(options);
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, { group, traces: slice }]) => ({ group, label, metrics: collector.compute(slice) }));
}

/** The traces slower than `thresholdMs`, and how many of them ended in a timeout. */
export function slowTail(
  traces: readonly Trace[],
  thresholdMs: number,
): { threshold_ms: number; over: number; timeouts: number } {
  const slow = traces.filter((t) => t !== null && typeof t === "object" && t.latency_ms > thresholdMs);
  const timeouts = slow.filter((t) => isFailed(t) && classifyError(t.error ?? "") === "timeout").length;
  return { threshold_ms: thresholdMs, over: slow.length, timeouts };
}
