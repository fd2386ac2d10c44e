import { describe, expect, it } from "vitest";
import { breakdown, BreakdownDimensionError, slowTail } from "./breakdown";
import { MetricsCollector } from "../collector";
import { generateTraces } from "../synth";
import { loadContract } from "../contract";

const contract = loadContract();

const traces = generateTraces({ contract, n: 2000, seed: 3 });

describe("breakdown", () => {
  it("slices by one dimension, and the slices add up to the whole", () => {
    const rows = breakdown(traces, "environment");
    expect(rows.map((r) => r.label)).toEqual(["dev", "production", "staging"]);
    const whole = new MetricsCollector().compute(traces);
    expect(rows.reduce((s, r) => s + r.metrics.traces, 0)).toBe(whole.traces);
    expect(rows.reduce((s, r) => s + r.metrics.failures, 0)).toBe(whole.failures);
    expect(rows.reduce((s, r) => s + r.metrics.tool_calls, 0)).toBe(whole.tool_calls);
    const production = rows.find((r) => r.group.environment === "production")!;
    expect(production.metrics).toEqual(
      new MetricsCollector().compute(traces.filter((t) => t.environment === "production")),
    );
  });

  it.each(["customer_tier", "prompt_version", "model_name"] as const)("slices by %s", (dim) => {
    const rows = breakdown(traces, dim);
    expect(rows.length).toBe(new Set(traces.map((t) => t[dim])).size);
    expect(rows.every((r) => r.metrics.traces > 0)).toBe(true);
  });

  it("slices by a combination, e.g. environment and tier", () => {
    const rows = breakdown(traces, ["environment", "customer_tier"]);
    expect(rows.length).toBe(9);
    expect(rows[0]).toMatchObject({
      label: "dev / enterprise",
      group: { environment: "dev", customer_tier: "enterprise" },
    });
  });

  it("passes collector options through and handles empty input", () => {
    expect(breakdown([], "environment")).toEqual([]);
    const strict = breakdown(traces, "prompt_version", { qualityPassThreshold: 95 });
    expect(strict[0].metrics.quality_pass_threshold).toBe(95);
  });

  it("names the field and the choices for an unknown dimension", () => {
    expect(() => breakdown(traces, "user_id" as never)).toThrow(BreakdownDimensionError);
    expect(() => breakdown(traces, "user_id" as never)).toThrow(
      /"user_id".*environment, customer_tier, prompt_version, model_name/,
    );
  });
});

describe("slowTail", () => {
  it("finds the traces over a line and the timeouts among them", () => {
    const base = traces[0];
    const tail = slowTail(
      [
        { ...base, latency_ms: 100, error: undefined },
        { ...base, latency_ms: 4000, error: undefined },
        { ...base, latency_ms: 9000, error: "TimeoutError: LLM call exceeded 8000 ms" },
        { ...base, latency_ms: 200, error: "TimeoutError: tool" },
      ],
      3000,
    );
    expect(tail).toEqual({ threshold_ms: 3000, over: 2, timeouts: 1 });
  });
});
