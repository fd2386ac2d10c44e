/**
 * The contract's `drift` section: the reference window and the thresholds `lib/drift.ts` flags a
 * week against (PSI and Kolmogorov–Smirnov on retrieval relevance and output tokens, plus quality).
 */
import { z } from "zod";

const justification = z.string().min(1, "justification must not be empty");

export const DriftSectionSchema = z
  .strictObject({
    /** The first N complete weeks of a series are the reference every later week is compared with. */
    reference_weeks: z.int("reference_weeks must be an integer").min(1, "reference_weeks must be >= 1"),
    /** Weeks with fewer traces are reported but never flagged: too few to compare. */
    min_traces_per_week: z
      .int("min_traces_per_week must be an integer")
      .min(10, "min_traces_per_week must be >= 10"),
    psi: z.strictObject({
      bins: z.int("bins must be an integer").min(2, "bins must be >= 2").max(50, "bins must be <= 50"),
      warn: z.number().positive("warn must be > 0"),
      alert: z.number().positive("alert must be > 0"),
    }),
    /** A feature drifts when its PSI reaches `psi.alert` AND the KS test rejects "same distribution" at `alpha`. */
    ks: z.strictObject({
      alpha: z.number().gt(0, "alpha must be in (0, 1)").lt(1, "alpha must be in (0, 1)"),
    }),
    quality: z.strictObject({
      /** Mean quality-score points a week may lose against the reference. */
      max_mean_drop: z.number().min(0, "max_mean_drop must be >= 0"),
      /** Pass-rate percentage points a week may lose against the reference. */
      max_pass_rate_drop: z.number().min(0, "max_pass_rate_drop must be >= 0"),
    }),
    justification,
  })
  .refine((d) => d.psi.warn < d.psi.alert, {
    path: ["psi", "warn"],
    message: "psi.warn must be below psi.alert",
  });

export type DriftSection = z.infer<typeof DriftSectionSchema>;
