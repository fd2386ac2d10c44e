/** `data/outputs/task3_redaction.json`, written by notebook 03: what redaction changed, the probes, the tests and the timings. */
import { z } from "zod";

const count = z.number().int().nonnegative();
const millis = z.number().finite().nonnegative();

export const Task3OutputSchema = z.object({
  fields_changed: count,
  /** Redaction token type (EMAIL, PHONE, …) → count in the redacted demo trace. */
  tokens_by_type: z.record(z.string(), count),
  user_ids_hashed: count,
  probes: count,
  toy_correct: count,
  library_correct: count,
  unit_tests: z.object({ total: count, passed: count, failed: count }),
  /** The toy regex redactor's time on growing adversarial input. */
  toy_scaling_ms: z.array(z.object({ chars: count, toy_ms: millis })),
  /** The library on 1 MB of each adversarial shape. */
  library_adversarial_1mb_ms: z
    .array(z.object({ "1 MB of": z.string(), first_call_ms: millis, best_of_3_ms: millis }))
    .min(1),
  bare_sha256_recovered: z.boolean(),
  /** How long guessing ids took to reverse the bare SHA-256 (the whole search when nothing was recovered). */
  bare_sha256_guess_ms: millis,
  /** "default (public)" or "configured". */
  hash_key: z.string(),
  /** The rules past the pattern (base64 credentials, cue-word numbers, ids kept): input, output, whether it changed. */
  new_rules: z.array(z.object({ input: z.string(), redactPii: z.string(), changed: z.boolean() })).optional(),
});

export type Task3Output = z.input<typeof Task3OutputSchema>;
