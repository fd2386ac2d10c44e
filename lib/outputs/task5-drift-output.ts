/**
 * `data/outputs/task5_drift.json`, written by notebook 05's drift section: weeks of seeded
 * traffic with a change at a known date, and what the detector (lib/drift.ts) flagged.
 */
import { z } from "zod";

const cell = z.union([z.string(), z.number(), z.null()]);
const DriftSideSchema = z.object({
  weeks: z.number().int().nonnegative(),
  flagged: z.number().int().nonnegative(),
  max_psi: z.number().nullable(),
});

export const Task5DriftOutputSchema = z.object({
  change: z
    .object({
      at: z.string(),
      week_index: z.number().int(),
      description: z.string(),
      prompt_version: z.string(),
      release: z.string(),
    })
    .nullable(),
  reference: z.object({
    weeks: z.array(z.string()),
    traces: z.number().int().nonnegative(),
    failure_rate: z.number().nullable(),
    quality_mean: z.number().nullable(),
    quality_pass_rate: z.number().nullable(),
  }),
  /** The weeks (Mondays, YYYY-MM-DD) whose status is "drift". */
  flagged: z.array(z.string()),
  /** driftAroundChange: compared weeks before the change and from it on (flagged, largest PSI). */
  around_change: z.object({ before: DriftSideSchema, after: DriftSideSchema }).nullable().optional(),
  /** The contract's drift section at the time of the run. */
  thresholds: z.unknown(),
  /** driftTable: one row per week (week, status, PSI / KS / means per feature, quality). */
  weeks: z.array(z.record(z.string(), cell)),
});

export type Task5DriftOutput = z.input<typeof Task5DriftOutputSchema>;
