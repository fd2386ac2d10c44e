import { describe, expect, it } from "vitest";
import { breakdown } from "./collector/breakdown";
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  costPerRequestDistribution,
  failureRateByEnvironmentTier,
  latencyHistogram,
  qualityByPromptVersion,
  task5Charts,
  toolSuccessByTool,
  ttftHistogram,
} from "./charts";
import { MetricsCollector } from "./collector";
import { generateTraces } from "./synth";
import { loadContract } from "./contract";

const contract = loadContract();

const traces = generateTraces({ contract, n: 800, seed: 9 });
const m = new MetricsCollector().compute(traces);

describe("chart figure specs", () => {
  it("latency histogram: every latency, and p50/p95 markers at the collector's values", () => {
    const fig = latencyHistogram(traces, { contract, metrics: m });
    expect((fig.data[0].x as number[]).length).toBe(traces.length);
    const lines = (fig.layout.shapes as { x0: number }[]).map((s) => s.x0);
    expect(lines).toContain(m.p50_latency_ms);
    expect(lines).toContain(m.p95_latency_ms);
    expect(lines).toContain(contract.alert_thresholds.p95_latency_ms.green);
    expect(fig.layout).toMatchObject({ width: CHART_WIDTH, height: CHART_HEIGHT });
  });

  it("failure rate by environment and tier matches the breakdown", () => {
    const fig = failureRateByEnvironmentTier(traces, { contract });
    const rows = breakdown(traces, ["environment", "customer_tier"]);
    for (const series of fig.data as { name: string; x: string[]; y: (number | null)[] }[]) {
      series.x.forEach((env, i) => {
        const expected =
          rows.find((r) => r.group.environment === env && r.group.customer_tier === series.name)?.metrics
            .failure_rate ?? null;
        expect(series.y[i]).toBe(expected);
      });
    }
  });

  it("cost distribution: one box per model plus all answered requests, average line at the collector's value", () => {
    const fig = costPerRequestDistribution(traces, { contract });
    const models = new Set(traces.map((t) => t.model_name));
    expect(fig.data).toHaveLength(models.size + 1);
    expect((fig.data[0].y as number[]).length).toBe(traces.filter((t) => t.total_tokens > 0).length);
    expect((fig.layout.shapes as { y0: number }[]).map((s) => s.y0)).toContain(m.avg_cost_per_request);
  });

  it("tool success by tool: rates sorted worst first, calls add up", () => {
    const bar = toolSuccessByTool(traces, { contract }).data[0] as {
      x: string[];
      y: number[];
      text: string[];
    };
    expect([...bar.y].sort((a, b) => a - b)).toEqual(bar.y);
    const total = bar.text.reduce((s, t) => s + Number(/of (\d+)/.exec(t)![1]), 0);
    expect(total).toBe(m.tool_calls);
  });

  it("quality by prompt version matches the breakdown and honours the pass threshold", () => {
    const bar = qualityByPromptVersion(traces, { contract }).data[0] as { x: string[]; y: number[] };
    const rows = breakdown(traces, "prompt_version");
    expect(bar.x).toEqual(rows.map((r) => r.label));
    expect(bar.y).toEqual(rows.map((r) => r.metrics.quality_proxy_rate));
    const strict = qualityByPromptVersion(traces, { contract, qualityPassThreshold: 90 }).data[0] as {
      y: number[];
    };
    expect(strict.y[0]).toBeLessThan(bar.y[0]);
  });

  it("builds all five, named for report/figures, and survives an empty batch", () => {
    expect(Object.keys(task5Charts(traces, { contract }))).toEqual([
      "task5_latency_histogram",
      "task5_ttft_histogram",
      "task5_failure_rate_by_environment_tier",
      "task5_cost_per_request",
      "task5_tool_success_by_tool",
      "task5_quality_by_prompt_version",
    ]);
    expect(() => task5Charts([], { contract })).not.toThrow();
  });

  it("starts every bar axis at zero, so a few points' gap is not drawn as a cliff", () => {
    for (const fig of [
      toolSuccessByTool(traces, { contract }),
      qualityByPromptVersion(traces, { contract }),
      failureRateByEnvironmentTier(traces, { contract }),
    ]) {
      expect((fig.layout.yaxis as { range: number[] }).range[0]).toBe(0);
    }
  });
});

describe("ttftHistogram", () => {
  it("draws the streamed answers' TTFT with the collector's p50/p95 and the contract's SLO line", () => {
    const m = new MetricsCollector().compute(traces);
    const fig = ttftHistogram(traces, { contract, metrics: m });
    const x = fig.data[0].x as number[];
    const measured = traces.filter((t) => t.ttft_ms !== undefined).length;
    expect(x.length).toBeLessThanOrEqual(measured);
    const texts = (fig.layout.annotations as { text: string }[]).map((a) => a.text);
    expect(texts[0]).toBe(`p50 ${Math.round(m.p50_ttft_ms!).toLocaleString("en-US")} ms`);
    expect(texts[1]).toBe(`p95 ${Math.round(m.p95_ttft_ms!).toLocaleString("en-US")} ms`);
    expect(texts[2]).toMatch(/^SLO: 95% within 800 ms \(\d+(\.\d)?% were\)$/);
    expect(() => ttftHistogram([], { contract })).not.toThrow();
  });
});
