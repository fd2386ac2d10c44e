/**
 * `POST /feedback`: a user's thumbs up/down on an answer, joined to its trace.
 * `{"trace_id": "<id from /ask>", "value": "up" | "down", "comment"?: "..."}` answers 202 once
 * the feedback is queued for the trace hubs (a Langfuse score, a LangSmith feedback, through the
 * feedback sinks among the app's sinks). The comment crosses the redaction boundary here, before
 * any sink, log or response sees it. An id this process never issued is still accepted, since
 * the trace may live in another replica; the answer says `known: false`. Issued ids are
 * remembered by `/ask` in a bounded LRU (`issued`), with the prompt version that answered.
 */
import type { Hono } from "hono";
import type { Registry } from "prom-client";
import type { RecordSink } from "../record";
import { redactPii } from "../redact";
import { isFeedbackSink, type FeedbackEvent, type FeedbackSinkStats } from "../tracing/feedback-sink";
import { registerFeedbackMetrics } from "./feedback-metrics";
import { parseFeedbackRequest } from "./feedback-request";
import { IssuedTraces } from "./issued-traces";
import { jsonOnly, readJson, type Reject } from "./json-body";

export interface FeedbackRouteOptions {
  /** The app's sinks; those that take feedback (`isFeedbackSink`) receive it. */
  sinks: readonly RecordSink[];
  /** The app's error answer (counted and logged like every other rejection). */
  reject: Reject;
  metricsRegistry?: Registry;
  /** Trace ids remembered for `known` (default 10,000: about 1 MB). */
  issuedCapacity?: number;
  maxBodyBytes?: number;
}

export interface FeedbackRouteStats {
  accepted: number;
  known: number;
  unknown: number;
  up: number;
  down: number;
  /** Feedback sinks that threw on `feedback()` (the request still got its 202). */
  sink_errors: number;
  issued_tracked: number;
  issued_evicted: number;
  sinks: FeedbackSinkStats[];
}

const MEDIA_JSON = { "content-type": "application/json; charset=utf-8" };

export function mountFeedback(
  app: Hono,
  options: FeedbackRouteOptions,
): { stats(): FeedbackRouteStats; issued: IssuedTraces } {
  const { reject, maxBodyBytes = 16 * 1024 } = options;
  const issued = new IssuedTraces(options.issuedCapacity);
  const sinks = options.sinks.filter(isFeedbackSink);
  // The hubs a feedback sink delivers to are fixed when it is built: named once, not per request.
  const queuedFor = [...new Set(sinks.flatMap((s) => Object.keys(s.stats().targets)))];
  const counts = { accepted: 0, known: 0, unknown: 0, up: 0, down: 0, sink_errors: 0 };
  const stats = (): FeedbackRouteStats => ({
    ...counts,
    issued_tracked: issued.size,
    issued_evicted: issued.evicted,
    sinks: sinks.map((s) => s.stats()),
  });
  const metrics = options.metricsRegistry
    ? registerFeedbackMetrics(options.metricsRegistry, () => sinks.map((s) => s.stats()))
    : undefined;

  app.post("/feedback", ...jsonOnly("/feedback", reject, maxBodyBytes), async (c) => {
    const t0 = performance.now();
    const read = await readJson(c, "/feedback", t0, reject);
    if (read.ok === false) return read.response;
    const parsed = parseFeedbackRequest(read.body);
    if (parsed.ok !== true)
      return reject("/feedback", "POST", t0, 400, "invalid_request", parsed.issues.join("; "), parsed.issues);

    const { trace_id, value, comment } = parsed.request;
    const promptVersion = issued.get(trace_id);
    const known = promptVersion !== undefined;
    const event: FeedbackEvent = {
      trace_id,
      value,
      score: value === "up" ? 1 : 0,
      ...(comment !== undefined ? { comment: redactPii(comment) } : {}),
      ...(known ? { prompt_version: promptVersion } : {}),
      known,
      received_at: new Date().toISOString(),
    };
    for (const sink of sinks) {
      try {
        sink.feedback(event);
      } catch {
        counts.sink_errors++;
      }
    }
    counts.accepted++;
    counts[known ? "known" : "unknown"]++;
    counts[value]++;
    metrics?.count(value, promptVersion);
    const payload = {
      status: "accepted",
      trace_id,
      value,
      known,
      ...(known ? { prompt_version: promptVersion } : {}),
      ...(event.comment !== undefined ? { comment: event.comment } : {}),
      queued_for: queuedFor,
    };
    return new Response(JSON.stringify(payload), { status: 202, headers: MEDIA_JSON });
  });

  return { stats, issued };
}
