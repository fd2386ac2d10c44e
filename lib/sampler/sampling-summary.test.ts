import { describe, expect, it } from "vitest";
import { generateTraces } from "../synth";
import { checkHeadSampleRate, storageEstimate, type EnvironmentSampling } from "./sampling-summary";
import { loadContract } from "../contract";

const contract = loadContract();

const env = (patch: Partial<EnvironmentSampling>): EnvironmentSampling =>
  ({
    environment: "production",
    total: 1000,
    kept: 150,
    contract_rate_pct: 10,
    rate_decided: 900,
    rate_decided_kept_pct: 10.3,
    ...patch,
  }) as EnvironmentSampling;

describe("checkHeadSampleRate", () => {
  it.each([
    [10.3, true],
    [10.5, true],
    [10.51, false],
    [9.4, false],
  ])("achieved %s%% against 10%% is within half a point: %s", (achieved, within) => {
    const check = checkHeadSampleRate(env({ rate_decided_kept_pct: achieved }));
    expect(check.within_tolerance).toBe(within);
    expect(check.deviation_points).toBeCloseTo(achieved - 10, 10);
  });

  it("gives the binomial standard error of the rate in points", () => {
    expect(checkHeadSampleRate(env({ rate_decided: 900 })).binomial_standard_error_points).toBeCloseTo(1, 10); // 100*sqrt(.1*.9/900)
  });

  it("fails, without NaN, when no trace was decided by the rate", () => {
    expect(checkHeadSampleRate(env({ rate_decided: 0, rate_decided_kept_pct: null }))).toEqual({
      contract_rate_pct: 10,
      achieved_rate_pct: null,
      deviation_points: null,
      tolerance_points: 0.5,
      within_tolerance: false,
      binomial_standard_error_points: null,
    });
  });
});

describe("storageEstimate", () => {
  it("scales the traces' own size and span count by volume, share and retention", () => {
    const traces = generateTraces({ contract, n: 200, seed: 3 });
    const bytes = traces.reduce((s, t) => s + Buffer.byteLength(JSON.stringify(t)), 0) / traces.length;
    const est = storageEstimate(traces, 0.25, { hot_days: 30, cold_days: 365 }, 1_000_000);
    expect(est.bytes_per_trace).toBeCloseTo(bytes, 6);
    expect(est.keep_all.gb_per_day).toBeCloseTo((1_000_000 * bytes) / 1e9, 9);
    expect(est.contract_sampling.gb_in_hot_window).toBeCloseTo(est.keep_all.gb_per_day * 0.25 * 30, 9);
    expect(est.contract_sampling.traces_per_day).toBe(250_000);
    expect(est.reduction_factor).toBe(4);
    expect(est.observations_per_trace).toBeGreaterThanOrEqual(3);
  });

  it("handles an empty batch and a zero share", () => {
    const est = storageEstimate([], 0, { hot_days: 7, cold_days: 0 }, 1000);
    expect(est.bytes_per_trace).toBe(0);
    expect(est.reduction_factor).toBeNull();
  });
});
