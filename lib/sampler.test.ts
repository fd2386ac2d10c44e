import { describe, expect, it } from "vitest";
import { loadContract, type Contract } from "./contract";
import {
  clampRate,
  describeSampler,
  sampleDecision,
  shouldSample,
  TraceFieldError,
  traceIdHash32,
  traceIdToUnit,
  UnknownEnvironmentError,
  type SampleInput,
} from "./sampler";
import { summarizeSampling } from "./sampler/sampling-summary";
import { generateTraces } from "./synth";
import type { Trace } from "./schema";

const contract = loadContract();

/** A seeded PRNG (mulberry32) and UUIDv4s from it: the hash tests must not depend on the synth generator. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function uuids(n: number, seed: number): string[] {
  const rand = mulberry32(seed);
  const hex = (k: number) => Array.from({ length: k }, () => Math.floor(rand() * 16).toString(16)).join("");
  return Array.from(
    { length: n },
    () => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[Math.floor(rand() * 4)]}${hex(3)}-${hex(12)}`,
  );
}
const input = (over: Partial<SampleInput> = {}): SampleInput => ({
  trace_id: "3f2b8c1e-9d4a-4e7b-8a5c-1b2d3e4f5a6b",
  environment: "production",
  latency_ms: 1200,
  ...over,
});
/** Ids whose hash puts them inside / outside a 10% head sample. */
const [inSample, outOfSample] = (() => {
  const ids = uuids(200, 1);
  return [ids.find((id) => traceIdToUnit(id) < 0.1)!, ids.find((id) => traceIdToUnit(id) >= 0.1)!];
})();
const withRule = (env: "dev" | "staging" | "production", rule: Record<string, unknown>): Contract =>
  ({
    ...contract,
    sampling: { ...contract.sampling, [env]: { ...contract.sampling[env], ...rule } },
  }) as Contract;

describe("sampleDecision per environment", () => {
  it.each<[string, Partial<SampleInput>, boolean, string]>([
    ["dev keeps an ordinary trace", { environment: "dev", trace_id: outOfSample }, true, "always (env)"],
    ["dev still names the error", { environment: "dev", error: "timeout" }, true, "error"],
    ["dev still names a slow trace", { environment: "dev", latency_ms: 7000 }, true, "slow"],
    [
      "staging keeps an ordinary trace",
      { environment: "staging", trace_id: outOfSample },
      true,
      "always (env)",
    ],
    ["production keeps every error", { trace_id: outOfSample, error: "rate_limit: 429" }, true, "error"],
    ["production keeps an error with an empty message", { trace_id: outOfSample, error: "" }, true, "error"],
    [
      "production keeps a trace just over 5,000 ms",
      { trace_id: outOfSample, latency_ms: 5000.1 },
      true,
      "slow",
    ],
    [
      "production does not call exactly 5,000 ms slow",
      { trace_id: outOfSample, latency_ms: 5000 },
      false,
      "dropped",
    ],
    ["error wins over slow", { trace_id: outOfSample, latency_ms: 9000, error: "timeout" }, true, "error"],
    ["production head-samples by trace_id", { trace_id: inSample }, true, "head-sample"],
    ["production drops the rest", { trace_id: outOfSample }, false, "dropped"],
    ["a null error is no error", { trace_id: outOfSample, error: null }, false, "dropped"],
  ])("%s", (_name, over, keep, reason) => {
    expect(sampleDecision(input(over), contract)).toEqual({ keep, reason });
    expect(shouldSample(input(over), contract)).toBe(keep);
  });

  it("shouldSample(trace), the one-argument form, uses the package's contract", () => {
    for (const id of uuids(50, 2))
      expect(shouldSample(input({ trace_id: id }))).toBe(
        sampleDecision(input({ trace_id: id }), contract).keep,
      );
  });

  it("describes each rule like OpenTelemetry names its samplers", () => {
    expect(describeSampler("production", contract)).toBe(
      "errors + latency_ms > 5000 + TraceIdRatioBased{0.1}",
    );
    expect(describeSampler("dev", contract)).toBe("errors + latency_ms > 5000 + AlwaysOn");
  });
});

describe("odd values never throw, and clamp like OpenTelemetry", () => {
  it.each<[string, Record<string, unknown>, Partial<SampleInput>, string]>([
    ["NaN rate clamps to 0", { rate: Number.NaN }, { trace_id: inSample }, "dropped"],
    ["negative rate clamps to 0", { rate: -1 }, { trace_id: inSample }, "dropped"],
    ["rate above 1 clamps to 1", { rate: 7 }, { trace_id: outOfSample }, "always (env)"],
    ["rate 0 still keeps errors", { rate: 0 }, { error: "x" }, "error"],
    [
      "always_on_error false sends errors through the rate",
      { always_on_error: false },
      { trace_id: outOfSample, error: "x" },
      "dropped",
    ],
    [
      "a null threshold disables the latency rule",
      { latency_threshold_ms: null },
      { trace_id: outOfSample, latency_ms: 60000 },
      "dropped",
    ],
    [
      "a NaN threshold disables the latency rule",
      { latency_threshold_ms: Number.NaN },
      { trace_id: outOfSample, latency_ms: 60000 },
      "dropped",
    ],
  ])("%s", (_name, rule, over, reason) => {
    expect(sampleDecision(input(over), withRule("production", rule)).reason).toBe(reason);
  });

  it.each<[string, Partial<SampleInput>, string]>([
    ["NaN latency is not slow", { trace_id: outOfSample, latency_ms: Number.NaN }, "dropped"],
    ["Infinity latency is slow", { latency_ms: Number.POSITIVE_INFINITY }, "slow"],
    ["negative latency is not slow", { trace_id: outOfSample, latency_ms: -5 }, "dropped"],
    [
      "a non-UUID trace_id is hashed whole",
      { trace_id: "req-42" },
      traceIdToUnit("req-42") < 0.1 ? "head-sample" : "dropped",
    ],
    [
      "a unicode trace_id is hashed whole",
      { trace_id: "trace-ü-🚀" },
      traceIdToUnit("trace-ü-🚀") < 0.1 ? "head-sample" : "dropped",
    ],
  ])("%s", (_name, over, reason) => {
    expect(sampleDecision(input(over), contract).reason).toBe(reason);
  });

  it.each([
    [Number.NaN, 0],
    [-0.5, 0],
    [0.25, 0.25],
    [1.5, 1],
    [Number.POSITIVE_INFINITY, 1],
    ["0.5", 0],
    [undefined, 0],
  ])("clampRate(%s) = %s", (rate, expected) => expect(clampRate(rate)).toBe(expected));
});

describe("bad input is a named error", () => {
  it("names an unknown environment and the known ones", () => {
    const run = () => sampleDecision(input({ environment: "prod" as Trace["environment"] }), contract);
    expect(run).toThrow(UnknownEnvironmentError);
    expect(run).toThrow(
      'environment "prod" has no sampling rule in the contract; known environments: dev, staging, production',
    );
    // Inherited object keys are not environments.
    expect(() =>
      sampleDecision(input({ environment: "constructor" as Trace["environment"] }), contract),
    ).toThrow(UnknownEnvironmentError);
  });

  it.each<[string, unknown, string]>([
    ["a missing trace_id", { environment: "production", latency_ms: 1 }, "trace.trace_id is required"],
    [
      "an empty trace_id",
      { trace_id: "", environment: "production", latency_ms: 1 },
      "trace.trace_id must be a non-empty string",
    ],
    [
      "a numeric trace_id",
      { trace_id: 42, environment: "production", latency_ms: 1 },
      "trace.trace_id must be a non-empty string",
    ],
    ["a missing environment", { trace_id: inSample, latency_ms: 1 }, "trace.environment is required"],
    ["a missing latency_ms", { trace_id: inSample, environment: "dev" }, "trace.latency_ms is required"],
    [
      "a string latency_ms",
      { trace_id: inSample, environment: "dev", latency_ms: "1200" },
      "trace.latency_ms must be a number",
    ],
    ["null", null, "trace.(root) must be an object (got null)"],
  ])("%s", (_name, trace, message) => {
    const run = () => sampleDecision(trace as SampleInput, contract);
    expect(run).toThrow(TraceFieldError);
    expect(run).toThrow(message);
  });
});

describe("deterministic head sampling", () => {
  const ids = uuids(20_000, 3);

  it("gives the same decision on every call, with any copy of the contract", () => {
    const again = loadContract();
    expect(again).not.toBe(contract);
    const first = ids.map((id) => shouldSample(input({ trace_id: id }), contract));
    expect(ids.map((id) => shouldSample(input({ trace_id: id }), again))).toEqual(first);
    expect(ids.map((id) => shouldSample(input({ trace_id: id }), contract))).toEqual(first);
  });

  it("ignores case and hyphens, so the 32-hex OpenTelemetry form of an id decides the same", () => {
    for (const id of ids.slice(0, 500)) {
      expect(traceIdHash32(id.toUpperCase())).toBe(traceIdHash32(id));
      expect(traceIdHash32(id.replace(/-/g, ""))).toBe(traceIdHash32(id));
    }
  });

  it("is the documented function of the id's low 64 bits (an independent BigInt implementation)", () => {
    const fmix32 = (h: number) => {
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      return (h ^ (h >>> 16)) >>> 0;
    };
    for (const id of ids.slice(0, 500)) {
      const low64 = BigInt(`0x${id.replace(/-/g, "")}`) & 0xffffffffffffffffn;
      const lo = Number(low64 & 0xffffffffn);
      const hi = Number(low64 >> 32n);
      expect(traceIdHash32(id)).toBe(fmix32(lo ^ Math.imul(hi, 0x9e3779b1)));
    }
    // Pinned: a change here changes which traces every service keeps.
    expect(traceIdHash32("3f2b8c1e-9d4a-4e7b-8a5c-1b2d3e4f5a6b")).toBe(
      traceIdHash32("3F2B8C1E9D4A4E7B8A5C1B2D3E4F5A6B"),
    );
    expect(traceIdHash32("3f2b8c1e-9d4a-4e7b-8a5c-1b2d3e4f5a6b")).toBe(882512682);
  });

  // Chi-square over 100 equal bins of [0, 1): 99 degrees of freedom, 0.1% critical value 148.2.
  const chiSquare = (units: number[], bins = 100) => {
    const counts = new Array(bins).fill(0);
    for (const u of units) counts[Math.floor(u * bins)]++;
    const expected = units.length / bins;
    return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  };

  it.each<[string, () => string[]]>([
    ["random UUIDv4s", () => uuids(100_000, 4)],
    [
      "sequential ids (a counter in the last digits)",
      () =>
        Array.from(
          { length: 100_000 },
          (_, i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`,
        ),
    ],
    ["non-UUID request ids", () => Array.from({ length: 100_000 }, (_, i) => `req-${i}`)],
  ])("spreads %s uniformly over [0, 1)", (_name, make) => {
    const units = make().map(traceIdToUnit);
    expect(Math.min(...units)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...units)).toBeLessThan(1);
    expect(chiSquare(units)).toBeLessThan(148.2);
    const kept = units.filter((u) => u < 0.1).length / units.length;
    expect(Math.abs(kept - 0.1)).toBeLessThan(0.005);
  });
});

describe("rates on 50,000 synthetic traces (lib/synth.ts)", () => {
  const traces = generateTraces({ contract, n: 50_000, seed: 11 });
  const summary = summarizeSampling(traces, contract);
  const env = (name: string) => summary.environments.find((e) => e.environment === name)!;

  it("keeps 100% in dev and staging", () => {
    for (const name of ["dev", "staging"]) {
      expect(env(name).total).toBeGreaterThan(1000);
      expect(env(name).kept).toBe(env(name).total);
    }
  });

  it("keeps every production error and every slow trace, and 10% ± 0.5 points of the rest", () => {
    const production = traces.filter((t) => t.environment === "production");
    const errors = production.filter((t) => t.error !== undefined);
    const slow = production.filter((t) => t.error === undefined && t.latency_ms > 5000);
    expect(errors.length).toBeGreaterThan(100);
    expect(slow.length).toBeGreaterThan(100);
    expect(errors.every((t) => sampleDecision(t, contract).reason === "error")).toBe(true);
    expect(slow.every((t) => sampleDecision(t, contract).reason === "slow")).toBe(true);
    const p = env("production");
    expect(p.by_reason.error).toBe(errors.length);
    expect(p.by_reason.slow).toBe(slow.length);
    expect(p.rate_decided).toBe(production.length - errors.length - slow.length);
    expect(Math.abs(p.rate_decided_kept_pct! - 10)).toBeLessThan(0.5);
  });

  it("tallies every trace once, and counts (never drops) traces it cannot decide", () => {
    expect(summary.total).toBe(traces.length);
    expect(summary.invalid).toEqual([]);
    const bad = summarizeSampling(
      [
        traces[0],
        { ...traces[1], environment: "qa" } as unknown as Trace,
        { trace_id: "x" } as unknown as Trace,
      ],
      contract,
    );
    expect(bad.total).toBe(1);
    expect(bad.invalid.map((i) => i.index)).toEqual([1, 2]);
    expect(bad.invalid[0].error).toMatch(/^UnknownEnvironmentError: environment "qa"/);
    expect(bad.invalid[1].error).toMatch(/^TraceFieldError: trace.environment is required/);
  });

  it("is identical on a re-run", () => {
    expect(summarizeSampling(generateTraces({ contract, n: 2000, seed: 11 }), contract)).toEqual(
      summarizeSampling(generateTraces({ contract, n: 2000, seed: 11 }), contract),
    );
  });
});
