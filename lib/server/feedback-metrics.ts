/**
 * Prometheus series for `POST /feedback`, on the service's registry:
 * - `llm_feedback_total{value,prompt_version}`: thumbs up/down per prompt version (the version
 *   that answered; "unknown" when this process did not issue the trace);
 * - `llm_feedback_dropped_total{reason}`: feedback that never reached a hub (queue full, after
 *   shutdown, export failed), read from the feedback sinks' own counters at scrape time.
 * Labels are low-cardinality: an enum, and allow-listed prompt versions capped by `LabelGuard`.
 */
import { Counter, type Registry } from "prom-client";
import { LabelGuard, once, scrapedCounter } from "../prometheus";
import type { FeedbackSinkStats } from "../tracing/feedback-sink";

export const FEEDBACK_METRIC_NAMES = {
  feedback: "llm_feedback_total",
  dropped: "llm_feedback_dropped_total",
} as const;

export interface FeedbackMetrics {
  count(value: "up" | "down", promptVersion: string | undefined): void;
}

export function registerFeedbackMetrics(
  registry: Registry,
  sinkStats: () => FeedbackSinkStats[],
): FeedbackMetrics {
  const guard = new LabelGuard();
  const feedback = once(
    registry,
    FEEDBACK_METRIC_NAMES.feedback,
    () =>
      new Counter({
        name: FEEDBACK_METRIC_NAMES.feedback,
        help: "User feedback received on POST /feedback, by value and the prompt version that answered.",
        labelNames: ["value", "prompt_version"],
        registers: [registry],
      }),
  );
  scrapedCounter(registry, {
    name: FEEDBACK_METRIC_NAMES.dropped,
    help: "Feedback accepted by POST /feedback that was not delivered, by reason; export_failed counts once per hub that failed it.",
    labelNames: ["reason"],
    read: () => {
      const all = sinkStats();
      const sum = (pick: (s: FeedbackSinkStats) => number) => all.reduce((n, s) => n + pick(s), 0);
      return [
        [{ reason: "queue_full" }, sum((s) => s.dropped_queue_full)],
        [{ reason: "after_shutdown" }, sum((s) => s.dropped_after_shutdown)],
        [{ reason: "export_failed" }, sum((s) => Object.values(s.targets).reduce((n, t) => n + t.failed, 0))],
      ];
    },
  });
  return {
    count(value, promptVersion) {
      feedback.inc({
        value,
        prompt_version: promptVersion === undefined ? "unknown" : guard.value(promptVersion),
      });
    },
  };
}
