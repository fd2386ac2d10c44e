/**
 * The two hubs' feedback APIs behind `FeedbackTarget`, each sending one `HubScore`:
 * - Langfuse: the `langfuse` package's `score()`, a `score-create` event on
 *   `/api/public/ingestion` (which Langfuse v4 servers still accept), e.g. `user_feedback`
 *   as a BOOLEAN (value 1 or 0, as Langfuse defines boolean scores) or `eval_quality` as NUMERIC;
 * - LangSmith: `Client.createFeedback(runId, key, { score, value, comment })`, a
 *   `POST /feedback` on the run whose id is the workbook trace_id.
 * Both send through the counting export fetch, and the comment is redacted again here (the
 * route already did; `redactPii` is idempotent), so no path hands an SDK a raw comment.
 */
import { Client } from "langsmith";
import { redactPii } from "../redact";
import { createExportFetch } from "./export-fetch";
import type { FeedbackTarget, HubScore } from "./feedback-sink";
import { createGuardedLangfuse, type LangfuseConnection } from "./guarded-langfuse";

interface TargetCommon {
  requestTimeoutMs?: number;
  retries?: number;
  log?: (line: string) => void;
  fetchImpl?: typeof fetch;
}

export interface LangfuseScoreTargetOptions
  extends
    TargetCommon,
    Pick<LangfuseConnection, "publicKey" | "secretKey" | "baseUrl" | "environment" | "flushIntervalMs"> {
  /** The Langfuse trace id for a workbook trace_id (the id the trace was exported under). */
  traceIdOf?: (traceId: string) => string;
}

export function langfuseScoreTarget(options: LangfuseScoreTargetOptions): FeedbackTarget {
  const { client, exporter, drain } = createGuardedLangfuse({ ...options, name: "langfuse-feedback" });
  const traceIdOf = options.traceIdOf ?? ((id: string) => id);
  return {
    name: "langfuse",
    destination: options.baseUrl,
    async send(score: HubScore) {
      client.score({
        traceId: traceIdOf(score.trace_id),
        name: score.name.langfuse,
        value: score.value,
        dataType: score.data_type,
        ...(score.comment !== undefined ? { comment: redactPii(score.comment) } : {}),
        metadata: score.metadata,
      });
    },
    flush: drain,
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
    async send(score: HubScore) {
      // The LangSmith root run id is the workbook trace_id, so the run is addressed directly.
      await client.createFeedback(score.trace_id, score.name.langsmith, {
        score: score.value,
        ...(score.label !== undefined ? { value: score.label } : {}),
        ...(score.comment !== undefined ? { comment: redactPii(score.comment) } : {}),
        sourceInfo: score.metadata,
      });
    },
    flush: async () => undefined, // createFeedback posts at once; the sink awaits each send
    shutdown: async () => undefined,
    exportStats: () => exporter.stats(),
    abort: (reason) => exporter.abort(reason),
  };
}
