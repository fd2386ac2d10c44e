/**
 * The one trace schema (Task 2). Every trace the workbook produces, stores, exports,
 * measures or samples is a `Trace` that passed `TraceSchema`. Field names are the
 * assignment's snake_case because this is the shape on the wire and in JSONL.
 */
import { z } from "zod";
import { jsonlLines } from "./jsonl";

export const ENVIRONMENTS = ["dev", "staging", "production"] as const;
export const CUSTOMER_TIERS = ["free", "pro", "enterprise"] as const;

export const EnvironmentSchema = z.enum(ENVIRONMENTS);
export const CustomerTierSchema = z.enum(CUSTOMER_TIERS);

export const RetrievedDocSchema = z.object({
  content: z.string(),
  relevance_score: z
    .number()
    .min(0, "relevance_score must be between 0.0 and 1.0")
    .max(1, "relevance_score must be between 0.0 and 1.0"),
  source: z.string().min(1, "source must not be empty"),
});

/** Tool inputs and outputs are whatever the tool takes and returns: a string or a JSON object. */
const ToolPayloadSchema = z.union([
  z.string(),
  z.record(z.string(), z.unknown()),
  z.array(z.unknown()),
  z.null(),
]);

export const ToolCallSchema = z.object({
  tool_name: z.string().min(1, "tool_name must not be empty"),
  input: ToolPayloadSchema,
  output: ToolPayloadSchema,
  latency_ms: z.number().nonnegative("latency_ms must be >= 0").finite(),
  success: z.boolean(),
  error: z.string().optional(),
});

const tokenCount = (field: string) =>
  z.number().int(`${field} must be an integer`).nonnegative(`${field} must be >= 0`);

const TokenFieldsSchema = z.object({
  total_tokens: tokenCount("total_tokens"),
  prompt_tokens: tokenCount("prompt_tokens").optional(),
  completion_tokens: tokenCount("completion_tokens").optional(),
});

export const TraceSchema = z
  .object({
    trace_id: z.uuid("trace_id must be a UUID"),
    timestamp: z.iso.datetime({ offset: true, message: "timestamp must be an ISO-8601 date-time" }),
    environment: EnvironmentSchema,
    customer_tier: CustomerTierSchema,
    prompt_version: z.string().min(1, "prompt_version must not be empty"),
    model_name: z.string().min(1, "model_name must not be empty"),
    /** The user's query, after redaction. */
    input_text: z.string(),
    output_text: z.string(),
    retrieved_docs: z.array(RetrievedDocSchema),
    tool_calls: z.array(ToolCallSchema),
    total_tokens: tokenCount("total_tokens"),
    latency_ms: z.number().nonnegative("latency_ms must be >= 0").finite(),
    error: z.string().optional(),
    tags: z.array(z.string()),
    // Optional fields the later tasks use.
    prompt_tokens: tokenCount("prompt_tokens").optional(),
    completion_tokens: tokenCount("completion_tokens").optional(),
    quality_score: z
      .number()
      .min(0, "quality_score must be between 0 and 100")
      .max(100, "quality_score must be between 0 and 100")
      .optional(),
    user_id_hash: z.string().optional(),
    release: z.string().optional(),
    ttft_ms: z.number().nonnegative("ttft_ms must be >= 0").finite().optional(),
  })
  .superRefine(
    (trace, ctx) => {
      const { prompt_tokens: p, completion_tokens: c, total_tokens: t } = trace;
      if (p !== undefined && c !== undefined && p + c !== t) {
        ctx.addIssue({
          code: "custom",
          path: ["total_tokens"],
          message: `total_tokens (${t}) must equal prompt_tokens + completion_tokens (${p} + ${c} = ${p + c})`,
        });
      }
    },
    // Run the token check even when unrelated fields fail, so one pass reports every problem.
    { when: (payload) => TokenFieldsSchema.safeParse(payload.value).success },
  );

export type Trace = z.infer<typeof TraceSchema>;
export type RetrievedDoc = z.infer<typeof RetrievedDocSchema>;
export type ToolCall = z.infer<typeof ToolCallSchema>;
export type Environment = z.infer<typeof EnvironmentSchema>;
export type CustomerTier = z.infer<typeof CustomerTierSchema>;

/** The fields a trace must carry (not `.optional()`): the contract's `required_trace_fields` must equal this list. */
export function requiredTraceFields(): string[] {
  const shape = TraceSchema.shape;
  return Object.keys(shape).filter((key) => !shape[key as keyof typeof shape].safeParse(undefined).success);
}

/** A failed request: `error` set. Raw traces read without validation may carry `null`, which is not a failure. */
export const isFailed = (trace: { error?: string | null }): boolean =>
  trace.error !== undefined && trace.error !== null;

export type ParseResult = { ok: true; trace: Trace } | { ok: false; errors: string[] };

/**
 * Formats zod issues as `path: message` lines, e.g. `retrieved_docs.0.relevance_score: ...`.
 * Given the parsed `data`, an absent field reads "is required" instead of a type message.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], ...data: [unknown?]): string[] {
  // Absence can only be judged when the caller passed the data (undefined data is still data).
  const judge = data.length > 0;
  return issues.map((issue) => {
    const path = issue.path.length ? issue.path.join(".") : "(root)";
    return `${path}: ${judge && isAbsent(data[0], issue.path) ? "is required" : issue.message}`;
  });
}

function isAbsent(data: unknown, path: readonly PropertyKey[]): boolean {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== "object" || !(key in node)) return true;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node === undefined && path.length > 0;
}

/** Validates unknown data as a Trace. Invalid data is an expected result, never an exception. */
export function parseTrace(data: unknown): ParseResult {
  const result = TraceSchema.safeParse(data);
  return result.success
    ? { ok: true, trace: result.data }
    : { ok: false, errors: formatIssues(result.error.issues, data) };
}

export type BatchResult = { traces: Trace[]; rejected: { index: number; errors: string[] }[] };

/** Validates a batch, keeping what passes and counting (never silently dropping) what does not. */
export function parseTraces(items: readonly unknown[]): BatchResult {
  const traces: Trace[] = [];
  const rejected: BatchResult["rejected"] = [];
  items.forEach((item, index) => {
    const result = parseTrace(item);
    if (result.ok === true) traces.push(result.trace);
    else rejected.push({ index, errors: result.errors });
  });
  return { traces, rejected };
}

/** Parses JSONL text (one trace a line). Blank lines are skipped; bad JSON is rejected with its line number. */
export function parseTraceJsonl(text: string): BatchResult {
  const traces: Trace[] = [];
  const rejected: BatchResult["rejected"] = [];
  for (const entry of jsonlLines(text)) {
    const result: ParseResult =
      entry.ok === true ? parseTrace(entry.data) : { ok: false, errors: [entry.error] };
    if (result.ok === true) traces.push(result.trace);
    else
      rejected.push({ index: entry.line - 1, errors: result.errors.map((e) => `line ${entry.line}: ${e}`) });
  }
  return { traces, rejected };
}
