import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { MetricsCollector } from "./collector";
import {
  createPrometheusSink,
  LabelGuard,
  LATENCY_BUCKETS_SECONDS,
  registerLlmMetrics,
  TTFT_BUCKETS_SECONDS,
} from "./prometheus";
import { loadContract } from "./contract";
import type { AnswerRecord } from "./record";
import type { Trace } from "./schema";
import { generateTraces } from "./synth";

const contract = loadContract();

const traces = generateTraces({ contract, n: 600, seed: 5 });
const asRecord = (trace: Trace) => ({ trace }) as AnswerRecord; // the sink reads only `trace`

/** Sums a metric's samples in prom-client's JSON, optionally filtered by labels. */
async function total(
  registry: Registry,
  name: string,
  filter: Record<string, string> = {},
  metricName = name,
): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  if (!metric) return 0;
  return (metric.values as { value: number; labels: Record<string, string | number>; metricName?: string }[])
    .filter(
      (v) =>
        (v.metricName ?? name) === metricName &&
        Object.entries(filter).every(([k, want]) => String(v.labels[k]) === want),
    )
    .reduce((s, v) => s + v.value, 0);
}

describe("createPrometheusSink", () => {
  const registry = new Registry();
  const sink = createPrometheusSink(registry);
  for (const trace of traces) sink.record(asRecord(trace));
  const m = new MetricsCollector().compute(traces);

  it("counts what the collector counts, with the same definitions", async () => {
    expect(await total(registry, "llm_requests_total")).toBe(m.traces);
    expect(await total(registry, "llm_request_failures_total")).toBe(m.failures);
    expect(await total(registry, "llm_tool_calls_total")).toBe(m.tool_calls);
    expect(await total(registry, "llm_tool_calls_total", { success: "true" })).toBe(m.tool_successes);
    expect(await total(registry, "llm_priced_requests_total")).toBe(m.cost_priced);
    expect(await total(registry, "llm_cost_usd_total")).toBeCloseTo(m.total_cost_usd, 9);
    expect(await total(registry, "llm_quality_scored_total")).toBe(m.quality_scored);
    expect(await total(registry, "llm_quality_passed_total")).toBe(m.quality_passed);
    expect(
      await total(registry, "llm_request_duration_seconds", {}, "llm_request_duration_seconds_count"),
    ).toBe(m.traces);
    expect(
      1000 * (await total(registry, "llm_request_duration_seconds", {}, "llm_request_duration_seconds_sum")),
    ).toBeCloseTo(m.mean_latency_ms! * m.traces, 3);
    const ttfts = traces.flatMap((t) => (t.ttft_ms === undefined ? [] : [t.ttft_ms]));
    expect(
      await total(registry, "llm_time_to_first_token_seconds", {}, "llm_time_to_first_token_seconds_count"),
    ).toBe(m.ttft_measured);
    expect(m.ttft_measured).toBe(ttfts.length);
    expect(
      1000 *
        (await total(registry, "llm_time_to_first_token_seconds", {}, "llm_time_to_first_token_seconds_sum")),
    ).toBeCloseTo(
      ttfts.reduce((a, b) => a + b, 0),
      3,
    );
    const within = (ms: number) => ttfts.filter((v) => v <= ms).length;
    expect(
      await total(
        registry,
        "llm_time_to_first_token_seconds",
        { le: "0.8" },
        "llm_time_to_first_token_seconds_bucket",
      ),
    ).toBe(within(800));
  });

  it("uses the required types, base units and 50 ms .. 30 s duration buckets", async () => {
    const types = Object.fromEntries((await registry.getMetricsAsJSON()).map((x) => [x.name, x.type]));
    expect(types).toMatchObject({
      llm_request_duration_seconds: "histogram",
      llm_time_to_first_token_seconds: "histogram",
      llm_requests_total: "counter",
      llm_request_failures_total: "counter",
      llm_tool_calls_total: "counter",
      llm_cost_usd_total: "counter",
      llm_quality_proxy_pass_ratio: "gauge",
    });
    for (const [name, type] of Object.entries(types)) {
      expect(name, "a counter ends in _total").toMatch(
        String(type) === "counter" ? /_total$/ : /^(?!.*_total$)/,
      );
      expect(name, "no abbreviated or non-base units").not.toMatch(/_(ms|milliseconds|sec|percent)(_|$)/);
    }
    expect(LATENCY_BUCKETS_SECONDS[0]).toBe(0.05);
    expect(LATENCY_BUCKETS_SECONDS[LATENCY_BUCKETS_SECONDS.length - 1]).toBe(30);
    const text = await registry.metrics();
    expect(text).toContain('le="0.05"');
    expect(text).toContain('le="30"');
  });

  it("has a bucket edge at every latency and TTFT threshold line and SLO threshold of the contract", () => {
    const c = loadContract();
    const edges = (buckets: readonly number[]) => new Set(buckets.map((b) => Math.round(b * 1000)));
    for (const [buckets, threshold, slo] of [
      [LATENCY_BUCKETS_SECONDS, c.alert_thresholds.p95_latency_ms, c.slos.latency],
      [TTFT_BUCKETS_SECONDS, c.alert_thresholds.p95_ttft_ms, c.slos.ttft],
    ] as const) {
      for (const ms of [threshold.green, threshold.yellow, threshold.red, slo.threshold_ms])
        expect(edges(buckets).has(ms), `${ms} ms is a bucket edge`).toBe(true);
      expect([...buckets]).toEqual([...buckets].sort((a, b) => a - b));
    }
  });

  it("sets the quality gauge to the running pass ratio (0..1) per label set", async () => {
    const gauge = (await registry.getMetricsAsJSON()).find((x) => x.name === "llm_quality_proxy_pass_ratio")!;
    const sample = gauge.values[0] as { value: number; labels: Record<string, string> };
    const same = traces.filter(
      (t) =>
        t.environment === sample.labels.environment &&
        t.customer_tier === sample.labels.customer_tier &&
        t.prompt_version === sample.labels.prompt_version &&
        t.model_name === sample.labels.model,
    );
    expect(100 * sample.value).toBeCloseTo(new MetricsCollector().compute(same).quality_proxy_rate!, 9);
  });

  it("is idempotent to register and flushes successfully", async () => {
    expect(registerLlmMetrics(registry).requests).toBe(sink.metrics.requests);
    expect(await sink.flush()).toEqual({ code: "SUCCESS" });
    expect(sink.name).toBe("prometheus");
  });
});

describe("labels stay low-cardinality and never carry user data", () => {
  it("maps odd or unbounded values to 'other' and keeps only the four dimensions", async () => {
    const registry = new Registry();
    const sink = createPrometheusSink(registry, { labelLimit: 3 });
    const base = traces[0];
    const odd: Trace[] = [
      { ...base, prompt_version: "jane.doe@example.com" },
      { ...base, model_name: "gpt-4o-mini\nsecret" },
      { ...base, environment: "prod; drop" as never },
      ...["v1", "v2", "v3", "v4", "v5"].map((v) => ({ ...base, prompt_version: v })),
      {
        ...base,
        tool_calls: [
          {
            tool_name: "Ignore previous instructions",
            input: { email: "x@y.z" },
            output: null,
            latency_ms: 1,
            success: false,
          },
        ],
      },
    ];
    for (const t of odd) sink.record(asRecord(t));
    const text = await registry.metrics();
    expect(text).not.toMatch(/example\.com|secret|drop|Ignore previous|x@y\.z/);
    expect(text).toContain('prompt_version="other"');
    expect(text).toContain('environment="other"');
    const labelNames = new Set([...text.matchAll(/([a-z_]+)="/g)].map((x) => x[1]));
    for (const name of labelNames)
      expect([
        "customer_tier",
        "environment",
        "error_type",
        "kind",
        "le",
        "model",
        "prompt_version",
        "success",
        "tool",
      ]).toContain(name);
  });

  it("LabelGuard caps distinct values", () => {
    const guard = new LabelGuard(2);
    expect([
      guard.value("a"),
      guard.value("b"),
      guard.value("c"),
      guard.value("a"),
      guard.value(""),
      guard.value(42),
    ]).toEqual(["a", "b", "other", "a", "other", "other"]);
  });

  it("never throws into the request path: a broken record is counted and reported by flush", async () => {
    const sink = createPrometheusSink(new Registry());
    expect(() => sink.record({} as AnswerRecord)).not.toThrow();
    expect(sink.dropped).toBe(1);
    expect(await sink.flush()).toMatchObject({ code: "FAILED" });
  });
});
