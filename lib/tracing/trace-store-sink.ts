/**
 * The service's own copy of its traces: each redacted trace goes to the local backend's DuckDB
 * file (`traces` table), next to what the hubs received. It is what the five metrics as SQL
 * (store-metrics.ts) and `npm run eval -- --promote` read back. `record()` only queues (the
 * persistence batches, bounds and counts what it drops); `flush()` waits for the writes.
 */
import type { Registry } from "prom-client";
import { scrapedCounter } from "../prometheus";
import type { ExportResult, RecordSink } from "../record";
import type { PersistenceStats } from "./duckdb-persistence";
import { raceDeadline } from "./race-deadline";
import { persistTraces } from "./store-metrics";
import type { TraceStore } from "./trace-store";

export interface TraceStoreSink extends RecordSink {
  /** The DuckDB file the traces go to. */
  readonly path: string;
  /** The file's row counts (received events and traces alike): written, dropped, failed writes, pending. */
  stats(): PersistenceStats & { path: string };
}

export const isTraceStoreSink = (sink: RecordSink): sink is TraceStoreSink =>
  sink.name === "trace-store" && typeof (sink as Partial<TraceStoreSink>).stats === "function";

/** `trace_store_rows_written_total` and `trace_store_rows_dropped_total`, read from the store at each scrape. */
export function registerTraceStoreMetrics(registry: Registry, sink: TraceStoreSink): void {
  scrapedCounter(registry, {
    name: "trace_store_rows_written_total",
    help: "Rows (received events, traces) written to the local trace store.",
    read: () => sink.stats().rows_written,
  });
  scrapedCounter(registry, {
    name: "trace_store_rows_dropped_total",
    help: "Rows the local trace store could not keep (queue full, failed write, closed), each counted once.",
    read: () => sink.stats().rows_dropped,
  });
}

export function traceStoreSink(store: TraceStore, { defaultTimeoutMs = 5_000 } = {}): TraceStoreSink {
  const persistence = store.persistence;
  if (!persistence) throw new Error("traceStoreSink: the trace store keeps no DuckDB file (dir: null)");
  let reported = 0;
  const flush = async (timeoutMs = defaultTimeoutMs): Promise<ExportResult> => {
    const outcome = await raceDeadline(() => persistence.flush(), timeoutMs);
    if (outcome === "timeout")
      return { code: "FAILED", error: `trace-store: writes did not finish within ${timeoutMs} ms` };
    if (outcome instanceof Error) return { code: "FAILED", error: `trace-store: ${outcome.message}` };
    // Rows the persistence dropped (queue full, write errors) are this sink's losses: say so once per flush.
    const dropped = persistence.stats().rows_dropped;
    if (dropped > reported) {
      const fresh = dropped - reported;
      reported = dropped;
      return {
        code: "FAILED",
        error: `trace-store: ${fresh} row(s) (received events and traces) dropped (${JSON.stringify(persistence.stats())})`,
      };
    }
    return { code: "SUCCESS" };
  };
  return {
    name: "trace-store",
    get path() {
      return persistence.path;
    },
    record(record) {
      persistTraces(store, [record.trace]);
    },
    stats: () => ({ path: persistence.path, ...persistence.stats() }),
    flush,
    shutdown: flush,
  };
}
