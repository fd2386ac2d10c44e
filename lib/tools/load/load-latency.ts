/** Latency percentiles of a load run, with the collector's definition (linear interpolation). */
import { percentile } from "../../collector/percentile";
import type { LoadOutcome } from "../../server/drive-traffic";

/** The p-th percentile of the latencies of answered requests (status 200); NaN when none answered. */
export function latencyPercentile(outcomes: readonly LoadOutcome[], p: number): number {
  const sorted = outcomes
    .filter((o) => o.status === 200)
    .map((o) => o.latency_ms)
    .sort((a, b) => a - b);
  return percentile(sorted, p) ?? NaN;
}
