/**
 * Langfuse's OTel endpoint, server side: OTLP spans become Langfuse ingestion events the way
 * Langfuse's `OtelIngestionProcessor` maps them (read from langfuse/langfuse,
 * packages/shared/src/server/otel/), reduced to the attributes SDKs and GenAI instrumentations set:
 * - A trace event for every root span (no parent, or `langfuse.internal.as_root`), for spans that
 *   carry trace attributes (`langfuse.trace.*`, `user.id`, ...), and for the first span of a trace
 *   in a request (a "shallow" trace with id, timestamp and environment).
 * - An observation per span, `<type>-create`: type from `langfuse.observation.type`, else from
 *   `gen_ai.operation.name` (chat/text_completion/generate_content -> generation, execute_tool ->
 *   tool, embeddings -> embedding, invoke_agent -> agent), else `generation` when a model is set,
 *   else `span`. Name: `gen_ai.tool.name`, else the span name.
 * - Level from `langfuse.observation.level`, else ERROR when the span status is ERROR. Model from
 *   `langfuse.observation.model.name`, `gen_ai.response.model`, `gen_ai.request.model`. Usage from
 *   `langfuse.observation.usage_details`, else `gen_ai.usage.*` (input/output/total). Cost from
 *   `langfuse.observation.cost_details`. Input/output from `langfuse.observation.*`, else
 *   `gen_ai.input.messages` / `gen_ai.output.messages`, else tool call arguments/result.
 * - Environment from `langfuse.environment`, else `deployment.environment(.name)`, else "default".
 * - Within one request, a shallow trace event is dropped when the same request has a full one for
 *   that trace (the server's `filterRedundantShallowTraces`), so a child span exported before its
 *   root cannot overwrite the trace's timestamp.
 * Trace and observation ids are the OTel ids in hex, as Langfuse stores them.
 */
import type { EventInput, Fields, OtlpSpan } from "./trace-store";

const GENERATION_OPERATIONS = new Set([
  "chat",
  "completion",
  "text_completion",
  "generate_content",
  "generate",
]);
const OPERATION_TYPES: Record<string, string> = {
  embeddings: "embedding",
  invoke_agent: "agent",
  create_agent: "agent",
  execute_tool: "tool",
};
const OBSERVATION_TYPES = new Set([
  "span",
  "generation",
  "event",
  "embedding",
  "agent",
  "tool",
  "chain",
  "retriever",
  "guardrail",
  "evaluator",
]);
const LEVELS = new Set(["DEBUG", "DEFAULT", "WARNING", "ERROR"]);
const TRACE_KEYS = [
  "langfuse.trace.name",
  "langfuse.trace.input",
  "langfuse.trace.output",
  "langfuse.trace.metadata",
  "user.id",
  "session.id",
  "langfuse.trace.public",
  "langfuse.trace.tags",
  "langfuse.user.id",
  "langfuse.session.id",
];

const iso = (ms: number) => new Date(ms).toISOString();
const str = (v: unknown): string | undefined =>
  v === undefined || v === null || v === "" ? undefined : typeof v === "string" ? v : JSON.stringify(v);

function parseJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** `prefix.key` attributes (and a JSON `prefix` attribute) as one metadata object. */
function prefixed(attributes: Fields, prefix: string): Fields {
  const out: Fields = {};
  const whole = parseJson(attributes[prefix]);
  if (whole && typeof whole === "object" && !Array.isArray(whole)) Object.assign(out, whole);
  for (const [k, v] of Object.entries(attributes))
    if (k.startsWith(`${prefix}.`)) out[k.slice(prefix.length + 1)] = parseJson(v);
  return out;
}

function environmentOf(attributes: Fields, resource: Fields): string {
  for (const key of ["langfuse.environment", "deployment.environment.name", "deployment.environment"]) {
    const v = attributes[key] ?? resource[key];
    if (typeof v !== "string" || !v) continue;
    const name = v
      .toLowerCase()
      .replace(/^(?:langfuse[-_]?)+/, "")
      .slice(0, 40);
    return /^[a-z0-9-_]+$/.test(name) ? name : "default";
  }
  return "default";
}

function observationType(attributes: Fields, model: string | undefined): string {
  const explicit = attributes["langfuse.observation.type"];
  if (typeof explicit === "string" && OBSERVATION_TYPES.has(explicit)) return explicit;
  const operation = attributes["gen_ai.operation.name"];
  if (typeof operation === "string") {
    if (GENERATION_OPERATIONS.has(operation)) return "generation";
    if (OPERATION_TYPES[operation]) return OPERATION_TYPES[operation];
  }
  return model ? "generation" : "span";
}

function usageDetails(attributes: Fields): Fields | undefined {
  const explicit = parseJson(attributes["langfuse.observation.usage_details"]);
  if (explicit && typeof explicit === "object") return explicit as Fields;
  const n = (key: string) => (typeof attributes[key] === "number" ? (attributes[key] as number) : undefined);
  const input = n("gen_ai.usage.input_tokens") ?? n("gen_ai.usage.prompt_tokens");
  const output = n("gen_ai.usage.output_tokens") ?? n("gen_ai.usage.completion_tokens");
  if (input === undefined && output === undefined) return undefined;
  return { ...(input !== undefined ? { input } : {}), ...(output !== undefined ? { output } : {}) };
}

function inputOutput(
  attributes: Fields,
  domain: "trace" | "observation",
): { input?: unknown; output?: unknown } {
  const input = attributes[`langfuse.${domain}.input`];
  const output = attributes[`langfuse.${domain}.output`];
  if (input !== undefined || output !== undefined)
    return { input: parseJson(input), output: parseJson(output) };
  if (domain === "trace") return {};
  const messages = {
    input: parseJson(attributes["gen_ai.input.messages"]),
    output: parseJson(attributes["gen_ai.output.messages"]),
  };
  if (messages.input !== undefined || messages.output !== undefined) return messages;
  return {
    input: parseJson(attributes["gen_ai.tool.call.arguments"]),
    output: parseJson(attributes["gen_ai.tool.call.result"]),
  };
}

/** Langfuse ingestion events for the spans of one OTLP request (decoded by `decodeOtlpJson`). */
export function langfuseEventsFromOtlp(spans: OtlpSpan[]): EventInput[] {
  const events: EventInput[] = [];
  const seen = new Set<string>();
  for (const span of spans) {
    const a = span.attributes;
    const resource = span.resource ?? {};
    const start = iso(span.start_ms);
    const environment = environmentOf(a, resource);
    const isRoot = !span.parentSpanId || String(a["langfuse.internal.as_root"]) === "true";
    const hasTraceUpdates =
      TRACE_KEYS.some((k) => Boolean(a[k])) ||
      Object.keys(a).some((k) => k.startsWith("langfuse.trace.metadata"));
    const version = str(a["langfuse.version"]) ?? str(resource["service.version"]);

    if (isRoot || hasTraceUpdates || !seen.has(span.traceId)) {
      seen.add(span.traceId);
      let body: Fields = { id: span.traceId, timestamp: start, environment };
      if (isRoot || hasTraceUpdates) {
        const tags = a["langfuse.trace.tags"];
        body = {
          ...body,
          name:
            str(a["langfuse.trace.name"]) ?? (isRoot ? (str(a["gen_ai.tool.name"]) ?? span.name) : undefined),
          metadata: {
            ...prefixed(a, "langfuse.trace.metadata"),
            resourceAttributes: resource,
            scope: { name: span.scope },
          },
          version,
          release: str(a["langfuse.release"]) ?? str(resource["langfuse.release"]),
          userId: str(a["langfuse.user.id"] ?? a["user.id"]),
          sessionId: str(a["langfuse.session.id"] ?? a["session.id"]),
          tags: Array.isArray(tags) ? tags.map(String) : typeof tags === "string" ? [tags] : [],
          ...inputOutput(a, "trace"),
        };
      }
      events.push({
        protocol: "langfuse",
        kind: "trace-create",
        id: span.traceId,
        timestamp: start,
        payload: body,
      });
    }

    const model =
      str(a["langfuse.observation.model.name"]) ??
      str(a["gen_ai.response.model"]) ??
      str(a["gen_ai.request.model"]);
    const type = observationType(a, model);
    // An unknown level string falls back like an absent one, as the server's parser does.
    const explicitLevel = String(a["langfuse.observation.level"] ?? "")
      .trim()
      .toUpperCase();
    const level = LEVELS.has(explicitLevel) ? explicitLevel : span.status.code === 2 ? "ERROR" : "DEFAULT";
    const completionStart = a["langfuse.observation.completion_start_time"];
    const observation: Fields = {
      id: span.spanId,
      traceId: span.traceId,
      parentObservationId: span.parentSpanId ?? null,
      name: str(a["gen_ai.tool.name"]) ?? span.name,
      startTime: start,
      endTime: iso(span.end_ms),
      environment,
      completionStartTime: typeof completionStart === "string" ? String(parseJson(completionStart)) : null,
      metadata: {
        ...prefixed(a, "langfuse.observation.metadata"),
        resourceAttributes: resource,
        scope: { name: span.scope },
      },
      level,
      statusMessage: str(a["langfuse.observation.status_message"]) ?? span.status.message ?? null,
      version: version ?? null,
      modelParameters: parseJson(a["langfuse.observation.model.parameters"]) ?? null,
      model: model ?? null,
      usageDetails: usageDetails(a) ?? {},
      costDetails: (parseJson(a["langfuse.observation.cost_details"]) as Fields | undefined) ?? {},
      ...inputOutput(a, "observation"),
    };
    events.push({
      protocol: "langfuse",
      kind: `${type}-create`,
      id: span.spanId,
      timestamp: start,
      payload: observation,
    });
  }
  const shallow = (e: EventInput) =>
    e.kind === "trace-create" &&
    Object.keys(e.payload).every((k) => k === "id" || k === "timestamp" || k === "environment");
  const full = new Set(events.filter((e) => e.kind === "trace-create" && !shallow(e)).map((e) => e.id));
  return events.filter((e) => !(shallow(e) && full.has(e.id)));
}
