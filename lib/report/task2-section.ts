/** Task 2, told once: one zod schema, invalid data as a value with readable errors. */
import type { Task2Output } from "../outputs/task2-output";
import type { ReportSection } from "./report-section";
import { taskOfOutput } from "./tasks";
import { code, int, listed, plural } from "./units";

/** Notebook 02's write-up and the report's findings for Task 2, from `data` alone. */
export function task2WriteUp(data: Task2Output): string {
  const { lines, accepted, rejected } = data.batch;
  const { accepted: toyAccepted, errors: toyErrors } = data.toy_validator;
  // What each kind of error the schema found on the toy's trace would do to Task 5's metrics.
  const on = (field: RegExp) => toyErrors.some((e) => field.test(e));
  const harm = [
    on(/^latency_ms:/) && "an invalid latency skews every latency percentile",
    on(/relevance_score:/) && "an invalid relevance score skews retrieval quality",
    on(/^total_tokens:/) && "a wrong token total skews cost",
  ].filter(Boolean);
  const toy = toyAccepted
    ? `A type-only toy validator accepted a trace on which the schema finds ${plural(toyErrors.length, "error")}, because each field had the right type. ` +
      (harm.length
        ? `Fed into Task 5's metrics, ${listed(harm as string[])}, unnoticed until a dashboard disagrees with the bill.`
        : "")
    : `A type-only toy validator rejected this run's malformed trace (the schema finds ${plural(toyErrors.length, "error")} on it), but types cannot see ranges, formats or sums in general.`;
  const batch =
    accepted + rejected === lines
      ? "every line accounted for and none dropped silently"
      : `but ${int(accepted)} + ${int(rejected)} is not ${int(lines)}: lines are unaccounted for`;
  return [
    "**Why a schema.** An LLM trace is only useful if every field a metric depends on is present and in range; without a schema, failures are silent. " +
      toy,
    `**What it enforces.** The zod \`TraceSchema\` (${code("lib/schema.ts")}) makes the trace a contract between the bot and everything downstream. ` +
      `It requires ${int(data.required_fields.length)} fields (${int(data.optional_fields.length)} more are optional) and checks values, not just types: UUIDs, ISO-8601 timestamps, known environments and tiers, scores in [0, 1], non-negative latencies, and total tokens equal to prompt plus completion tokens. ` +
      `${plural(data.valid_traces, "example trace")} passed; the ${plural(data.invalid_traces, "bad one")} got ${plural(data.validation_errors, "`path: message` error")}, returned as a value, never thrown. ` +
      `A JSONL batch of ${int(lines)} lines gave ${int(accepted)} accepted and ${int(rejected)} rejected, ${batch}. ` +
      "Because one schema types the service, the generator, the collector and the sampler, a field rename fails a test, not a dashboard.",
    "Validity is not quality: a trace whose answer is confidently wrong still passes. The schema guarantees the signals (scores, tokens, versions) that let later tasks measure quality.",
  ].join("\n\n");
}

export function task2Section(data: Task2Output): ReportSection {
  return {
    task: 2,
    title: taskOfOutput("task2_schema").title,
    observations: task2WriteUp(data),
    simulated: [],
  };
}
