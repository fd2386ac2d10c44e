/**
 * The metrics for traces that do not fit in memory: add one trace at a time, read a snapshot
 * whenever you like. Counts are exact; latency percentiles come from a DDSketch with a 1%
 * relative-accuracy guarantee and a hard bin limit, so memory stays constant however many
 * traces stream through. Snapshots from shards merge exactly (counts) or within the same 1%.
 */
import { LogCollapsingLowestDenseDDSketch } from "@datadog/sketches-js";
import type { CollectorOptions, TraceMetrics } from "../collector";
import { priceFor } from "../pricing";
import type { Trace } from "../schema";
import { TraceTally } from "./trace-tally";
import { DEFAULT_QUALITY_PASS_THRESHOLD } from "./trace-metrics";

export interface StreamingCollectorOptions extends CollectorOptions {
  /** DDSketch relative accuracy (default 0.01, i.e. every percentile within 1% of a true value). */
  relativeAccuracy?: number;
  /** Bins before the lowest are collapsed (default 2048: 1 ms .. 10^8 ms needs ~930 at 1%). */
  binLimit?: number;
}

export class StreamingMetricsCollector {
  readonly relativeAccuracy: number;
  private readonly tally: TraceTally;
  private readonly sketch: LogCollapsingLowestDenseDDSketch;
  private readonly ttftSketch: LogCollapsingLowestDenseDDSketch;

  constructor(options: StreamingCollectorOptions = {}) {
    this.relativeAccuracy = options.relativeAccuracy ?? 0.01;
    this.tally = new TraceTally(
      options.qualityPassThreshold ?? DEFAULT_QUALITY_PASS_THRESHOLD,
      options.price ?? priceFor,
    );
    this.sketch = new LogCollapsingLowestDenseDDSketch({
      relativeAccuracy: this.relativeAccuracy,
      binLimit: options.binLimit ?? 2048,
    });
    this.ttftSketch = new LogCollapsingLowestDenseDDSketch({
      relativeAccuracy: this.relativeAccuracy,
      binLimit: options.binLimit ?? 2048,
    });
  }

  /** Adds one trace. Never throws: odd entries are counted in the snapshot, not dropped silently. */
  add(trace: Trace): this {
    const latency = this.tally.add(trace);
    if (latency >= 0) this.sketch.accept(latency);
    const ttft = this.tally.ttft(trace);
    if (ttft >= 0) this.ttftSketch.accept(ttft);
    return this;
  }

  addAll(traces: Iterable<Trace>): this {
    for (const trace of traces) this.add(trace);
    return this;
  }

  /** Folds another collector's traces into this one (e.g. per-shard collectors). */
  merge(other: StreamingMetricsCollector): this {
    this.tally.merge(other.tally);
    this.sketch.merge(other.sketch);
    this.ttftSketch.merge(other.ttftSketch);
    return this;
  }

  /** Bins the latency sketch holds: bounded by `binLimit` whatever the number of traces. */
  get sketchBins(): number {
    return this.sketch.store.bins.length;
  }

  /** Bins the time-to-first-token sketch holds (same bound). */
  get ttftSketchBins(): number {
    return this.ttftSketch.store.bins.length;
  }

  /** The same fields as `MetricsCollector.compute`; percentiles are within `relativeAccuracy`. */
  snapshot(): TraceMetrics {
    const q = (sketch: LogCollapsingLowestDenseDDSketch, quantile: number) =>
      sketch.count > 0 ? sketch.getValueAtQuantile(quantile) : null;
    const s = this.sketch;
    return this.tally.finish({
      p50: q(s, 0.5),
      p95: q(s, 0.95),
      p99: q(s, 0.99),
      ttftP50: q(this.ttftSketch, 0.5),
      ttftP95: q(this.ttftSketch, 0.95),
    });
  }
}
