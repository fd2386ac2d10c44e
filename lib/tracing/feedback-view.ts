/**
 * Feedback joined to its trace, read from what the local backend received: per trace id, the
 * Langfuse trace name, the `user_feedback` score and its comment, and the LangSmith
 * `user_thumbs` feedback on the same run. What a hub's UI shows beside a trace, as a table.
 */
import { LANGFUSE_FEEDBACK_SCORE, LANGSMITH_FEEDBACK_KEY } from "./feedback-sink";
import type { TraceStore } from "./trace-store";

// A type alias, not an interface, so rows pass where `Record<string, ...>` tables are taken.
export type FeedbackRow = {
  trace_id: string;
  /** The Langfuse trace name (`support-bot.ask.v1`), or "(no trace received)". */
  trace: string;
  /** Langfuse score value and data type, e.g. "0 (BOOLEAN)"; "" when none arrived. */
  langfuse_score: string;
  /** LangSmith feedback as `key=score`; "" when none arrived. */
  langsmith_feedback: string;
  /** The comment exactly as the Langfuse score carried it (redacted before it left the service). */
  comment: string;
};

export function feedbackRows(store: TraceStore, traceIds: readonly string[]): FeedbackRow[] {
  return traceIds.map((id) => {
    // Langfuse keys the trace by the UUID (legacy events) or by its 32 hex digits (OTLP).
    const trace = store.langfuseTrace(id);
    const score = trace?.scores.find((s) => s.name === LANGFUSE_FEEDBACK_SCORE);
    const feedback = store.langsmithFeedback(id).find((f) => f.key === LANGSMITH_FEEDBACK_KEY);
    return {
      trace_id: id,
      trace: typeof trace?.trace?.name === "string" ? trace.trace.name : "(no trace received)",
      langfuse_score: score ? `${score.value} (${score.dataType ?? "NUMERIC"})` : "",
      langsmith_feedback: feedback ? `${feedback.key}=${feedback.score}` : "",
      comment: typeof score?.comment === "string" ? score.comment : "",
    };
  });
}
