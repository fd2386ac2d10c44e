/**
 * The contract's `eval_gate` section: how far a candidate prompt version may fall behind the
 * baseline on the eval set before `npm run eval` fails the change (exit 1). Kept in its own file
 * so the contract's other sections can grow without touching it.
 */
import { z } from "zod";

const justification = z.string().min(1, "justification must not be empty");
const nonNegative = (name: string) => z.number().min(0, `${name} must be >= 0`);

export const EvalGateSectionSchema = z.strictObject({
  /** The eval set the gate runs, relative to the project root. */
  eval_set: z.string().min(1),
  /** A quality score at or above this counts as a pass (the collector's quality proxy uses the same). */
  quality_pass_threshold: z
    .number()
    .min(0, "must be between 0 and 100")
    .max(100, "must be between 0 and 100"),
  /** Mean quality points the candidate may lose before the gate fails (if the bootstrap interval also excludes 0). */
  max_mean_quality_drop: nonNegative("max_mean_quality_drop"),
  /** Pass-rate percentage points the candidate may lose. */
  max_pass_rate_drop: nonNegative("max_pass_rate_drop"),
  /** p95 latency may grow by this share AND by at least `min_p95_latency_increase_ms` before it counts (noise floor). */
  max_p95_latency_increase_pct: nonNegative("max_p95_latency_increase_pct"),
  min_p95_latency_increase_ms: nonNegative("min_p95_latency_increase_ms"),
  /** Mean cost per request may grow by this share. */
  max_cost_increase_pct: nonNegative("max_cost_increase_pct"),
  bootstrap: z.strictObject({
    resamples: z
      .int("resamples must be an integer")
      .min(100, "resamples must be >= 100")
      .max(100_000, "resamples must be <= 100000"),
    confidence: z.number().gt(0.5, "confidence must be in (0.5, 1)").lt(1, "confidence must be in (0.5, 1)"),
    seed: z.int("seed must be an integer"),
  }),
  /** `--promote`: production traces scored below this (or with thumbs-down feedback) become candidate eval cases. */
  promote_below_quality: z.number().min(0, "must be between 0 and 100").max(100, "must be between 0 and 100"),
  justification,
});

export type EvalGateSection = z.infer<typeof EvalGateSectionSchema>;
