/**
 * The small interface the tracing adapters share: one answered request as a vendor-neutral
 * tree of timed steps (the request root, retrieval, the LLM generation, tool calls, notable
 * events). Each adapter (Langfuse, LangSmith, OTLP) maps `TraceSteps` onto its own data model.
 *
 * Timings are rebuilt from the record's `started_at` / `latency_ms`, so the trees a backend
 * draws show the durations the request really had, even though export happens afterwards.
 */
import type { AnswerRecord, GenerationStep, PipelineEvent, RetrievalStep, ToolStep } from "../record";
import type { Contract } from "../contract";
import { spanName } from "../contract/naming";
import { tagsFor } from "../contract/tags";

/** Metadata every trace and every observation carries (the contract's `required_metadata_fields`). */
export type StepMetadata = Record<string, string>;

export interface TimedStep {
  name: string;
  start: Date;
  end: Date;
  metadata: StepMetadata;
}

export interface RetrievalNode
  extends TimedStep, Pick<RetrievalStep, "query" | "top_k" | "method" | "docs"> {}

export interface GenerationNode extends TimedStep, Omit<GenerationStep, "started_at" | "latency_ms"> {
  /** When the first token arrived, if the record measured TTFT. */
  completionStart?: Date;
}

export interface ToolNode extends TimedStep, Omit<ToolStep, "started_at"> {}

export interface EventNode extends Pick<PipelineEvent, "level" | "detail"> {
  /** The contract's span name, e.g. `event.cache_miss`. */
  name: string;
  /** The pipeline's own marker name, e.g. `cache_miss`. */
  marker: string;
  time: Date;
  metadata: StepMetadata;
}

export interface TraceSteps extends TimedStep {
  trace_id: string;
  user_id_hash?: string;
  tags: string[];
  input: { query: string };
  output: { answer: string };
  error?: string;
  model: string;
  retrieval: RetrievalNode;
  generation: GenerationNode;
  tools: ToolNode[];
  events: EventNode[];
  /** Anything odd found while building the steps (bad timestamps, tags the taxonomy rejects). */
  warnings: string[];
}

export interface TraceStepsOptions {
  /** Stamped when the trace carries no `release`. */
  release?: string;
  /** The contract the span names, tags and required metadata follow. */
  contract: Contract;
}

/** `gen_ai.data_source.id` of the retrieval step: the support knowledge base. */
export const RETRIEVAL_DATA_SOURCE = "knowledge_base";

/**
 * The token usage the provider reported, or undefined when it reported none (a call that failed
 * before usage arrived): exporters then omit usage rather than claim zero tokens. Records written
 * before `usage_reported` existed count a failed call with zero tokens as unknown.
 */
export function knownUsage(
  g: Pick<GenerationStep, "usage" | "usage_reported" | "error">,
): GenerationStep["usage"] | undefined {
  if (g.usage_reported === false) return undefined;
  if (g.usage_reported === undefined && g.error !== undefined && g.usage.total === 0) return undefined;
  return g.usage;
}

/** A model id as a span-name target: the contract allows `[A-Za-z0-9._:/-]`. */
const modelSegment = (value: string) => String(value).replace(/[^A-Za-z0-9._:/-]+/g, "_") || "unknown";

/** Tool and event names become span-name segments, which the contract limits to `[a-z0-9_]`. */
const segment = (value: string) =>
  String(value)
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "") || "unnamed";

/** Builds the step tree for one record. Never throws on odd timing data: it falls back and says so in `warnings`. */
export function traceSteps(record: AnswerRecord, options: TraceStepsOptions): TraceSteps {
  const { contract } = options;
  const { trace } = record;
  const warnings: string[] = [];

  const requestStart = toDate(trace.timestamp, "trace.timestamp", new Date(0), warnings);
  const at = (iso: string | undefined, field: string) => toDate(iso, field, requestStart, warnings);
  const span = (start: Date, latencyMs: number) => ({
    start,
    end: new Date(start.getTime() + Math.max(0, finite(latencyMs))),
  });

  const metadata: StepMetadata = {};
  const source: Record<string, unknown> = {
    ...trace,
    release: trace.release ?? options.release ?? "unknown",
  };
  for (const field of contract.required_metadata_fields) metadata[field] = String(source[field] ?? "unknown");

  let tags: string[];
  try {
    tags = tagsFor(trace, contract);
  } catch (error) {
    warnings.push(`tags: ${(error as Error).message}`);
    tags = [];
  }
  for (const tag of trace.tags) if (!tags.includes(tag)) tags.push(tag);

  const r = record.retrieval;
  const g = record.generation;
  const generationStart = at(g.started_at, "generation.started_at");
  const { started_at: _gs, latency_ms: _gl, ...generationRest } = g;

  return {
    trace_id: trace.trace_id,
    name: record.name,
    ...span(requestStart, trace.latency_ms),
    metadata,
    user_id_hash: trace.user_id_hash,
    tags,
    input: { query: trace.input_text },
    output: { answer: trace.output_text },
    error: trace.error,
    model: trace.model_name,
    retrieval: {
      name: spanName("retrieval", RETRIEVAL_DATA_SOURCE, contract),
      ...span(at(r.started_at, "retrieval.started_at"), r.latency_ms),
      metadata,
      query: r.query,
      top_k: r.top_k,
      method: r.method,
      docs: r.docs,
    },
    generation: {
      ...generationRest,
      name: spanName("generation", modelSegment(g.request_model ?? g.model), contract),
      ...span(generationStart, g.latency_ms),
      completionStart:
        g.ttft_ms === undefined ? undefined : new Date(generationStart.getTime() + finite(g.ttft_ms)),
      metadata,
    },
    tools: record.tools.map((tool, i) => ({
      ...tool,
      name: spanName("tool", segment(tool.tool_name), contract),
      ...span(at(tool.started_at, `tools.${i}.started_at`), tool.latency_ms),
      metadata,
    })),
    events: record.events.map((event, i) => ({
      name: spanName("event", segment(event.name), contract),
      marker: event.name,
      time: at(event.at, `events.${i}.at`),
      level: event.level,
      detail: event.detail,
      metadata,
    })),
    warnings,
  };
}

const finite = (n: number) => (Number.isFinite(n) ? n : 0);

function toDate(iso: string | undefined, field: string, fallback: Date, warnings: string[]): Date {
  const ms = iso === undefined ? NaN : Date.parse(iso);
  if (Number.isFinite(ms)) return new Date(ms);
  warnings.push(`${field}: "${iso}" is not an ISO-8601 time; used ${fallback.toISOString()}`);
  return fallback;
}
