import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyError } from "./error-types";
import { priceFor } from "./pricing";
import { parseTraceJsonl, parseTraces } from "./schema";
import { generateTraces, SYNTHETIC_TRACES_PATH, writeSyntheticTraces } from "./synth";
import { SYNTH_TARGETS, synthProfile } from "./synth/profile";
import { htmlTable } from "./format";
import { packagePath } from "./package-root";
import { loadContract } from "./contract";

const contract = loadContract();

const traces = generateTraces({ contract, n: 5000, seed: 42 });
const answered = traces.filter((t) => t.error === undefined);
const share = (part: number, whole: number) => (100 * part) / whole;

describe("generateTraces", () => {
  it("is deterministic: the same seed gives identical traces, another seed different ones", () => {
    expect(generateTraces({ contract, n: 300, seed: 7 })).toEqual(
      generateTraces({ contract, n: 300, seed: 7 }),
    );
    expect(generateTraces({ contract, n: 300, seed: 8 })[0].trace_id).not.toBe(
      generateTraces({ contract, n: 300, seed: 7 })[0].trace_id,
    );
  });

  it("produces only schema-valid traces with unique ids and ordered timestamps", () => {
    const { rejected } = parseTraces(traces);
    expect(rejected).toEqual([]);
    expect(new Set(traces.map((t) => t.trace_id)).size).toBe(traces.length);
    const times = traces.map((t) => Date.parse(t.timestamp));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
  });

  it("meets every target of its profile, the rows notebook 05 prints", () => {
    expect(synthProfile(traces).filter((r) => !r.met)).toEqual([]);
    expect(htmlTable(synthProfile(traces))).toMatch(/<td[^>]*>true<\/td>/);
  });

  it("has a profile check that can fail", () => {
    const slowAndBroken = traces.map((t) => ({
      ...t,
      latency_ms: 12_000,
      error: "rate limit exceeded (429)",
    }));
    const missed = synthProfile(slowAndBroken)
      .filter((r) => !r.met)
      .map((r) => r.property);
    expect(missed).toEqual(
      expect.arrayContaining(["slowest request", "traces with an error", "error types"]),
    );
  });

  it("fails about 3-5% of traces, with every typed error", () => {
    const [lo, hi] = SYNTH_TARGETS.failed_pct;
    expect(share(traces.length - answered.length, traces.length)).toBeGreaterThanOrEqual(lo);
    expect(share(traces.length - answered.length, traces.length)).toBeLessThanOrEqual(hi);
    const types = new Set(traces.filter((t) => t.error).map((t) => classifyError(t.error!)));
    expect([...types].sort()).toEqual(["context_overflow", "provider_5xx", "rate_limit", "timeout"]);
  });

  it("keeps latency mostly in 800-2,000 ms with outliers up to 10,000 ms", () => {
    const [lo, hi] = SYNTH_TARGETS.latency_band_ms;
    const inBand = answered.filter((t) => t.latency_ms >= lo && t.latency_ms <= hi).length;
    expect(share(inBand, answered.length)).toBeGreaterThanOrEqual(SYNTH_TARGETS.latency_in_band_min_pct);
    expect(answered.some((t) => t.latency_ms > 5000)).toBe(true);
    expect(Math.max(...traces.map((t) => t.latency_ms))).toBeLessThanOrEqual(SYNTH_TARGETS.max_latency_ms);
  });

  it("has about 90-95% successful tool calls", () => {
    const calls = traces.flatMap((t) => t.tool_calls);
    expect(calls.length).toBeGreaterThan(1000);
    const rate = share(calls.filter((c) => c.success).length, calls.length);
    expect(rate).toBeGreaterThanOrEqual(SYNTH_TARGETS.tool_success_pct[0]);
    expect(rate).toBeLessThanOrEqual(SYNTH_TARGETS.tool_success_pct[1]);
    expect(calls.filter((c) => !c.success).every((c) => typeof c.error === "string")).toBe(true);
  });

  it("uses 200-2,000 tokens per answered request, split into prompt and completion", () => {
    for (const t of answered) {
      expect(t.total_tokens).toBeGreaterThanOrEqual(SYNTH_TARGETS.answered_total_tokens[0]);
      expect(t.total_tokens).toBeLessThanOrEqual(SYNTH_TARGETS.answered_total_tokens[1]);
      expect(t.prompt_tokens! + t.completion_tokens!).toBe(t.total_tokens);
      expect(t.completion_tokens).toBeGreaterThan(0);
    }
  });

  it("passes the quality proxy on about 85-90% of scored traces", () => {
    const scored = traces.filter((t) => t.quality_score !== undefined);
    expect(scored.length).toBeGreaterThan(0.8 * answered.length);
    const rate = share(scored.filter((t) => t.quality_score! >= 70).length, scored.length);
    expect(rate).toBeGreaterThanOrEqual(SYNTH_TARGETS.quality_pass_pct[0]);
    expect(rate).toBeLessThanOrEqual(SYNTH_TARGETS.quality_pass_pct[1]);
  });

  it("mixes environments, tiers, prompt versions, models and tools, all priced", () => {
    const distinct = (key: "environment" | "customer_tier" | "prompt_version" | "model_name") =>
      new Set(traces.map((t) => t[key])).size;
    expect(distinct("environment")).toBe(3);
    expect(distinct("customer_tier")).toBe(3);
    expect(distinct("prompt_version")).toBeGreaterThanOrEqual(2);
    expect(distinct("model_name")).toBeGreaterThanOrEqual(2);
    expect(new Set(traces.flatMap((t) => t.tool_calls.map((c) => c.tool_name))).size).toBeGreaterThanOrEqual(
      3,
    );
    for (const model of new Set(traces.map((t) => t.model_name))) expect(() => priceFor(model)).not.toThrow();
    const production = share(traces.filter((t) => t.environment === "production").length, traces.length);
    expect(production).toBeGreaterThan(50);
  });

  it("honours its options", () => {
    const none = generateTraces({ contract, n: 500, seed: 1, errorRate: 0, toolCallRate: 0 });
    expect(none.every((t) => t.error === undefined && t.tool_calls.length === 0)).toBe(true);
    expect(generateTraces({ contract, n: 0 })).toEqual([]);
  });
});

describe("writeSyntheticTraces", () => {
  it("writes 1,000 schema-valid JSONL traces by default", () => {
    const path = join(mkdtempSync(join(tmpdir(), "synth-")), "synthetic.jsonl");
    expect(writeSyntheticTraces({ contract, path })).toEqual({ path, count: 1000 });
    const { traces: read, rejected } = parseTraceJsonl(readFileSync(path, "utf8"));
    expect(rejected).toEqual([]);
    expect(read).toEqual(generateTraces({ contract }));
  });

  it("matches the committed data/traces/synthetic.jsonl (regenerate with writeSyntheticTraces({ contract: loadContract() }))", () => {
    const committed = parseTraceJsonl(readFileSync(packagePath(SYNTHETIC_TRACES_PATH), "utf8"));
    expect(committed.rejected).toEqual([]);
    expect(committed.traces).toEqual(generateTraces({ contract }));
  });
});
