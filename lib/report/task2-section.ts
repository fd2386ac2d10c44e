/** Task 2 in the report: one zod schema, invalid data as a value with readable errors. */
import type { ReportSection } from "./report-section";
import type { TaskOutput } from "./task-output";
import { code, int } from "./units";

/** Field paths in data/outputs/task2_schema.json. */
export const TASK2_FIELDS = {
  requiredFields: "required_fields",
  optionalFields: "optional_fields",
  valid: "valid_traces",
  invalid: "invalid_traces",
  errors: "validation_errors",
  batchLines: "batch.lines",
  batchAccepted: "batch.accepted",
  batchRejected: "batch.rejected",
};

export function task2Section(out: TaskOutput): ReportSection {
  const F = TASK2_FIELDS;
  const required = out.list(F.requiredFields).length;
  const optionalList = out.list(F.optionalFields);
  const optional = optionalList.length;
  const optionalNames = optionalList.map((f) => code(String(f))).join(", ");
  const [lines, accepted, rejected] = [out.num(F.batchLines), out.num(F.batchAccepted), out.num(F.batchRejected)];
  const accounted = accepted + rejected === lines;
  return {
    task: 2,
    title: out.info.title,
    approach:
      `One zod schema (\`lib/schema.ts\`) defines a trace: ${required} required fields and ${optional} optional ones (${optionalNames}) that the later tasks use. ` +
      "It checks values, not just types: UUIDs, ISO-8601 timestamps, the known environments and tiers, relevance scores in [0, 1], non-negative latencies, and total tokens equal to prompt plus completion tokens when both are given. " +
      "Field names stay snake_case as on the wire. `parseTrace` returns either the typed trace or a list of `path: message` errors, so invalid data is a value to show and count, not an exception. " +
      "The service, the metrics collector and the sampler all consume this one type, and the contract validator refuses a contract whose required fields differ from the schema's.",
    observations:
      `${int(out.num(F.valid))} example traces validated and ${int(out.num(F.invalid))} were rejected with ${int(out.num(F.errors))} errors, ` +
      `each naming the field path and the rule it broke. A JSONL batch of ${int(lines)} lines gave ${int(accepted)} accepted and ${int(rejected)} rejected lines` +
      (accounted ? ", every line accounted for." : `: ${int(lines - accepted - rejected)} lines are unaccounted for.`),
    simulated: [],
  };
}
