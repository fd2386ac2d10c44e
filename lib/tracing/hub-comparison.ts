/**
 * Langfuse, LangSmith and OTLP side by side, measured on what the backend received for the same
 * requests: wire cost (requests, bytes), data model (what one request becomes), and where token
 * usage and cost live. The numbers behind the Task 4 comparison.
 */
import type { Fields, TraceStore } from "./trace-store";
import { otelTraceId } from "../trace-id";

export interface HubRow {
  hub: "langfuse" | "langsmith" | "otlp";
  traces_found: number;
  http_requests: number;
  /** Bytes on the wire, compressed where the SDK compressed. */
  wire_bytes: number;
  /** Events / run operations / spans per request, as sent. */
  items_per_trace: number;
  /** Nodes in the merged trees (trace + observations, runs, spans), and per request. */
  nodes: number;
  nodes_per_trace: number;
  /** Distinct node kinds seen, e.g. `SPAN, GENERATION, EVENT`. */
  node_kinds: string;
  total_tokens: number;
  /** Cost the hub received, in USD; undefined when the hub has no cost field. */
  cost_usd?: number;
  /** Where tokens and cost sit in that hub's data model. */
  usage_field: string;
}

/** Kinds in a fixed, readable order (roots first), whatever order the events arrived in. */
const ORDER = [
  "TRACE",
  "SPAN",
  "RETRIEVER",
  "TOOL",
  "GENERATION",
  "EVENT",
  "chain",
  "retriever",
  "tool",
  "llm",
  "server",
  "span",
  "retrieval",
  "execute_tool",
  "chat",
];
const kinds = (list: string[]) =>
  [...new Set(list)]
    .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b))
    .join(", ");

/** Langfuse takes traces on its legacy ingestion endpoint and (v4) on its own OTLP path; `/v1/traces` is plain OTLP. */
const HUB_OF = (path: string): HubRow["hub"] | undefined =>
  path.startsWith("/api/public/ingestion") || path === "/api/public/otel/v1/traces"
    ? "langfuse"
    : path === "/v1/traces"
      ? "otlp"
      : path.startsWith("/runs") || path === "/info"
        ? "langsmith"
        : undefined;

/** The GenAI conventions have no cost attribute; the OTLP exporter adds this one. */
const OTLP_COST = "workbook.cost_usd";

export function hubComparison(store: TraceStore, traceIds: readonly string[]): HubRow[] {
  const n = Math.max(1, traceIds.length);
  const nodes = (count: number) => ({ nodes: count, nodes_per_trace: count / n });
  const wire = (hub: HubRow["hub"]) => {
    const reqs = store.requests.filter((r) => HUB_OF(r.path) === hub && r.status < 400);
    return { http_requests: reqs.length, wire_bytes: reqs.reduce((sum, r) => sum + r.bytes, 0) };
  };
  const ids = new Set(traceIds);
  const hex = new Set(traceIds.map(otelTraceId));

  // Langfuse: trace ids are the workbook's (legacy ingestion) or its OTel form (OTLP path).
  const lfViews = traceIds.map((id) => store.langfuseTrace(id)).filter((v) => v !== undefined);
  const lfEvents = store.events.filter((e) => {
    if (e.protocol !== "langfuse") return false;
    const traceId = e.kind.startsWith("trace-") ? e.id : String(e.payload.traceId);
    return ids.has(traceId) || hex.has(traceId);
  });
  const gens = lfViews.flatMap((v) => v!.observations.filter((o) => o.type === "GENERATION"));
  const lfRow: HubRow = {
    hub: "langfuse",
    traces_found: lfViews.length,
    ...wire("langfuse"),
    items_per_trace: lfEvents.length / n,
    ...nodes(lfViews.reduce((sum, v) => sum + 1 + v!.observations.length, 0)),
    node_kinds: kinds(["TRACE", ...lfViews.flatMap((v) => v!.observations.map((o) => o.type))]),
    total_tokens: gens.reduce(
      (sum, g) => sum + Number((g.usageDetails as Fields | undefined)?.total ?? 0),
      0,
    ),
    cost_usd: gens.reduce((sum, g) => sum + Number((g.costDetails as Fields | undefined)?.total ?? 0), 0),
    usage_field: "GENERATION usage_details + cost_details",
  };

  // LangSmith: the root run's id is the workbook id (older runs carry it in metadata only).
  const runs = store.langsmithRuns();
  const roots = runs.filter(
    (r) =>
      !r.parent_run_id &&
      (ids.has(r.id) ||
        ids.has(String(((r.extra as Fields | undefined)?.metadata as Fields | undefined)?.trace_id))),
  );
  const lsTraceIds = new Set(roots.map((r) => String(r.trace_id ?? r.id)));
  const lsRuns = runs.filter((r) => lsTraceIds.has(String(r.trace_id ?? r.id)));
  const lsOps = store.events.filter((e) => e.protocol === "langsmith" && lsRuns.some((r) => r.id === e.id));
  const usage = lsRuns
    .map((r) => (r.outputs as Fields | undefined)?.usage_metadata as Fields | undefined)
    .filter((u) => u !== undefined);
  const lsRow: HubRow = {
    hub: "langsmith",
    traces_found: roots.length,
    ...wire("langsmith"),
    items_per_trace: lsOps.length / n,
    ...nodes(lsRuns.length),
    node_kinds: kinds(lsRuns.map((r) => String(r.run_type))),
    total_tokens: usage.reduce((sum, u) => sum + Number(u!.total_tokens ?? 0), 0),
    cost_usd: usage.some((u) => u!.total_cost !== undefined)
      ? usage.reduce((sum, u) => sum + Number(u!.total_cost ?? 0), 0)
      : undefined,
    usage_field: "llm run outputs.usage_metadata (+ ls_provider / ls_model_name)",
  };

  // OTLP: trace ids are the workbook UUIDs without dashes.
  const spans = store.otlpSpans().filter((s) => hex.has(s.traceId));
  const otRow: HubRow = {
    hub: "otlp",
    traces_found: new Set(spans.map((s) => s.traceId)).size,
    ...wire("otlp"),
    items_per_trace: spans.length / n,
    ...nodes(spans.length),
    node_kinds: kinds(
      spans.map((s) => String(s.attributes["gen_ai.operation.name"] ?? (s.parentSpanId ? "span" : "server"))),
    ),
    total_tokens: spans.reduce(
      (sum, s) =>
        sum +
        Number(s.attributes["gen_ai.usage.input_tokens"] ?? 0) +
        Number(s.attributes["gen_ai.usage.output_tokens"] ?? 0),
      0,
    ),
    cost_usd: spans.some((s) => s.attributes[OTLP_COST] !== undefined)
      ? spans.reduce((sum, s) => sum + Number(s.attributes[OTLP_COST] ?? 0), 0)
      : undefined,
    usage_field: `gen_ai.usage.input_tokens / output_tokens; cost only as the custom ${OTLP_COST}`,
  };
  return [lfRow, lsRow, otRow];
}
