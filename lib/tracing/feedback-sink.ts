/**
 * Where `POST /feedback` goes: a bounded queue in front of the trace hubs' feedback APIs (a
 * Langfuse score, a LangSmith feedback). `feedback()` only queues and returns; delivery runs on
 * a later tick, off the request path. A full queue drops the newest feedback and counts it;
 * failed deliveries are counted per hub and logged once; `flush()` / `shutdown()` never wait
 * longer than their bound and report losses as a FAILED result, never as a throw.
 *
 * A feedback sink is also a `RecordSink` (with a no-op `record`), so it rides in the service's
 * sink list: listed in `/healthz`, flushed at shutdown like the trace sinks.
 */
import { logOnceWith } from "./log-once";
import type { AnswerRecord, ExportResult, RecordSink } from "../record";
import type { ExportStats } from "./export-fetch";
import { raceDeadline } from "./race-deadline";

/** A user's thumbs up or down. */
export type FeedbackValue = "up" | "down";

/** One thumbs up/down, as it leaves the route: the comment is already redacted. */
export interface FeedbackEvent {
  /** Lower-case UUID, as `/ask` returned it. */
  trace_id: string;
  value: FeedbackValue;
  /** 1 for up, 0 for down: Langfuse BOOLEAN score value and LangSmith feedback score. */
  score: 0 | 1;
  comment?: string;
  /** The prompt version that answered, when this process issued the trace. */
  prompt_version?: string;
  /** Whether this process issued the trace (false: it may live in another replica or hub). */
  known: boolean;
  received_at: string;
}

/**
 * One score on a trace, as both hubs' feedback APIs take it: a Langfuse score (`score-create`)
 * and a LangSmith feedback on the run. User thumbs and the eval gate's quality both travel as one.
 */
export interface HubScore {
  /** Lower-case UUID, the workbook trace_id (each target maps it to its hub's id). */
  trace_id: string;
  /** Langfuse score name and LangSmith feedback key. */
  name: { langfuse: string; langsmith: string };
  /** BOOLEAN: 1 or 0 (Langfuse's boolean scores); NUMERIC: any number (the quality proxy's 0-100). */
  data_type: "BOOLEAN" | "NUMERIC";
  value: number;
  /** LangSmith's categorical `value` beside the score (e.g. "down"). */
  label?: string;
  /** Already redacted by the caller; the targets redact again (idempotent). */
  comment?: string;
  metadata: Record<string, unknown>;
}

export const LANGFUSE_FEEDBACK_SCORE = "user_feedback";
export const LANGSMITH_FEEDBACK_KEY = "user_thumbs";

/** A thumbs up/down as the score both hubs receive. */
export const userFeedbackScore = (event: FeedbackEvent): HubScore => ({
  trace_id: event.trace_id,
  name: { langfuse: LANGFUSE_FEEDBACK_SCORE, langsmith: LANGSMITH_FEEDBACK_KEY },
  data_type: "BOOLEAN",
  value: event.score,
  label: event.value,
  ...(event.comment !== undefined ? { comment: event.comment } : {}),
  metadata: { value: event.value, prompt_version: event.prompt_version ?? null, known_trace: event.known },
});

/** One hub's feedback API. `send` may only enqueue in the SDK (Langfuse) or post (LangSmith). */
export interface FeedbackTarget {
  name: string;
  destination: string;
  send(score: HubScore): Promise<void>;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
  /** The export fetch's counters: items the hub accepted and items lost. */
  exportStats(): ExportStats;
  abort(reason: string): void;
}

export interface FeedbackTargetStats {
  destination: string;
  /** Feedback items the hub accepted. */
  sent: number;
  /** Feedback lost for this hub: the SDK threw, the request failed after retries, or the hub rejected it. */
  failed: number;
}

export interface FeedbackSinkStats {
  received: number;
  queued: number;
  /** Dropped because `maxQueue` feedback items were already waiting. */
  dropped_queue_full: number;
  /** Arrived after `shutdown()`. */
  dropped_after_shutdown: number;
  flush_timeouts: number;
  targets: Record<string, FeedbackTargetStats>;
}

export interface FeedbackSink extends RecordSink {
  /** Queues a user's thumbs up/down (as `userFeedbackScore`). */
  feedback(event: FeedbackEvent): void;
  /** Queues any other score on a trace, e.g. the eval gate's quality. */
  score(score: HubScore): void;
  stats(): FeedbackSinkStats;
}

export const isFeedbackSink = (sink: RecordSink): sink is FeedbackSink =>
  typeof (sink as Partial<FeedbackSink>).feedback === "function";

export interface FeedbackSinkOptions {
  /** Feedback items waiting or in flight before new ones are dropped (default 1000). */
  maxQueue?: number;
  /** Items delivered at the same time (default 4). */
  concurrency?: number;
  defaultTimeoutMs?: number;
  log?: (line: string) => void;
}

export const DEFAULT_FEEDBACK_QUEUE = 1000;

export function feedbackSink(
  targets: readonly FeedbackTarget[],
  options: FeedbackSinkOptions = {},
): FeedbackSink {
  const { maxQueue = DEFAULT_FEEDBACK_QUEUE, concurrency = 4, defaultTimeoutMs = 5_000 } = options;
  const log = options.log ?? ((line: string) => console.warn(line));
  const counts = { received: 0, dropped_queue_full: 0, dropped_after_shutdown: 0, flush_timeouts: 0 };
  const thrown: Record<string, number> = Object.fromEntries(targets.map((t) => [t.name, 0]));
  const queue: HubScore[] = [];
  const pending = new Set<Promise<void>>();
  let closed = false;
  let reportedLoss = 0;

  const logOnce = logOnceWith(log);

  const deliver = async (score: HubScore) => {
    await Promise.all(
      targets.map((target) =>
        target.send(score).catch((error: Error) => {
          thrown[target.name] += 1;
          logOnce(
            `send:${target.name}`,
            `[feedback] ${target.name}: could not send score ${score.name.langfuse} for trace ${score.trace_id} (${error?.message ?? error}). Further failures are counted, not logged.`,
          );
        }),
      ),
    );
  };

  const pump = () => {
    while (queue.length && pending.size < concurrency) {
      const score = queue.shift()!;
      const job: Promise<void> = deliver(score).finally(() => {
        pending.delete(job);
        pump();
      });
      pending.add(job);
    }
  };

  const stats = (): FeedbackSinkStats => ({
    ...counts,
    queued: queue.length + pending.size,
    targets: Object.fromEntries(
      targets.map((t) => {
        const e = t.exportStats();
        return [
          t.name,
          { destination: t.destination, sent: e.items_sent, failed: e.items_failed + thrown[t.name] },
        ];
      }),
    ),
  });
  const lost = () => {
    const s = stats();
    return (
      s.dropped_queue_full +
      s.dropped_after_shutdown +
      Object.values(s.targets).reduce((n, t) => n + t.failed, 0)
    );
  };

  const drain = async () => {
    while (queue.length || pending.size) {
      pump();
      await Promise.all([...pending]);
    }
    await Promise.all(targets.map((t) => t.flush()));
  };

  const withDeadline = async (
    work: () => Promise<void>,
    timeoutMs: number,
    what: string,
  ): Promise<ExportResult> => {
    const outcome = await raceDeadline(work, timeoutMs);
    if (outcome === "timeout") {
      counts.flush_timeouts += 1;
      for (const t of targets) t.abort(`feedback ${what} deadline of ${timeoutMs} ms passed`);
      return {
        code: "FAILED",
        error: `feedback: ${what} did not finish within ${timeoutMs} ms (${queue.length + pending.size} item(s) still queued)`,
      };
    }
    if (outcome instanceof Error)
      return { code: "FAILED", error: `feedback: ${what} failed (${outcome.message})` };
    const now = lost();
    if (now > reportedLoss) {
      const fresh = now - reportedLoss;
      reportedLoss = now;
      return {
        code: "FAILED",
        error: `feedback: ${fresh} feedback item(s) lost since the last flush (${JSON.stringify(stats())})`,
      };
    }
    return { code: "SUCCESS" };
  };

  return {
    name: "feedback",
    score(score) {
      counts.received += 1;
      if (closed) {
        counts.dropped_after_shutdown += 1;
        logOnce("closed", "[feedback] feedback after shutdown not sent (counted in dropped_after_shutdown).");
        return;
      }
      if (queue.length + pending.size >= maxQueue) {
        counts.dropped_queue_full += 1;
        logOnce(
          "full",
          `[feedback] queue full (${maxQueue} waiting): feedback dropped and counted in dropped_queue_full.`,
        );
        return;
      }
      queue.push(score);
      if (queue.length === 1) setImmediate(pump);
    },
    feedback(event) {
      this.score(userFeedbackScore(event));
    },
    record(_record: AnswerRecord) {
      // Traces go to the trace sinks; this sink only carries feedback.
    },
    flush(timeoutMs = defaultTimeoutMs) {
      return withDeadline(drain, timeoutMs, "flush");
    },
    async shutdown(timeoutMs = defaultTimeoutMs) {
      closed = true;
      return withDeadline(
        async () => {
          await drain();
          await Promise.all(targets.map((t) => t.shutdown()));
        },
        timeoutMs,
        "shutdown",
      );
    },
    stats,
  };
}
