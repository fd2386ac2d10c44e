/**
 * The feedback sink for a process, decided by the same plan as its trace sinks: each hub that
 * receives traces (real service with keys, or the embedded local backend without) also
 * receives the feedback on them; a hub that is off gets none.
 */
import type { WorkbookConfig } from "../config";
import {
  feedbackSink,
  type FeedbackSink,
  type FeedbackSinkOptions,
  type FeedbackTarget,
} from "./feedback-sink";
import { langfuseScoreTarget, langsmithFeedbackTarget } from "./feedback-targets";
import { LOCAL_KEYS } from "./local-keys";
import { otelTraceId } from "../trace-id";

export interface FeedbackDestination {
  sink: string;
  kind: "embedded" | "configured" | "off";
  url?: string;
}

export interface CreateFeedbackSinkOptions extends FeedbackSinkOptions {
  flushIntervalMs?: number;
  requestTimeoutMs?: number;
  retries?: number;
  /** The Langfuse trace id a workbook trace_id was exported under (default: `langfuseTraceIdFor`). */
  langfuseTraceIdOf?: (traceId: string) => string;
}

/**
 * The id Langfuse knows a workbook trace by. Over OTLP (the v5 SDK path, `LANGFUSE_INGESTION`
 * unset or `otel`) it is the OTel trace id, the UUID's 32 hex digits; over the v3 SDK's legacy
 * events it is the UUID itself. A config without the setting predates the OTLP path: legacy.
 */
export function langfuseTraceIdFor(config: WorkbookConfig, traceId: string): string {
  const ingestion = config.langfuse.ingestion;
  return ingestion === "legacy" ? traceId : otelTraceId(traceId);
}

export function createFeedbackSink(
  config: WorkbookConfig,
  destinations: readonly FeedbackDestination[],
  options: CreateFeedbackSinkOptions = {},
): FeedbackSink {
  const common = { requestTimeoutMs: options.requestTimeoutMs, retries: options.retries, log: options.log };
  const targets: FeedbackTarget[] = [];
  const langfuse = destinations.find((d) => d.sink === "langfuse");
  if (langfuse && langfuse.kind !== "off" && langfuse.url) {
    const keys = langfuse.kind === "configured" && config.langfuse.publicKey && config.langfuse.secretKey;
    targets.push(
      langfuseScoreTarget({
        ...common,
        publicKey: keys ? config.langfuse.publicKey! : LOCAL_KEYS.langfusePublic,
        secretKey: keys ? config.langfuse.secretKey! : LOCAL_KEYS.langfuseSecret,
        baseUrl: langfuse.url,
        environment: config.environment,
        flushIntervalMs: options.flushIntervalMs,
        traceIdOf: options.langfuseTraceIdOf ?? ((id) => langfuseTraceIdFor(config, id)),
      }),
    );
  }
  const langsmith = destinations.find((d) => d.sink === "langsmith");
  if (langsmith && langsmith.kind !== "off" && langsmith.url) {
    const key = langsmith.kind === "configured" ? config.langsmith.apiKey : undefined;
    targets.push(
      langsmithFeedbackTarget({ ...common, apiUrl: langsmith.url, apiKey: key ?? LOCAL_KEYS.langsmith }),
    );
  }
  return feedbackSink(targets, options);
}
