/** `data/outputs/task2_schema.json`, written by notebook 02: the schema's fields and what it accepted and rejected. */
import { z } from "zod";

const count = z.number().int().nonnegative();

export const Task2OutputSchema = z.object({
  required_fields: z.array(z.string()),
  optional_fields: z.array(z.string()),
  valid_traces: count,
  invalid_traces: count,
  validation_errors: count,
  batch: z.object({ lines: count, accepted: count, rejected: count }),
  /** Notebook 02's type-only toy validator on its malformed trace: let through?, and the schema's `path: message` errors on it. */
  toy_validator: z.object({ accepted: z.boolean(), errors: z.array(z.string()) }),
});

export type Task2Output = z.input<typeof Task2OutputSchema>;
