/**
 * The north-star metrics (plus counts, p99 and time to first token) over a batch of traces, in one pass.
 * The definitions here are the ones Prometheus, the alert rules and the dashboard reuse.
 */
import { percentilesInPlace } from "./collector/percentile";
import { priceFor, type ModelPrice } from "./pricing";
import type { Trace } from "./schema";
import { TraceTally } from "./collector/trace-tally";
import { DEFAULT_QUALITY_PASS_THRESHOLD, type TraceMetrics } from "./collector/trace-metrics";

export type { TraceMetrics } from "./collector/trace-metrics";

export interface CollectorOptions {
  /** A scored trace passes the quality proxy when `quality_score >= qualityPassThreshold` (default 70). */
  qualityPassThreshold?: number;
  /** Price lookup; throws for a model it cannot price (default: lib/pricing's table). */
  price?: (model: string) => ModelPrice;
}

/**
 * Computes `TraceMetrics` for a batch. Percentiles use linear interpolation between closest
 * ranks, exactly numpy.percentile's default (see lib/collector/percentile.ts). Never throws and never
 * returns NaN: empty input gives null rates and zero counts.
 */
export class MetricsCollector {
  readonly qualityPassThreshold: number;
  private readonly price: (model: string) => ModelPrice;

  constructor(options: CollectorOptions = {}) {
    this.qualityPassThreshold = options.qualityPassThreshold ?? DEFAULT_QUALITY_PASS_THRESHOLD;
    this.price = options.price ?? priceFor;
  }

  compute(traces: readonly Trace[]): TraceMetrics {
    const tally = new TraceTally(this.qualityPassThreshold, this.price);
    // A typed array and quickselect instead of sorting a number[]: the 1M-trace budget is 1 s.
    const latencies = new Float64Array(traces.length);
    const ttfts = new Float64Array(traces.length);
    let count = 0;
    let ttftCount = 0;
    for (let i = 0; i < traces.length; i++) {
      const latency = tally.add(traces[i]);
      if (latency >= 0) latencies[count++] = latency;
      const ttft = tally.ttft(traces[i]);
      if (ttft >= 0) ttfts[ttftCount++] = ttft;
    }
    const [p50, p95, p99] = percentilesInPlace(latencies.subarray(0, count), [50, 95, 99]);
    const [ttftP50, ttftP95] = percentilesInPlace(ttfts.subarray(0, ttftCount), [50, 95]);
    return tally.finish({ p50, p95, p99, ttftP50, ttftP95 });
  }
}
