/**
 * Turns a `TraceAdapter` into the service's `RecordSink`. `record()` applies the contract's
 * sampling rule, then only queues (the work runs on a later tick, off the request path);
 * `flush()` and `shutdown()` never wait longer than their timeout, and losses come back as
 * counts and a FAILED result, never as thrown errors.
 */
import type { Contract } from "../contract";
import type { AnswerRecord, ExportResult, RecordSink } from "../record";
import { shouldSample } from "../sampler";
import type { Trace } from "../schema";
import type { ExportStats } from "./export-fetch";
import type { TraceAdapter } from "./trace-adapter";
import { traceSteps } from "./trace-steps";

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
}

export interface TracingSink extends RecordSink {
  readonly destination: string;
  stats(): TracingStats;
}

export interface TracingSinkOptions {
  /** Release stamped when a trace carries none. */
  release?: string;
  contract?: Contract;
  /**
   * Which traces to export. Default: `shouldSample` under the contract, decided when the request
   * has finished, so every error and slow trace is kept (dev and staging keep everything).
   */
  sample?: (trace: Trace) => boolean;
  /** Used when `flush()` / `shutdown()` get no timeout. */
  defaultTimeoutMs?: number;
  log?: (line: string) => void;
}

export function tracingSink(adapter: TraceAdapter, options: TracingSinkOptions = {}): TracingSink {
  const log = options.log ?? ((line: string) => console.warn(line));
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 5_000;
  const sample = options.sample ?? ((trace: Trace) => shouldSample(trace, options.contract));
  const counts = { records: 0, records_sampled_out: 0, records_failed: 0, records_after_shutdown: 0, records_with_warnings: 0, flush_timeouts: 0 };
  const pending = new Set<Promise<void>>();
  const once = new Set<string>();
  let closed = false;
  let reportedFailures = 0;

  const logOnce = (key: string, line: string) => {
    if (once.has(key)) return;
    once.add(key);
    log(line);
  };

  const exportRecord = async (record: AnswerRecord) => {
    try {
      const steps = traceSteps(record, { release: options.release, contract: options.contract });
      if (steps.warnings.length) {
        counts.records_with_warnings += 1;
        logOnce("warnings", `[tracing] ${adapter.name}: trace ${steps.trace_id} exported with warnings (${steps.warnings.join("; ")}). Further warnings are counted, not logged.`);
      }
      await adapter.send(steps);
    } catch (error) {
      counts.records_failed += 1;
      logOnce("send", `[tracing] ${adapter.name}: could not export a record (${(error as Error).message}). Further failures are counted, not logged.`);
    }
  };

  /** A sampler that cannot decide (e.g. an environment the contract lacks) keeps the record: losing data is worse. */
  const keep = (record: AnswerRecord) => {
    try {
      return sample(record.trace);
    } catch (error) {
      logOnce("sample", `[tracing] ${adapter.name}: sampling failed, exporting anyway (${(error as Error).message}).`);
      return true;
    }
  };

  const failures = () => counts.records_failed + adapter.stats().items_failed;

  const drain = async () => {
    while (pending.size) await Promise.all([...pending]);
    await adapter.flush();
  };

  const withDeadline = async (work: () => Promise<void>, timeoutMs: number, what: string): Promise<ExportResult> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
    const outcome = await Promise.race([
      work().then(
        () => "done" as const,
        (error: Error) => error,
      ),
      deadline,
    ]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      counts.flush_timeouts += 1;
      const stranded = `${pending.size} record(s) still being built, ${adapter.queued()} item(s) still queued in the SDK`;
      adapter.abort(`${what} deadline of ${timeoutMs} ms passed`);
      return { code: "FAILED", error: `${adapter.name}: ${what} did not finish within ${timeoutMs} ms (${stranded}); requests in flight were cancelled.` };
    }
    if (outcome instanceof Error) return { code: "FAILED", error: `${adapter.name}: ${what} failed (${outcome.message})` };
    const now = failures();
    if (now > reportedFailures) {
      const fresh = now - reportedFailures;
      reportedFailures = now;
      const loss = adapter.lossSummary()?.replace(/^\[tracing\] [^:]+: /, "");
      return { code: "FAILED", error: `${adapter.name}: ${fresh} item(s) or record(s) lost since the last flush${loss ? ` (in total: ${loss})` : ""}` };
    }
    return { code: "SUCCESS" };
  };

  return {
    name: adapter.name,
    destination: adapter.destination,
    record(record: AnswerRecord) {
      counts.records += 1;
      if (closed) {
        counts.records_after_shutdown += 1;
        logOnce("closed", `[tracing] ${adapter.name}: record after shutdown not exported (counted in records_after_shutdown).`);
        return;
      }
      if (!keep(record)) {
        counts.records_sampled_out += 1;
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
      const result = await withDeadline(async () => {
        await drain();
        await adapter.shutdown();
      }, timeoutMs, "shutdown");
      const loss = adapter.lossSummary();
      if (loss) log(loss);
      return result;
    },
    stats: () => ({ ...adapter.stats(), ...counts }),
  };
}
