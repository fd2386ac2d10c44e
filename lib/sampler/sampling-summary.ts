/**
 * What a sampler run did to a batch, per environment: kept / total broken down by reason, and
 * the achieved head-sample rate among the traces only the rate decides (non-error, non-slow),
 * to compare with the contract's. Traces the sampler cannot read are counted, never dropped silently.
 */
import type { Contract } from "../contract";
import { SAMPLE_REASONS, sampleDecision, type SampleInput, type SampleReason } from "../sampler";
import type { Trace } from "../schema";

export interface EnvironmentSampling {
  environment: string;
  total: number;
  kept: number;
  by_reason: Record<SampleReason, number>;
  /** kept / total, in percent. */
  kept_pct: number;
  /** The contract's head-sample rate, in percent. */
  contract_rate_pct: number;
  /** Traces neither error nor slow: only the head-sample rate decides them. */
  rate_decided: number;
  /** Of those, the percent kept: should be close to `contract_rate_pct`. */
  rate_decided_kept_pct: number | null;
}

export interface SamplingSummary {
  environments: EnvironmentSampling[];
  total: number;
  kept: number;
  /** Traces that could not be decided (missing field, unknown environment), with the error message. */
  invalid: { index: number; error: string }[];
}

const emptyReasons = (): Record<SampleReason, number> => ({
  error: 0,
  slow: 0,
  "always (env)": 0,
  "head-sample": 0,
  dropped: 0,
});
const pct = (part: number, whole: number) => (whole === 0 ? 0 : (100 * part) / whole);

/** Runs the sampler over a batch and tallies it per environment (contract environments first, in contract order). */
export function summarizeSampling(traces: readonly SampleInput[], contract: Contract): SamplingSummary {
  const byEnv = new Map<string, Record<SampleReason, number>>();
  for (const env of Object.keys(contract.sampling)) byEnv.set(env, emptyReasons());
  const invalid: SamplingSummary["invalid"] = [];
  traces.forEach((trace, index) => {
    try {
      const { reason } = sampleDecision(trace, contract);
      byEnv.get(trace.environment)![reason]++;
    } catch (error) {
      invalid.push({ index, error: `${(error as Error).name}: ${(error as Error).message}` });
    }
  });
  const environments = [...byEnv].map(([environment, by_reason]): EnvironmentSampling => {
    const total = SAMPLE_REASONS.reduce((s, r) => s + by_reason[r], 0);
    const kept = total - by_reason.dropped;
    const rateDecided = by_reason["head-sample"] + by_reason.dropped + by_reason["always (env)"];
    const rateKept = by_reason["head-sample"] + by_reason["always (env)"];
    const rate = (contract.sampling as Record<string, { rate: number }>)[environment].rate;
    return {
      environment,
      total,
      kept,
      by_reason,
      kept_pct: pct(kept, total),
      contract_rate_pct: 100 * rate,
      rate_decided: rateDecided,
      rate_decided_kept_pct: rateDecided === 0 ? null : pct(rateKept, rateDecided),
    };
  });
  const total = environments.reduce((s, e) => s + e.total, 0);
  return { environments, total, kept: environments.reduce((s, e) => s + e.kept, 0), invalid };
}

/** How far the achieved head-sample rate may be from the contract's, in percentage points. */
export const HEAD_SAMPLE_TOLERANCE_POINTS = 0.5;

export interface RateCheck {
  contract_rate_pct: number;
  /** Percent kept among traces only the rate decides (neither error nor slow); null when there were none. */
  achieved_rate_pct: number | null;
  deviation_points: number | null;
  /** The allowed deviation, in points (`HEAD_SAMPLE_TOLERANCE_POINTS`). */
  tolerance_points: number;
  within_tolerance: boolean;
  /** One binomial standard error of the achieved rate, in points: how wide the tolerance is in noise units. */
  binomial_standard_error_points: number | null;
}

/** Is an environment's achieved head-sample rate within `HEAD_SAMPLE_TOLERANCE_POINTS` of the contract's? */
export function checkHeadSampleRate(env: EnvironmentSampling): RateCheck {
  const achieved = env.rate_decided_kept_pct;
  const deviation = achieved === null ? null : achieved - env.contract_rate_pct;
  const rate = env.contract_rate_pct / 100;
  return {
    contract_rate_pct: env.contract_rate_pct,
    achieved_rate_pct: achieved,
    deviation_points: deviation,
    tolerance_points: HEAD_SAMPLE_TOLERANCE_POINTS,
    within_tolerance: deviation !== null && Math.abs(deviation) <= HEAD_SAMPLE_TOLERANCE_POINTS,
    binomial_standard_error_points:
      env.rate_decided === 0 ? null : 100 * Math.sqrt((rate * (1 - rate)) / env.rate_decided),
  };
}

export interface StorageVolume {
  keep_pct: number;
  traces_per_day: number;
  gb_per_day: number;
  gb_in_hot_window: number;
  gb_in_cold_window: number;
  observations_per_month: number;
}

export interface StorageEstimate {
  /** Mean size of a trace as compact JSON: a lower bound for what a hub stores. */
  bytes_per_trace: number;
  /** The trace, its retrieval and generation spans, and one span per tool call. */
  observations_per_trace: number;
  assumed_daily_requests: number;
  hot_days: number;
  cold_days: number;
  keep_all: StorageVolume;
  contract_sampling: StorageVolume;
  /** How many times less the sampled volume is; null when nothing is kept. */
  reduction_factor: number | null;
}

/**
 * What keeping every trace would cost against keeping `keptShare` of them, from the traces' own
 * sizes and the retention windows. Only `dailyRequests` is an assumption. Empty input gives zeros.
 */
export function storageEstimate(
  traces: readonly Trace[],
  keptShare: number,
  retention: { hot_days: number; cold_days: number },
  dailyRequests: number,
): StorageEstimate {
  const n = traces.length || 1;
  const bytesPerTrace = traces.reduce((s, t) => s + Buffer.byteLength(JSON.stringify(t)), 0) / n;
  const observationsPerTrace = traces.reduce((s, t) => s + 3 + t.tool_calls.length, 0) / n;
  const volume = (share: number): StorageVolume => ({
    keep_pct: 100 * share,
    traces_per_day: Math.round(dailyRequests * share),
    gb_per_day: (dailyRequests * share * bytesPerTrace) / 1e9,
    gb_in_hot_window: (dailyRequests * share * bytesPerTrace * retention.hot_days) / 1e9,
    gb_in_cold_window: (dailyRequests * share * bytesPerTrace * retention.cold_days) / 1e9,
    observations_per_month: Math.round(dailyRequests * share * observationsPerTrace * 30),
  });
  return {
    bytes_per_trace: bytesPerTrace,
    observations_per_trace: observationsPerTrace,
    assumed_daily_requests: dailyRequests,
    hot_days: retention.hot_days,
    cold_days: retention.cold_days,
    keep_all: volume(1),
    contract_sampling: volume(keptShare),
    reduction_factor: keptShare > 0 ? 1 / keptShare : null,
  };
}
