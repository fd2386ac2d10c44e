/**
 * The feedback sink for a process. createTracingSinks decides the hubs once and hands each one's
 * address and credentials here, so every hub that receives traces (real service with keys, or
 * the embedded local backend without) also receives the feedback on them, with the same keys.
 */
import type { WorkbookConfig } from "../config";
import {
  feedbackSink,
  type FeedbackSink,
  type FeedbackSinkOptions,
  type FeedbackTarget,
} from "./feedback-sink";
import {
  langfuseScoreTarget,
  langsmithFeedbackTarget,
  type LangfuseScoreTargetOptions,
  type LangSmithFeedbackTargetOptions,
} from "./feedback-targets";
import { otelTraceId } from "../trace-id";

/** The hubs that receive feedback, each with the address and credentials its trace sink was given. */
export interface FeedbackHubs {
  /** `traceIdOf`: the Langfuse trace id a workbook trace_id was exported under (`langfuseTraceIdFor`). */
  langfuse?: LangfuseScoreTargetOptions & { traceIdOf: (traceId: string) => string };
  langsmith?: LangSmithFeedbackTargetOptions;
}

export interface CreateFeedbackSinkOptions extends FeedbackSinkOptions {
  flushIntervalMs?: number;
  requestTimeoutMs?: number;
  retries?: number;
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

/** One feedback target per hub in `hubs`; a hub that is absent (off) gets none. */
export function createFeedbackSink(
  hubs: FeedbackHubs,
  options: CreateFeedbackSinkOptions = {},
): FeedbackSink {
  const common = { requestTimeoutMs: options.requestTimeoutMs, retries: options.retries, log: options.log };
  const targets: FeedbackTarget[] = [];
  if (hubs.langfuse)
    targets.push(
      langfuseScoreTarget({ ...common, ...hubs.langfuse, flushIntervalMs: options.flushIntervalMs }),
    );
  if (hubs.langsmith) targets.push(langsmithFeedbackTarget({ ...common, ...hubs.langsmith }));
  return feedbackSink(targets, options);
}
