import { describe, expect, it } from "vitest";
import { MetricsCollector, type TraceMetrics } from "./collector";
import { classifyError } from "./error-types";
import { percentile, percentilesInPlace } from "./collector/percentile";
import type { Trace } from "./schema";

let counter = 0;
/** A minimal schema-shaped trace; tests override what they measure. */
function makeTrace(overrides: Partial<Trace> = {}): Trace {
  counter++;
  return {
    trace_id: `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
    timestamp: "2025-06-01T00:00:00.000Z",
    environment: "production",
    customer_tier: "pro",
    prompt_version: "v2.1",
    model_name: "gpt-4o-mini",
    input_text: "q",
    output_text: "a",
    retrieved_docs: [],
    tool_calls: [],
    total_tokens: 0,
    prompt_tokens: 0,
    completion_tokens: 0,
    latency_ms: 1000,
    tags: [],
    ...overrides,
  };
}

const tool = (success: boolean) => ({
  tool_name: "order_lookup",
  input: {},
  output: null,
  latency_ms: 10,
  success,
});

/** Values checked by hand (and against numpy.percentile for the latencies). */
const batch: Trace[] = [
  makeTrace({
    latency_ms: 100,
    prompt_tokens: 1000,
    completion_tokens: 500,
    total_tokens: 1500,
    tool_calls: [tool(true), tool(false)],
    quality_score: 80,
  }),
  makeTrace({ latency_ms: 200, error: "timeout: request timed out after 10000 ms", tool_calls: [] }),
  makeTrace({
    latency_ms: 300,
    model_name: "gpt-4o",
    prompt_tokens: 2000,
    completion_tokens: 1000,
    total_tokens: 3000,
    tool_calls: [tool(true)],
    quality_score: 60,
  }),
  makeTrace({
    latency_ms: 400,
    prompt_tokens: 100,
    completion_tokens: 100,
    total_tokens: 200,
    quality_score: 70,
  }),
];

describe("percentile (numpy.percentile's default, linear)", () => {
  it.each([
    [[1, 2, 3, 4], 50, 2.5],
    [[1, 2, 3, 4], 95, 3.85],
    [[1, 2, 3, 4], 99, 3.97],
    [[15, 20, 35, 40, 50], 95, 48],
    [[15, 20, 35, 40, 50], 50, 35],
    [[15, 20, 35, 40, 50], 0, 15],
    [[15, 20, 35, 40, 50], 100, 50],
    [[7], 95, 7],
  ])("percentile(%j, %d) = %d", (values, p, expected) => {
    expect(percentile(values, p)).toBeCloseTo(expected, 10);
    expect(percentilesInPlace(Float64Array.from(values), [p])[0]).toBeCloseTo(expected, 10);
  });

  it("gives null for no values or a p outside 0..100", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([1], 101)).toBeNull();
    expect(percentilesInPlace(new Float64Array(0), [50, 95])).toEqual([null, null]);
  });

  it("quickselect agrees with a full sort on random, tied and sorted inputs", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const inputs = [
      Array.from({ length: 1001 }, () => rand() * 10_000),
      Array.from({ length: 500 }, () => Math.floor(rand() * 5)), // many ties
      Array.from({ length: 300 }, (_, i) => i), // already sorted
      Array.from({ length: 300 }, (_, i) => 300 - i), // reversed
      [3, 1, 2],
    ];
    for (const values of inputs) {
      const sorted = [...values].sort((a, b) => a - b);
      const ps = [99, 50, 0, 95, 100, 12.5];
      const got = percentilesInPlace(Float64Array.from(values), ps);
      ps.forEach((p, i) => expect(got[i]).toBeCloseTo(percentile(sorted, p)!, 9));
    }
  });
});

describe("MetricsCollector.compute on a hand-computed batch", () => {
  const m = new MetricsCollector().compute(batch);

  it("computes the five metrics", () => {
    expect(m.failure_rate).toBe(25);
    expect(m.p50_latency_ms).toBeCloseTo(250, 9);
    expect(m.p95_latency_ms).toBeCloseTo(385, 9); // numpy.percentile([100,200,300,400], 95)
    expect(m.p99_latency_ms).toBeCloseTo(397, 9);
    expect(m.tool_success_rate).toBeCloseTo(200 / 3, 9);
    // 1000*0.15 + 500*0.60, 0, 2000*2.50 + 1000*10, 100*0.15 + 100*0.60 (USD per 1M tokens)
    expect(m.total_cost_usd).toBeCloseTo(0.00045 + 0 + 0.015 + 0.000075, 12);
    expect(m.avg_cost_per_request).toBeCloseTo(0.015525 / 4, 12);
    expect(m.quality_proxy_rate).toBeCloseTo(200 / 3, 9); // 80 and 70 pass (>= 70), 60 fails
  });

  it("returns the counts", () => {
    expect(m).toMatchObject({
      traces: 4,
      failures: 1,
      tool_calls: 3,
      tool_successes: 2,
      quality_scored: 3,
      quality_passed: 2,
      cost_priced: 4,
      cost_unpriced: 0,
      mean_latency_ms: 250,
      max_latency_ms: 400,
    });
    expect(m.errors_by_type.timeout).toBe(1);
  });

  it("makes the quality pass threshold configurable", () => {
    const strict = new MetricsCollector({ qualityPassThreshold: 75 }).compute(batch);
    expect(strict.quality_proxy_rate).toBeCloseTo(100 / 3, 9);
    expect(strict.quality_pass_threshold).toBe(75);
  });

  it("does not depend on the input order and does not reorder the input", () => {
    const reversed = [...batch].reverse();
    const copy = [...reversed];
    expect(new MetricsCollector().compute(reversed)).toEqual(m);
    expect(reversed).toEqual(copy);
  });
});

const noNaN = (m: TraceMetrics) => Object.values(m).filter((v) => typeof v === "number" && Number.isNaN(v));

describe("edge cases: well-defined results, never NaN, never a throw", () => {
  const cases: [string, unknown[], Partial<TraceMetrics>][] = [
    [
      "empty input",
      [],
      {
        traces: 0,
        failure_rate: null,
        p50_latency_ms: null,
        p95_latency_ms: null,
        p99_latency_ms: null,
        tool_success_rate: null,
        avg_cost_per_request: null,
        quality_proxy_rate: null,
        total_cost_usd: 0,
        mean_latency_ms: null,
        max_latency_ms: null,
      },
    ],
    [
      "no tool calls",
      [makeTrace(), makeTrace()],
      { tool_calls: 0, tool_success_rate: null, failure_rate: 0 },
    ],
    [
      "all failures",
      [
        makeTrace({ error: "429 rate limit" }),
        makeTrace({ error: "503 overloaded" }),
        makeTrace({ error: "boom" }),
      ],
      {
        failure_rate: 100,
        failures: 3,
        quality_proxy_rate: null,
        errors_by_type: { rate_limit: 1, timeout: 0, context_overflow: 0, provider_5xx: 1, other: 1 },
      },
    ],
    [
      "an unknown model",
      [
        makeTrace({ model_name: "llama-9000", prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }),
        makeTrace({ prompt_tokens: 1_000_000, completion_tokens: 0, total_tokens: 1_000_000 }),
      ],
      {
        cost_unpriced: 1,
        cost_unpriced_unknown_model: 1,
        unknown_models: ["llama-9000"],
        cost_priced: 1,
        avg_cost_per_request: 0.15,
      },
    ],
    [
      "no prompt/completion split",
      [
        makeTrace({ prompt_tokens: undefined, completion_tokens: undefined, total_tokens: 500 }),
        makeTrace({ prompt_tokens: undefined, completion_tokens: undefined, total_tokens: 0 }),
      ],
      { cost_unpriced: 1, cost_unpriced_no_token_split: 1, cost_priced: 1, avg_cost_per_request: 0 },
    ],
    [
      "only unpriceable traces",
      [makeTrace({ model_name: "mystery", prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 })],
      { avg_cost_per_request: null, cost_unpriced: 1, total_cost_usd: 0 },
    ],
    [
      "entries that are not traces",
      [null, 42, "x", makeTrace({ latency_ms: 10 })],
      { invalid_traces: 3, traces: 1, p95_latency_ms: 10 },
    ],
    [
      "a NaN, negative or infinite latency",
      [
        makeTrace({ latency_ms: Number.NaN }),
        makeTrace({ latency_ms: -1 }),
        makeTrace({ latency_ms: Infinity }),
        makeTrace({ latency_ms: 5 }),
      ],
      { latency_invalid: 3, traces: 4, p50_latency_ms: 5, max_latency_ms: 5 },
    ],
    [
      "TTFT: only traces that carry one, odd values left out",
      [
        makeTrace({ ttft_ms: 100 }),
        makeTrace({ ttft_ms: 300 }),
        makeTrace(),
        makeTrace({ ttft_ms: Number.NaN }),
        makeTrace({ ttft_ms: -5 }),
      ],
      { ttft_measured: 2, p50_ttft_ms: 200, p95_ttft_ms: 290, traces: 5 },
    ],
    [
      "no TTFT at all",
      [makeTrace(), makeTrace({ error: "boom" })],
      { ttft_measured: 0, p50_ttft_ms: null, p95_ttft_ms: null },
    ],
    [
      "a NaN quality score",
      [makeTrace({ quality_score: Number.NaN })],
      { quality_scored: 0, quality_proxy_rate: null },
    ],
    [
      "a dated model snapshot",
      [
        makeTrace({
          model_name: "gpt-4o-mini-2024-07-18",
          prompt_tokens: 1_000_000,
          completion_tokens: 1_000_000,
          total_tokens: 2_000_000,
        }),
      ],
      { avg_cost_per_request: 0.75, cost_unpriced: 0 },
    ],
  ];
  it.each(cases)("%s", (_name, input, expected) => {
    const m = new MetricsCollector().compute(input as Trace[]);
    expect(m).toMatchObject(expected);
    expect(noNaN(m)).toEqual([]);
  });
});

describe("classifyError", () => {
  it.each([
    ["RateLimitError: 429 Rate limit reached", "rate_limit"],
    ["Request timed out.", "timeout"],
    ["504 Gateway Timeout", "timeout"],
    ["400 This model's maximum context length is 128000 tokens", "context_overflow"],
    ["InternalServerError: 500 upstream", "provider_5xx"],
    ["503 The server is overloaded", "provider_5xx"],
    ["tool returned garbage", "other"],
  ])("%s -> %s", (message, type) => expect(classifyError(message)).toBe(type));
});
