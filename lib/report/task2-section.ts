/** Task 2 in the report: one zod schema, invalid data as a value with readable errors. */
import type { Task2Output } from "../outputs/task2-output";
import type { ReportSection } from "./report-section";
import { taskOfOutput } from "./tasks";
import { code, int } from "./units";

export function task2Section(data: Task2Output): ReportSection {
  const { lines, accepted, rejected } = data.batch;
  const optionalNames = data.optional_fields.map((f) => code(f)).join(", ");
  return {
    task: 2,
    title: taskOfOutput("task2_schema").title,
    approach:
      `One zod schema (\`lib/schema.ts\`) defines a trace: ${int(data.required_fields.length)} required fields and ${int(data.optional_fields.length)} optional ones (${optionalNames}). ` +
      "It checks values, not just types: UUIDs, ISO-8601 timestamps, known environments and tiers, relevance scores in [0, 1], non-negative latencies, and total tokens equal to prompt plus completion tokens. " +
      "`parseTrace` returns the typed trace or a list of `path: message` errors, so invalid data is a value to show and count. The service, the collector and the sampler all consume this one type.",
    observations:
      `${int(data.valid_traces)} example traces validated and ${int(data.invalid_traces)} were rejected with ${int(data.validation_errors)} errors, each naming the field path and the rule it broke. ` +
      `A JSONL batch of ${int(lines)} lines gave ${int(accepted)} accepted and ${int(rejected)} rejected lines` +
      (accepted + rejected === lines
        ? ", every line accounted for."
        : `: ${int(lines - accepted - rejected)} lines are unaccounted for.`),
    simulated: [],
  };
}
