/**
 * Turns a `TraceAdapter` into the service's `RecordSink`. `record()` applies the contract's
 * sampling rule, then only queues (the work runs on a later tick, off the request path);
 * `flush()` and `shutdown()` never wait longer than their timeout, and losses come back as
 * counts and a FAILED result, never as thrown errors.
 */
import { logOnceWith } from "./log-once";
import type { Contract } from "../contract";
import type { AnswerRecord, ExportResult, RecordSink } from "../record";
import { shouldSample } from "../sampler";
import type { Trace } from "../schema";
import type { ExportStats } from "./export-fetch";
import type { TraceAdapter } from "./trace-adapter";
import { traceSteps } from "./trace-steps";
import { raceDeadline } from "./race-deadline";

export interface TracingStats extends ExportStats {
  /** Records handed to `record()`. */
  records: number;
  /** Records the sampling rule left out (production's head sample); never errors or slow traces. */
  records_sampled_out: number;
  /** Records the adapter could not turn into SDK calls (bad data, SDK exception). */
  records_failed: number;
  /** Records that arrived after `shutdown()` and were not exported. */
  records_after_shutdown: number;
  /** Records exported with a warning (e.g. a bad timestamp replaced by the request start). */
  records_with_warnings: number;
  flush_timeouts: number;
  /** Whole traces never handed to the SDK, by cause (each counted once). */
  records_dropped: Partial<Record<RecordDropReason, number>>;
  /** Records waiting to be built now, and the bound. */
  records_pending: number;
  max_pending_records: number;
}

/**
 * Why a whole trace never reached the SDK: `queue_full` (more than `maxPendingRecords` waiting,
 * or the SDK already holds `maxQueuedItems`), `build_failed` (the adapter threw),
 * `after_shutdown`, or `shutdown_deadline` (still waiting when the shutdown deadline passed).
 */
export type RecordDropReason = "queue_full" | "build_failed" | "after_shutdown" | "shutdown_deadline";

/** What one sink lost in total, by number and cause: the shutdown line and `/healthz` print this. */
export interface LossReport {
  sink: string;
  records: number;
  items_sent: number;
  /** SDK items lost after the SDK took them (see `DropReason`), plus items stranded at the shutdown deadline. */
  items_dropped: Record<string, number>;
  records_dropped: Record<string, number>;
  /** True when nothing was dropped for any reason. */
  complete: boolean;
}

export interface TracingSink extends RecordSink {
  readonly destination: string;
  stats(): TracingStats;
  losses(): LossReport;
}

export interface TracingSinkOptions {
  /** Release stamped when a trace carries none. */
  release?: string;
  /** The contract whose sampling rule, span names and tags the exported traces follow. */
  contract: Contract;
  /**
   * Which traces to export. Default: `shouldSample` under the contract, decided when the request
   * has finished, so every error and slow trace is kept (dev and staging keep everything).
   */
  sample?: (trace: Trace) => boolean;
  /** Used when `flush()` / `shutdown()` get no timeout. */
  defaultTimeoutMs?: number;
  /** Records waiting to be turned into SDK calls; beyond this they are dropped (`queue_full`). Default 256. */
  maxPendingRecords?: number;
  /** When the SDK reports this many items queued (`adapter.queued()`), new records are dropped (`queue_full`). Default 5,000. */
  maxQueuedItems?: number;
  log?: (line: string) => void;
}

export function tracingSink(adapter: TraceAdapter, options: TracingSinkOptions): TracingSink {
  const log = options.log ?? ((line: string) => console.warn(line));
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 5_000;
  const sample = options.sample ?? ((trace: Trace) => shouldSample(trace, options.contract));
  const maxPendingRecords = options.maxPendingRecords ?? 256;
  const maxQueuedItems = options.maxQueuedItems ?? 5_000;
  const counts = {
    records: 0,
    records_sampled_out: 0,
    records_with_warnings: 0,
    flush_timeouts: 0,
  };
  const recordsDropped: Partial<Record<RecordDropReason, number>> = {};
  let itemsStranded = 0;
  const dropRecords = (reason: RecordDropReason, n = 1) =>
    void (recordsDropped[reason] = (recordsDropped[reason] ?? 0) + n);
  const pending = new Set<Promise<void>>();
  let closed = false;
  let reportedFailures = 0;

  const logOnce = logOnceWith(log);

  const exportRecord = async (record: AnswerRecord) => {
    try {
      const steps = traceSteps(record, { release: options.release, contract: options.contract });
      if (steps.warnings.length) {
        counts.records_with_warnings += 1;
        logOnce(
          "warnings",
          `[tracing] ${adapter.name}: trace ${steps.trace_id} exported with warnings (${steps.warnings.join("; ")}). Further warnings are counted, not logged.`,
        );
      }
      await adapter.send(steps);
    } catch (error) {
      dropRecords("build_failed");
      logOnce(
        "send",
        `[tracing] ${adapter.name}: could not export a record (${(error as Error).message}). Further failures are counted, not logged.`,
      );
    }
  };

  /** A sampler that cannot decide (e.g. an environment the contract lacks) keeps the record: losing data is worse. */
  const keep = (record: AnswerRecord) => {
    try {
      return sample(record.trace);
    } catch (error) {
      logOnce(
        "sample",
        `[tracing] ${adapter.name}: sampling failed, exporting anyway (${(error as Error).message}).`,
      );
      return true;
    }
  };

  const failures = () => {
    const records =
      Object.values(recordsDropped).reduce((a, b) => a + (b ?? 0), 0) - (recordsDropped.after_shutdown ?? 0);
    return records + adapter.stats().items_failed + itemsStranded;
  };

  const drain = async () => {
    while (pending.size) await Promise.all([...pending]);
    await adapter.flush();
  };

  const withDeadline = async (
    work: () => Promise<void>,
    timeoutMs: number,
    what: string,
  ): Promise<ExportResult> => {
    const outcome = await raceDeadline(work, timeoutMs);
    if (outcome === "timeout") {
      counts.flush_timeouts += 1;
      const queued = adapter.queued();
      const stranded = `${pending.size} record(s) still being built, ${queued} item(s) still queued in the SDK`;
      if (what === "shutdown") {
        // Nothing will send these after shutdown: they are lost, and counted here once.
        // (Requests already on the wire are cut by abort() and counted there as `cancelled`.)
        dropRecords("shutdown_deadline", pending.size);
        itemsStranded += queued;
        reportedFailures = failures();
      }
      adapter.abort(`${what} deadline of ${timeoutMs} ms passed`);
      return {
        code: "FAILED",
        error: `${adapter.name}: ${what} did not finish within ${timeoutMs} ms (${stranded}); requests in flight were cancelled.`,
      };
    }
    if (outcome instanceof Error)
      return { code: "FAILED", error: `${adapter.name}: ${what} failed (${outcome.message})` };
    const now = failures();
    if (now > reportedFailures) {
      const fresh = now - reportedFailures;
      reportedFailures = now;
      const loss = adapter.lossSummary()?.replace(/^\[tracing\] [^:]+: /, "");
      return {
        code: "FAILED",
        error: `${adapter.name}: ${fresh} item(s) or record(s) lost since the last flush${loss ? ` (in total: ${loss})` : ""}`,
      };
    }
    return { code: "SUCCESS" };
  };

  return {
    name: adapter.name,
    destination: adapter.destination,
    record(record: AnswerRecord) {
      counts.records += 1;
      if (closed) {
        dropRecords("after_shutdown");
        logOnce(
          "closed",
          `[tracing] ${adapter.name}: record after shutdown not exported (counted in records_after_shutdown).`,
        );
        return;
      }
      if (!keep(record)) {
        counts.records_sampled_out += 1;
        return;
      }
      // Bounded: a slow or dead backend must not let records (or the SDK's queue) grow without limit.
      if (pending.size >= maxPendingRecords || adapter.queued() >= maxQueuedItems) {
        dropRecords("queue_full");
        logOnce(
          "queue_full",
          `[tracing] ${adapter.name}: export queue full (${pending.size} record(s) waiting, ${adapter.queued()} item(s) in the SDK); dropping records and counting them in records_dropped.queue_full.`,
        );
        return;
      }
      const job: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => exportRecord(record))
        .finally(() => pending.delete(job));
      pending.add(job);
    },
    flush(timeoutMs = defaultTimeoutMs) {
      return withDeadline(drain, timeoutMs, "flush");
    },
    async shutdown(timeoutMs = defaultTimeoutMs) {
      closed = true;
      const result = await withDeadline(
        async () => {
          await drain();
          await adapter.shutdown();
        },
        timeoutMs,
        "shutdown",
      );
      const loss = adapter.lossSummary();
      if (loss) log(loss);
      return result;
    },
    stats: () => ({
      ...adapter.stats(),
      ...counts,
      // Views of the drop counts, under the names the stats have always had.
      records_failed: recordsDropped.build_failed ?? 0,
      records_after_shutdown: recordsDropped.after_shutdown ?? 0,
      records_dropped: { ...recordsDropped },
      records_pending: pending.size,
      max_pending_records: maxPendingRecords,
    }),
    losses(): LossReport {
      const exported = adapter.stats();
      const items: Record<string, number> = { ...(exported.items_dropped ?? {}) } as Record<string, number>;
      // Adapters that do not classify their losses (items_failed without causes) still count.
      const classified = Object.values(items).reduce((a, b) => a + b, 0);
      if (exported.items_failed > classified) items.export_failed = exported.items_failed - classified;
      if (itemsStranded) items.shutdown_deadline = itemsStranded;
      const records = Object.fromEntries(
        Object.entries(recordsDropped).filter(([, n]) => (n ?? 0) > 0),
      ) as Record<string, number>;
      const nonzero = Object.fromEntries(Object.entries(items).filter(([, n]) => n > 0));
      return {
        sink: adapter.name,
        records: counts.records,
        items_sent: exported.items_sent,
        items_dropped: nonzero,
        records_dropped: records,
        complete: Object.keys(nonzero).length === 0 && Object.keys(records).length === 0,
      };
    },
  };
}
