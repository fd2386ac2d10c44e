/**
 * Handing records to sinks off the request path, and flushing them with a bound. A sink that
 * throws never fails a request: the throw is counted per sink (and reported once on stderr).
 */
import type { AnswerRecord, ExportResult, RecordSink } from "../record";

/** A request that ended without an AnswerRecord (400, 413, 500): sinks that log requests implement this. */
export interface RejectedRequest {
  at: string;
  method: string;
  path: string;
  status: number;
  latency_ms: number;
  error_type: string;
  message: string;
  issues?: string[];
}

/** A RecordSink that also wants requests that produced no record. */
export interface RequestLogSink extends RecordSink {
  rejected(request: RejectedRequest): void;
}

const wantsRejected = (sink: RecordSink): sink is RequestLogSink =>
  typeof (sink as Partial<RequestLogSink>).rejected === "function";

export class SinkDispatcher {
  readonly errors: Record<string, number> = {};
  private readonly pending = new Set<Promise<void>>();

  constructor(readonly sinks: readonly RecordSink[]) {}

  /** Schedules delivery on the next turn of the event loop and returns at once. */
  record(record: AnswerRecord): void {
    this.schedule((sink) => sink.record(record));
  }

  rejected(request: RejectedRequest): void {
    this.schedule((sink) => (wantsRejected(sink) ? sink.rejected(request) : undefined));
  }

  /** Resolves when every scheduled delivery has run (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  private schedule(deliver: (sink: RecordSink) => void): void {
    const done = new Promise<void>((resolve) =>
      setImmediate(() => {
        for (const sink of this.sinks) {
          try {
            deliver(sink);
          } catch (error) {
            const count = (this.errors[sink.name] = (this.errors[sink.name] ?? 0) + 1);
            if (count === 1)
              process.stderr.write(
                `sink "${sink.name}" threw and the record was dropped for it (further failures are only counted): ${(error as Error)?.message ?? error}\n`,
              );
          }
        }
        resolve();
      }),
    );
    this.pending.add(done);
    void done.then(() => this.pending.delete(done));
  }
}

/** How much longer than a sink's own deadline the backstop waits. */
export const BACKSTOP_GRACE_MS = 250;

export interface FlushReport {
  sink: string;
  result: ExportResult;
}

/**
 * Flushes (or shuts down) every sink in parallel; each gets `timeoutMs` for its own deadline.
 * The backstop here waits a little longer (`BACKSTOP_GRACE_MS`), so a sink that honours its
 * deadline has counted what it stranded before the caller reads its losses. Never throws.
 */
export async function flushSinks(
  sinks: readonly RecordSink[],
  { timeoutMs = 3000, shutdown = false }: { timeoutMs?: number; shutdown?: boolean } = {},
): Promise<FlushReport[]> {
  return Promise.all(
    sinks.map(async (sink): Promise<FlushReport> => {
      let timer: NodeJS.Timeout | undefined;
      // A backstop for sinks that ignore their bound: a sink that honours it settles first, with its
      // own accounting of what was stranded (counted before the caller reads its losses).
      const timeout = new Promise<ExportResult>((resolve) => {
        timer = setTimeout(
          () => resolve({ code: "FAILED", error: `timed out after ${timeoutMs} ms` }),
          timeoutMs + BACKSTOP_GRACE_MS,
        );
      });
      try {
        const work = shutdown && sink.shutdown ? sink.shutdown(timeoutMs) : sink.flush(timeoutMs);
        return { sink: sink.name, result: await Promise.race([work, timeout]) };
      } catch (error) {
        return {
          sink: sink.name,
          result: { code: "FAILED", error: (error as Error)?.message ?? String(error) },
        };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
