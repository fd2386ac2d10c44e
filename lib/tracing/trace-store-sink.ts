/**
 * The service's own copy of its traces: each redacted trace goes to the local backend's DuckDB
 * file (`traces` table), next to what the hubs received. It is what the five metrics as SQL
 * (store-metrics.ts) and `npm run eval -- --promote` read back. `record()` only queues (the
 * persistence batches, bounds and counts what it drops); `flush()` waits for the writes.
 */
import type { ExportResult, RecordSink } from "../record";
import { raceDeadline } from "./race-deadline";
import { persistTraces } from "./store-metrics";
import type { TraceStore } from "./trace-store";

export interface TraceStoreSink extends RecordSink {
  /** The DuckDB file the traces go to. */
  readonly path: string;
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
        error: `trace-store: ${fresh} row(s) dropped (${JSON.stringify(persistence.stats())})`,
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
    flush,
    shutdown: flush,
  };
}
