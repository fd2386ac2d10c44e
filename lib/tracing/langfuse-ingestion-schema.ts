/**
 * The event schemas Langfuse's `/api/public/ingestion` validates every event with, restated from
 * the server's zod schemas (langfuse/langfuse, packages/shared/src/server/ingestion/types.ts) so
 * the local backend rejects what the real server rejects:
 * - only the event types the server knows (`tool-update`, `agent-update`, ... do not exist);
 * - envelope and body timestamps ISO-8601 with an offset (`Z` or `+01:00`);
 * - `level` one of DEBUG, DEFAULT, WARNING, ERROR (upper case);
 * - integer token counts in `usage`; tags an array of strings;
 * - observations may omit `traceId` (the server creates a trace for them);
 * - scores: numeric / categorical / boolean (0 or 1) values matching their `dataType`.
 * Where the server coerces rather than rejects (environment names, `usageDetails`,
 * `costDetails`), this schema accepts too.
 */
import { z } from "zod";

const id = z
  .string()
  .min(1)
  .max(800)
  .refine((v) => !v.includes("\r"), "ID cannot contain carriage return characters");
const datetime = z.iso.datetime({ offset: true }).nullish();
const level = z.enum(["DEBUG", "DEFAULT", "WARNING", "ERROR"]).nullish();
const json = z.unknown().optional();
const int = z.number().int().nullish();

const usage = z
  .object({
    input: int,
    output: int,
    total: int,
    unit: z.enum(["CHARACTERS", "TOKENS", "MILLISECONDS", "SECONDS", "IMAGES", "REQUESTS"]).nullish(),
    promptTokens: int,
    completionTokens: int,
    totalTokens: int,
    inputCost: z.number().nullish(),
    outputCost: z.number().nullish(),
    totalCost: z.number().nullish(),
  })
  .nullish();
/** The server keeps the non-negative integer entries and drops the rest. */
const numberRecord = z.record(z.string(), z.unknown()).nullish();

const traceBody = z.object({
  id: id.nullish(),
  timestamp: datetime,
  name: z.string().max(1000).nullish(),
  externalId: z.string().nullish(),
  input: json,
  output: json,
  sessionId: z.string().nullish(),
  userId: z.string().nullish(),
  environment: z.string().nullish(),
  metadata: json,
  release: z.string().nullish(),
  version: z.string().nullish(),
  public: z.boolean().nullish(),
  tags: z.array(z.string()).nullish(),
});

const observationBody = z.object({
  id,
  traceId: id.nullish(),
  environment: z.string().nullish(),
  name: z.string().nullish(),
  startTime: datetime,
  metadata: json,
  input: json,
  output: json,
  level,
  statusMessage: z.string().nullish(),
  parentObservationId: z.string().nullish(),
  version: z.string().nullish(),
});
const spanBody = observationBody.extend({ endTime: datetime });
const modelParameter = z
  .union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.record(z.string(), z.string())])
  .nullish();
const generationBody = spanBody
  .extend({
    completionStartTime: datetime,
    model: z.string().nullish(),
    modelParameters: z.record(z.string(), modelParameter).nullish(),
    usage,
    usageDetails: numberRecord,
    costDetails: numberRecord,
    promptName: z.string().nullish(),
    promptVersion: z.number().int().nullish(),
  })
  .refine(
    (v) => Boolean(v.promptName) === Boolean(v.promptVersion),
    "promptName and promptVersion must be set together",
  );

const scoreBase = {
  id: id.nullish(),
  name: z.string().min(1),
  traceId: z.string().nullish(),
  sessionId: z.string().nullish(),
  datasetRunId: z.string().nullish(),
  environment: z.string().nullish(),
  observationId: z.string().nullish(),
  comment: z.string().nullish(),
  metadata: json,
  source: z.enum(["API", "EVAL", "ANNOTATION"]).optional(),
  configId: z.string().nullish(),
  executionTraceId: z.string().nullish(),
  queueId: z.string().nullish(),
};
const scoreBody = z
  .discriminatedUnion("dataType", [
    z.object({ ...scoreBase, dataType: z.literal("NUMERIC"), value: z.number() }),
    z.object({ ...scoreBase, dataType: z.literal("CATEGORICAL"), value: z.string() }),
    z.object({
      ...scoreBase,
      dataType: z.literal("BOOLEAN"),
      value: z
        .number()
        .refine(
          (v) => v === 0 || v === 1,
          "Value must be a number equal to either 0 or 1 for data type BOOLEAN",
        ),
    }),
    z.object({ ...scoreBase, dataType: z.literal("CORRECTION"), value: z.string() }),
    z.object({ ...scoreBase, dataType: z.literal("TEXT"), value: z.string().min(1) }),
    z.object({ ...scoreBase, dataType: z.undefined(), value: z.union([z.string(), z.number()]) }),
  ])
  .refine(
    (v) =>
      (Boolean(v.traceId) && !v.sessionId && !v.datasetRunId) ||
      (Boolean(v.sessionId) && !v.traceId && !v.datasetRunId && !v.observationId) ||
      (Boolean(v.datasetRunId) && !v.traceId && !v.sessionId && !v.observationId),
    "Provide exactly one of the following: traceId (with optional observationId), sessionId or datasetRunId. ObservationId requires traceId.",
  );

const legacyObservationBody = spanBody.extend({
  id: id.nullish(),
  type: z.enum(["GENERATION", "SPAN", "EVENT"]),
  completionStartTime: datetime,
  model: z.string().nullish(),
  modelParameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).nullish()).nullish(),
  usage,
  usageDetails: numberRecord,
  costDetails: numberRecord,
});

const envelope = <T extends string, B extends z.ZodType>(type: T, body: B) =>
  z.object({ id, timestamp: z.iso.datetime({ offset: true }), metadata: json, type: z.literal(type), body });

/** Every event type the server's discriminated union knows, and the body it expects. */
export const ingestionEventSchema = z.discriminatedUnion("type", [
  envelope("trace-create", traceBody),
  envelope("score-create", scoreBody),
  envelope("event-create", observationBody),
  envelope("span-create", spanBody),
  envelope("span-update", spanBody),
  envelope("generation-create", generationBody),
  envelope("generation-update", generationBody),
  envelope("agent-create", generationBody),
  envelope("tool-create", generationBody),
  envelope("chain-create", generationBody),
  envelope("retriever-create", generationBody),
  envelope("evaluator-create", generationBody),
  envelope("embedding-create", generationBody),
  envelope("guardrail-create", generationBody),
  envelope("sdk-log", z.object({ log: json, id: z.string().nullish() })),
  envelope(
    "dataset-run-item-create",
    z.object({}).refine(() => false, "Dataset run item creation is only allowed for internal usage"),
  ),
  envelope("observation-create", legacyObservationBody),
  envelope("observation-update", legacyObservationBody),
]);

export type IngestionEvent = z.infer<typeof ingestionEventSchema>;

/** `path: message` for each problem, as one line. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(event)"}: ${i.message}`).join("; ");
}
