/**
 * What one answered request leaves behind: the schema-valid `Trace` plus the step detail the
 * trace hubs want (retrieval parameters, the LLM generation, events). Everything in an
 * `AnswerRecord` has already crossed the redaction boundary, so sinks may export it as is.
 */
import type { Trace } from "./schema";

export interface RetrievalStep {
  query: string;
  top_k: number;
  /** How scores were computed, e.g. "bm25 (k1=1.2, b=0.75), divided by the top score". */
  method: string;
  started_at: string;
  latency_ms: number;
  docs: { source: string; relevance_score: number; content: string }[];
}

export interface GenerationStep {
  /** The model the response reports (a dated snapshot with a real key), else the requested one. */
  model: string;
  /** The model the request asked for (`gen_ai.request.model`). */
  request_model?: string;
  /** The provider's completion id (`chatcmpl-...`), when a response arrived. */
  response_id?: string;
  /** Why generation stopped, one per choice (`stop`, `length`, ...), when a response arrived. */
  finish_reasons?: string[];
  /** False when the provider reported no token usage (a failed call): `usage` then holds zeros that mean "unknown". */
  usage_reported?: boolean;
  provider: "openai";
  /** True when the embedded simulator answered instead of the real OpenAI API. */
  simulated: boolean;
  model_parameters: Record<string, string | number | boolean>;
  messages: { role: "system" | "user" | "assistant"; content: string }[];
  completion: string;
  usage: { input: number; output: number; total: number };
  cost_usd: { input: number; output: number; total: number };
  ttft_ms?: number;
  started_at: string;
  latency_ms: number;
  /** Attempts the SDK made, retries included. */
  attempts: number;
  error?: string;
  /** A low-cardinality class of the failure (`llm_rate_limited`, `llm_timeout`, ...), when `error` is set. */
  error_type?: string;
}

export interface ToolStep {
  tool_name: string;
  input: unknown;
  output: unknown;
  started_at: string;
  latency_ms: number;
  success: boolean;
  error?: string;
}

/** Notable markers: `retry`, `cache_miss`, `guardrail_block`, `low_retrieval_score`, ... */
export interface PipelineEvent {
  name: string;
  at: string;
  level: "DEBUG" | "DEFAULT" | "WARNING" | "ERROR";
  detail?: Record<string, unknown>;
}

export interface AnswerRecord {
  trace: Trace;
  /** Trace name following the contract: `{service}.{endpoint}.{version}`, e.g. `support-bot.ask.v2`. */
  name: string;
  retrieval: RetrievalStep;
  generation: GenerationStep;
  tools: ToolStep[];
  events: PipelineEvent[];
}

export type ExportResult = { code: "SUCCESS" } | { code: "FAILED"; error: string };

/**
 * Anything that takes records out of the request path: the JSON log, Prometheus, Langfuse,
 * LangSmith, OTLP. `record()` must return at once (queue and send later); `flush()` is bounded.
 */
export interface RecordSink {
  readonly name: string;
  record(record: AnswerRecord): void;
  flush(timeoutMs?: number): Promise<ExportResult>;
  shutdown?(timeoutMs?: number): Promise<ExportResult>;
}
