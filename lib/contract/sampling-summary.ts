/**
 * What a sampler run did to a batch, per environment: kept / total broken down by reason, and
 * the achieved head-sample rate among the traces only the rate decides (non-error, non-slow),
 * to compare with the contract's. Traces the sampler cannot read are counted, never dropped silently.
 */
import { defaultContract, type Contract } from "../contract";
import { SAMPLE_REASONS, sampleDecision, type SampleInput, type SampleReason } from "../sampler";

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

const emptyReasons = (): Record<SampleReason, number> => ({ error: 0, slow: 0, "always (env)": 0, "head-sample": 0, dropped: 0 });
const pct = (part: number, whole: number) => (whole === 0 ? 0 : (100 * part) / whole);

/** Runs the sampler over a batch and tallies it per environment (contract environments first, in contract order). */
export function summarizeSampling(traces: readonly SampleInput[], contract: Contract = defaultContract()): SamplingSummary {
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
