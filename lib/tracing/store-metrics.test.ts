import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MetricsCollector } from "../collector";
import { generateTraces } from "../synth";
import type { Trace } from "../schema";
import { persistTraces, storeMetrics } from "./store-metrics";
import { retentionDays, TraceStore } from "./trace-store";
import { loadContract } from "../contract";

const contract = loadContract();
const retention = retentionDays(contract);

const dirs: string[] = [];
const freshStore = () => {
  const dir = mkdtempSync(join(tmpdir(), "store-metrics-"));
  dirs.push(dir);
  return new TraceStore({ dir, retention, log: () => undefined });
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const FIVE = [
  "p50_latency_ms",
  "p95_latency_ms",
  "failure_rate",
  "tool_success_rate",
  "avg_cost_per_request",
  "quality_proxy_rate",
] as const;

describe("the five metrics as SQL over the DuckDB store", () => {
  it("agree with MetricsCollector on the same 2,000 synthetic traces (not the default 1,000)", async () => {
    const traces = generateTraces({ contract, n: 2_000, seed: 11 });
    const store = freshStore();
    persistTraces(store, traces);
    const sql = await storeMetrics(store);
    const collector = new MetricsCollector().compute(traces);
    for (const key of FIVE) expect(sql[key], key).toBeCloseTo(collector[key] as number, 9);
    expect([sql.traces, sql.failures, sql.tool_calls, sql.cost_priced, sql.quality_scored]).toEqual([
      collector.traces,
      collector.failures,
      collector.tool_calls,
      collector.cost_priced,
      collector.quality_scored,
    ]);
    await store.close();
  });

  it("agree on the edge cases: unknown and dated models, no token split, zero tokens, negative latency, no scores", async () => {
    const base = generateTraces({ contract, n: 6, seed: 3 });
    const edge: Trace[] = [
      { ...base[0], model_name: "gpt-4o-mini-2024-07-18" },
      { ...base[1], model_name: "my-finetune", prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      { ...base[2], prompt_tokens: undefined, completion_tokens: undefined, total_tokens: 40 },
      { ...base[3], prompt_tokens: undefined, completion_tokens: undefined, total_tokens: 0 },
      { ...base[4], latency_ms: -1, quality_score: undefined },
      { ...base[5], tool_calls: [], error: "RateLimitError: 429" },
    ];
    const store = freshStore();
    persistTraces(store, edge);
    const sql = await storeMetrics(store);
    const collector = new MetricsCollector().compute(edge);
    for (const key of FIVE) {
      if (collector[key] === null) expect(sql[key], key).toBeNull();
      else expect(sql[key], key).toBeCloseTo(collector[key] as number, 9);
    }
    expect(sql.cost_priced).toBe(collector.cost_priced);
    await store.close();
  });

  it("gives nulls, not NaN, on an empty store", async () => {
    const store = freshStore();
    expect(await storeMetrics(store)).toMatchObject({
      traces: 0,
      failure_rate: null,
      p95_latency_ms: null,
      avg_cost_per_request: null,
    });
    await store.close();
  });

  it("count one run's traces when asked: a store file keeps every run's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "store-metrics-runs-"));
    dirs.push(dir);
    const first = new TraceStore({ dir, retention, log: () => undefined });
    const second = new TraceStore({ dir, retention, log: () => undefined });
    const traces = generateTraces({ contract, n: 30, seed: 5 });
    persistTraces(first, traces.slice(0, 20));
    persistTraces(second, traces.slice(20));
    await second.persistence!.flush();
    expect((await storeMetrics(first, { run: first.run })).traces).toBe(20);
    expect((await storeMetrics(first, { run: second.run })).traces).toBe(10);
    expect((await storeMetrics(first)).traces).toBe(30);
    await second.close();
    await first.close();
  });
});
