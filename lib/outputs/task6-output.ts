/**
 * `data/outputs/task6_sampling.json`, written by notebook 06: the contract check and the sampler
 * measured on synthetic batches (lib/sampler/sampling-summary.ts), plus the storage estimate.
 */
import { z } from "zod";

const count = z.number().int().nonnegative();
const value = z.number().finite();

/** One environment of summarizeSampling. */
export const EnvironmentSamplingSchema = z.object({
  environment: z.string(),
  total: count,
  kept: count,
  by_reason: z.record(z.string(), count),
  kept_pct: value,
  contract_rate_pct: value,
});

const SamplingSummarySchema = z.object({
  environments: z.array(EnvironmentSamplingSchema),
  total: count,
  kept: count,
});

const StorageVolumeSchema = z.object({
  keep_pct: value,
  traces_per_day: count,
  gb_per_day: value,
  gb_in_hot_window: value,
  gb_in_cold_window: value,
  observations_per_month: value.optional(),
});

export const Task6OutputSchema = z.object({
  contract_version: z.string(),
  contract_valid: z.boolean(),
  broken_contract_errors: z.array(z.string()),
  /** The contract's sampling rules at the time of the run (the report reads the contract itself). */
  sampling: z.unknown(),
  demo: SamplingSummarySchema,
  large_run: z.object({
    n: count,
    seed: z.number().int(),
    environments: z.array(EnvironmentSamplingSchema),
    invalid: count,
  }),
  production_rate_check: z.object({
    contract_rate_pct: value,
    achieved_rate_pct: value.nullable(),
    tolerance_points: value,
    within_tolerance: z.boolean(),
  }),
  guarantees: z.object({
    production_errors: count,
    errors_kept: count,
    production_slow: count,
    slow_kept: count,
    identical_on_rerun: z.boolean(),
  }),
  toy_sampler: z.object({
    services_disagree_pct: value,
    complete_in_both_pct: value,
    errors_dropped_by_A_pct: value,
  }),
  storage: z.object({
    bytes_per_trace: value,
    assumed_daily_requests: count,
    hot_days: count,
    cold_days: count,
    keep_all: StorageVolumeSchema,
    contract_sampling: StorageVolumeSchema,
    reduction_factor: value.nullable(),
  }),
});

export type Task6Output = z.input<typeof Task6OutputSchema>;
