import { describe, expect, it } from "vitest";
import { MetricsCollector } from "../collector";
import { StreamingMetricsCollector } from "./streaming-collector";
import { generateTraces } from "../synth";
import { loadContract } from "../contract";

const contract = loadContract();

const traces = generateTraces({ contract, n: 20_000, seed: 11 });
const exact = new MetricsCollector().compute(traces);

describe("StreamingMetricsCollector", () => {
  const streamed = new StreamingMetricsCollector().addAll(traces).snapshot();

  it("gives exactly the batch counts and rates", () => {
    for (const key of [
      "traces",
      "failures",
      "failure_rate",
      "tool_calls",
      "tool_success_rate",
      "quality_proxy_rate",
      "cost_priced",
      "mean_latency_ms",
      "max_latency_ms",
      "errors_by_type",
      "ttft_measured",
    ] as const) {
      expect(streamed[key], key).toEqual(exact[key]);
    }
    expect(streamed.avg_cost_per_request!).toBeCloseTo(exact.avg_cost_per_request!, 12);
  });

  it.each(["p50_latency_ms", "p95_latency_ms", "p99_latency_ms", "p50_ttft_ms", "p95_ttft_ms"] as const)(
    "%s is within 1%% of the exact percentile",
    (key) => {
      const relativeError = Math.abs(streamed[key]! - exact[key]!) / exact[key]!;
      expect(relativeError).toBeLessThanOrEqual(0.01);
    },
  );

  it("merges shards into the same answer as one stream", () => {
    const a = new StreamingMetricsCollector().addAll(traces.slice(0, 7_000));
    const b = new StreamingMetricsCollector().addAll(traces.slice(7_000));
    const merged = a.merge(b).snapshot();
    expect(merged.traces).toBe(exact.traces);
    expect(merged.p95_latency_ms).toBe(streamed.p95_latency_ms);
    expect(merged.p95_ttft_ms).toBe(streamed.p95_ttft_ms);
    expect(merged.ttft_measured).toBe(exact.ttft_measured);
    expect(merged.failure_rate).toBe(exact.failure_rate);
  });

  it("holds constant memory: the sketch's bins stop growing while traces keep coming", () => {
    const collector = new StreamingMetricsCollector();
    collector.addAll(traces.slice(0, 2_000));
    const early = collector.sketchBins;
    for (let round = 0; round < 10; round++) collector.addAll(traces);
    expect(collector.sketchBins).toBeLessThanOrEqual(Math.max(early, 2048));
    // 1% relative accuracy over 1 ms .. 10 s needs at most ln(10^4)/ln(1.0202) ≈ 461 bins (+ chunking).
    expect(collector.sketchBins).toBeLessThan(700);
    expect(collector.ttftSketchBins).toBeLessThan(700);
  });

  it("is well-defined when empty and counts odd entries instead of throwing", () => {
    const empty = new StreamingMetricsCollector().snapshot();
    expect(empty).toMatchObject({
      traces: 0,
      p95_latency_ms: null,
      failure_rate: null,
      avg_cost_per_request: null,
    });
    const odd = new StreamingMetricsCollector()
      .add(null as never)
      .add({ ...traces[0], latency_ms: Number.NaN })
      .snapshot();
    expect(odd).toMatchObject({ invalid_traces: 1, latency_invalid: 1, traces: 1, p95_latency_ms: null });
  });
});
