/**
 * The structured request log: one JSON line per request on stdout (or `write`). Records reach
 * it already redacted (answer() runs stripPii before any sink sees them), so it copies their
 * text as is; only a rejected request's message, which never went through answer(), is redacted here.
 */
import { classifyError } from "../error-types";
import type { AnswerRecord, ExportResult } from "../record";
import { redactPii } from "../redact";
import type { AnswerOutcome } from "../rag/answer";
import type { RejectedRequest, RequestLogSink } from "./sink-dispatch";

export interface JsonLogSinkOptions {
  /** Writes one line; returning `false` means the line was dropped (counted in `dropped`). */
  write?: (line: string) => unknown;
  /** Characters of the answer copied into `output_preview`; the full length is in `output_chars`. */
  previewChars?: number;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The log line for an answered (or LLM-failed) request. */
export function logLineFor(record: AnswerRecord): Record<string, unknown> {
  const { trace, generation } = record;
  const failure = (record as AnswerOutcome).failure;
  return {
    ts: trace.timestamp,
    level: failure ? "error" : "info",
    msg: "ask",
    method: "POST",
    path: "/ask",
    status: failure?.status ?? 200,
    latency_ms: trace.latency_ms,
    ttft_ms: trace.ttft_ms ?? null,
    trace_id: trace.trace_id,
    trace_name: record.name,
    prompt_version: trace.prompt_version,
    model: trace.model_name,
    simulated: generation.simulated,
    environment: trace.environment,
    release: trace.release ?? null,
    customer_tier: trace.customer_tier,
    user_id_hash: trace.user_id_hash ?? null,
    input_text: trace.input_text,
    output_chars: trace.output_text.length,
    prompt_tokens: trace.prompt_tokens ?? null,
    completion_tokens: trace.completion_tokens ?? null,
    total_tokens: trace.total_tokens,
    cost_usd: round(generation.cost_usd.total, 8),
    attempts: generation.attempts,
    retrieval_top_score: trace.retrieved_docs[0]?.relevance_score ?? null,
    tools: trace.tool_calls.map((t) => ({
      tool_name: t.tool_name,
      success: t.success,
      latency_ms: t.latency_ms,
    })),
    quality_score: trace.quality_score ?? null,
    events: record.events.map((e) => e.name),
    error: trace.error ?? null,
    // The same taxonomy as the tags and the Prometheus label; the HTTP-level failure type beside it.
    error_type: trace.error ? classifyError(trace.error) : null,
    failure_type: failure?.type ?? null,
  };
}

export interface JsonLogSink extends RequestLogSink {
  readonly lines: number;
  /** Lines not written because stdout's buffer was over its bound (a reader that cannot keep up). */
  readonly dropped: number;
}

/** The JSON log sink among a service's sinks: the one whose dropped lines `/metrics` and `/healthz` report. */
export const isJsonLogSink = (sink: { name: string }): sink is JsonLogSink =>
  sink.name === "json-log" && typeof (sink as Partial<JsonLogSink>).dropped === "number";

/** Bytes stdout may buffer for a slow reader (a pipe into a stalled log shipper) before lines are dropped and counted. */
export const MAX_STDOUT_BUFFER_BYTES = 8 * 1024 * 1024;

const toStdout = (line: string): boolean => {
  if (process.stdout.writableLength > MAX_STDOUT_BUFFER_BYTES) return false;
  process.stdout.write(line + "\n");
  return true;
};

export function createJsonLogSink({
  write = toStdout,
  previewChars = 200,
}: JsonLogSinkOptions = {}): JsonLogSink {
  let lines = 0;
  let dropped = 0;
  const emit = (entry: Record<string, unknown>) => {
    if (write(JSON.stringify(entry)) === false) dropped++;
    else lines++;
  };
  return {
    name: "json-log",
    get lines() {
      return lines;
    },
    get dropped() {
      return dropped;
    },
    record(record: AnswerRecord) {
      const line = logLineFor(record);
      emit({ ...line, output_preview: record.trace.output_text.slice(0, previewChars) });
    },
    rejected(request: RejectedRequest) {
      emit({
        ts: request.at,
        level: request.status >= 500 ? "error" : "warn",
        msg: "ask rejected",
        method: request.method,
        path: request.path,
        status: request.status,
        latency_ms: round(request.latency_ms, 1),
        error_type: request.error_type,
        error: redactPii(request.message),
        ...(request.issues ? { issues: request.issues.map(redactPii) } : {}),
      });
    },
    async flush(): Promise<ExportResult> {
      return { code: "SUCCESS" };
    },
  };
}
