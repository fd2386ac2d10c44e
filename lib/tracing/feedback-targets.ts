/**
 * The two hubs' feedback APIs behind `FeedbackTarget`:
 * - Langfuse: the `langfuse` package's `score()`, a `score-create` event on
 *   `/api/public/ingestion` (which Langfuse v4 servers still accept), name `user_feedback`,
 *   data type BOOLEAN (value 1 or 0, as Langfuse defines boolean scores);
 * - LangSmith: `Client.createFeedback(runId, "user_thumbs", { score, comment })`, a
 *   `POST /feedback` on the run whose id is the workbook trace_id.
 * Both send through the counting export fetch, and the comment is redacted again here (the
 * route already did; `redactPii` is idempotent), so no path hands an SDK a raw comment.
 */
import { Client } from "langsmith";
import { redactPii } from "../redact";
import { createExportFetch } from "./export-fetch";
import type { FeedbackEvent, FeedbackTarget } from "./feedback-sink";
import { GuardedLangfuse, queueLength } from "./guarded-langfuse";

/** Flush rounds before giving up on a queue that does not drain (a failing hub). */
const MAX_FLUSH_ROUNDS = 20;
export const LANGFUSE_FEEDBACK_SCORE = "user_feedback";
export const LANGSMITH_FEEDBACK_KEY = "user_thumbs";

interface TargetCommon {
  requestTimeoutMs?: number;
  retries?: number;
  log?: (line: string) => void;
  fetchImpl?: typeof fetch;
}

export interface LangfuseScoreTargetOptions extends TargetCommon {
  publicKey: string;
  secretKey: string;
  baseUrl: string;
  environment?: string;
  flushIntervalMs?: number;
  /** The Langfuse trace id for a workbook trace_id (the id the trace was exported under). */
  traceIdOf?: (traceId: string) => string;
}

export function langfuseScoreTarget(options: LangfuseScoreTargetOptions): FeedbackTarget {
  const exporter = createExportFetch({
    name: "langfuse-feedback",
    timeoutMs: options.requestTimeoutMs ?? 5_000,
    retries: options.retries,
    log: options.log,
    fetchImpl: options.fetchImpl,
  });
  const client = new GuardedLangfuse({
    publicKey: options.publicKey,
    secretKey: options.secretKey,
    baseUrl: options.baseUrl,
    environment: options.environment,
    flushAt: 50,
    flushInterval: options.flushIntervalMs ?? 1_000,
    requestTimeout: options.requestTimeoutMs ?? 5_000,
    fetchRetryCount: 0, // the export fetch retries (bounded, counted)
    sdkIntegration: "llm-observability-workbook",
  });
  client.guardedFetch = exporter.fetch;
  const traceIdOf = options.traceIdOf ?? ((id: string) => id);
  return {
    name: "langfuse",
    destination: options.baseUrl,
    async send(event: FeedbackEvent) {
      client.score({
        traceId: traceIdOf(event.trace_id),
        name: LANGFUSE_FEEDBACK_SCORE,
        value: event.score,
        dataType: "BOOLEAN",
        ...(event.comment !== undefined ? { comment: redactPii(event.comment) } : {}),
        metadata: {
          value: event.value,
          prompt_version: event.prompt_version ?? null,
          known_trace: event.known,
        },
      });
    },
    async flush() {
      // The SDK sends one batch per call: a few rounds drain a full queue; a hub that keeps failing
      // leaves items queued, and the caller's deadline, not this loop, decides when to give up.
      for (let round = 0; round < MAX_FLUSH_ROUNDS && (round === 0 || queueLength(client) > 0); round++)
        await client.flushAsync();
    },
    async shutdown() {
      await client.shutdownAsync();
    },
    exportStats: () => exporter.stats(),
    abort: (reason) => exporter.abort(reason),
  };
}

export interface LangSmithFeedbackTargetOptions extends TargetCommon {
  apiUrl: string;
  apiKey: string;
}

export function langsmithFeedbackTarget(options: LangSmithFeedbackTargetOptions): FeedbackTarget {
  const exporter = createExportFetch({
    name: "langsmith-feedback",
    timeoutMs: options.requestTimeoutMs ?? 10_000,
    retries: options.retries,
    log: options.log,
    fetchImpl: options.fetchImpl,
  });
  const client = new Client({
    apiUrl: options.apiUrl,
    apiKey: options.apiKey,
    timeout_ms: options.requestTimeoutMs ?? 10_000,
    fetchImplementation: exporter.fetch,
  });
  return {
    name: "langsmith",
    destination: options.apiUrl,
    async send(event: FeedbackEvent) {
      // The LangSmith root run id is the workbook trace_id, so the run is addressed directly.
      await client.createFeedback(event.trace_id, LANGSMITH_FEEDBACK_KEY, {
        score: event.score,
        value: event.value,
        ...(event.comment !== undefined ? { comment: redactPii(event.comment) } : {}),
        sourceInfo: { prompt_version: event.prompt_version ?? null, known_trace: event.known },
      });
    },
    flush: async () => undefined, // createFeedback posts at once; the sink awaits each send
    shutdown: async () => undefined,
    exportStats: () => exporter.stats(),
    abort: (reason) => exporter.abort(reason),
  };
}
