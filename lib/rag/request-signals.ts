/**
 * The per-request signals classic monitoring (status code, uptime, average latency) never
 * sees, read off one AnswerRecord: retrieval scores, prompt version and hash, tokens and cost,
 * tool outcomes, retries, and where the time went (retrieval / tool / TTFT / decode).
 */
import type { AnswerRecord } from "../record";

export interface RequestSignals {
  trace_id: string;
  prompt_version: string;
  prompt_hash: string;
  model: string;
  simulated: boolean;
  top_retrieval_score: number;
  retrieval_scores: number[];
  retrieved_sources: string[];
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cost_usd: number;
  /** "none", or e.g. "lookup_order: ok (92 ms)" / "lookup_order: FAILED (order service timed out ...)". */
  tool_outcome: string;
  attempts: number;
  events: string[];
  retrieval_ms: number;
  tool_ms: number;
  ttft_ms: number | null;
  decode_ms: number | null;
  total_ms: number;
  error: string | null;
}

const r1 = (value: number) => Math.round(value * 10) / 10;

export function requestSignals(record: AnswerRecord): RequestSignals {
  const { trace, generation, retrieval } = record;
  const ttft = generation.ttft_ms ?? null;
  return {
    trace_id: trace.trace_id,
    prompt_version: trace.prompt_version,
    prompt_hash: String(generation.model_parameters.prompt_hash ?? ""),
    model: trace.model_name,
    simulated: generation.simulated,
    top_retrieval_score: trace.retrieved_docs[0]?.relevance_score ?? 0,
    retrieval_scores: trace.retrieved_docs.map((d) => d.relevance_score),
    retrieved_sources: trace.retrieved_docs.map((d) => d.source),
    prompt_tokens: trace.prompt_tokens ?? 0,
    completion_tokens: trace.completion_tokens ?? 0,
    total_tokens: trace.total_tokens,
    cost_usd: generation.cost_usd.total,
    tool_outcome: record.tools.length
      ? record.tools
          .map(
            (t) =>
              `${t.tool_name}: ${t.success ? "ok" : `FAILED (${t.error ?? "error"})`} (${Math.round(t.latency_ms)} ms)`,
          )
          .join("; ")
      : "none",
    attempts: generation.attempts,
    events: record.events.map((e) => e.name),
    retrieval_ms: r1(retrieval.latency_ms),
    tool_ms: r1(record.tools.reduce((sum, t) => sum + t.latency_ms, 0)),
    ttft_ms: ttft,
    decode_ms: ttft === null ? null : r1(generation.latency_ms - ttft),
    total_ms: trace.latency_ms,
    error: trace.error ?? null,
  };
}

export interface ComparedRequest {
  label: string;
  http_status: number;
  quality_score: number;
  signals: RequestSignals;
}

/** The Task 1 comparison: one row per signal, a column per request, and whether a status-code monitor sees it. */
export function compareRequests(requests: readonly ComparedRequest[]): Record<string, unknown>[] {
  const row = (signal: string, classic: boolean, value: (r: ComparedRequest) => unknown) => ({
    signal,
    ...Object.fromEntries(requests.map((r) => [r.label, value(r)])),
    "classic monitoring sees it": classic ? "yes" : "no",
  });
  return [
    row("HTTP status", true, (r) => r.http_status),
    row("quality score (expected facts stated, %)", false, (r) => r.quality_score),
    row("prompt version (registry id)", false, (r) => r.signals.prompt_version),
    row("prompt hash (sha256, first 12)", false, (r) => r.signals.prompt_hash.slice(0, 12)),
    row("retrieval scores (top 3)", false, (r) => r.signals.retrieval_scores.join(", ")),
    row(
      "prompt / completion tokens",
      false,
      (r) => `${r.signals.prompt_tokens} / ${r.signals.completion_tokens}`,
    ),
    row("cost of this request (USD)", false, (r) => r.signals.cost_usd.toFixed(6)),
    row("tool outcome", false, (r) => r.signals.tool_outcome),
    row("LLM attempts (1 + retries)", false, (r) => r.signals.attempts),
    row("latency: retrieval (ms)", false, (r) => r.signals.retrieval_ms),
    row("latency: tool (ms)", false, (r) => r.signals.tool_ms),
    row("latency: time to first token (ms)", false, (r) => r.signals.ttft_ms),
    row("latency: decode (ms)", false, (r) => r.signals.decode_ms),
    row("latency: total in service (ms)", true, (r) => r.signals.total_ms),
    row("events", false, (r) => r.signals.events.join(", ") || "none"),
  ];
}

export interface SignalMeans {
  requests: number;
  mean_completion_tokens: number;
  mean_total_tokens: number;
  cost_per_1k_requests_usd: number;
  mean_ttft_ms: number;
  mean_decode_ms: number;
  mean_total_ms: number;
  tool_calls: number;
  tool_failures: number;
  retries: number;
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

/** Averages over a batch of requests (e.g. one prompt version's eval run). */
export function meanSignals(batch: readonly RequestSignals[]): SignalMeans {
  const toolLines = batch.filter((s) => s.tool_outcome !== "none");
  return {
    requests: batch.length,
    mean_completion_tokens: r1(mean(batch.map((s) => s.completion_tokens))),
    mean_total_tokens: r1(mean(batch.map((s) => s.total_tokens))),
    cost_per_1k_requests_usd: Math.round(mean(batch.map((s) => s.cost_usd)) * 1000 * 10_000) / 10_000,
    mean_ttft_ms: r1(mean(batch.filter((s) => s.ttft_ms !== null).map((s) => s.ttft_ms as number))),
    mean_decode_ms: r1(mean(batch.filter((s) => s.decode_ms !== null).map((s) => s.decode_ms as number))),
    mean_total_ms: r1(mean(batch.map((s) => s.total_ms))),
    tool_calls: toolLines.length,
    tool_failures: toolLines.filter((s) => s.tool_outcome.includes("FAILED")).length,
    retries: batch.reduce((sum, s) => sum + Math.max(0, s.attempts - 1), 0),
  };
}
