/**
 * Export and drop counters for the trace sinks, read from each sink's stats when Prometheus
 * scrapes (so they can never disagree with `/healthz`):
 * - `trace_export_records_total{sink}`: records (one per answered request) handed to the sink;
 * - `trace_export_items_total{sink}`: SDK items (Langfuse events, LangSmith run operations,
 *   OTLP spans) the backend accepted;
 * - `trace_export_dropped_total{sink,reason}`: SDK items lost, by cause (`DropReason`, plus
 *   `shutdown_deadline` for items still queued when the process had to exit);
 * - `trace_export_records_dropped_total{sink,reason}`: whole traces never handed to the SDK;
 * - `trace_export_records_pending{sink}`: records waiting to be built right now.
 */
import { Counter, Gauge, type Registry } from "prom-client";
import type { TracingSink } from "./tracing-sink";

export const EXPORT_METRIC_NAMES = {
  records: "trace_export_records_total",
  items: "trace_export_items_total",
  dropped: "trace_export_dropped_total",
  recordsDropped: "trace_export_records_dropped_total",
  pending: "trace_export_records_pending",
} as const;

/** Registers the counters on `registry`; `sinks()` is read at every scrape. */
export function registerExportMetrics(registry: Registry, sinks: () => readonly TracingSink[]): void {
  if (registry.getSingleMetric(EXPORT_METRIC_NAMES.items)) return;
  const registers = [registry];
  // Counters whose value is set at scrape time from the sinks' own monotonic counts.
  const mirrored = <L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    read: (sink: TracingSink) => [Record<L, string>, number][],
  ) =>
    new Counter<L>({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        for (const sink of sinks())
          for (const [labels, value] of read(sink)) this.inc(labels as never, value);
      },
    });
  mirrored(
    EXPORT_METRIC_NAMES.records,
    "Records (one per answered request) handed to each trace sink.",
    ["sink"],
    (s) => [[{ sink: s.name }, s.stats().records]],
  );
  mirrored(
    EXPORT_METRIC_NAMES.items,
    "SDK items (Langfuse events, LangSmith run operations, OTLP spans) each trace backend accepted.",
    ["sink"],
    (s) => [[{ sink: s.name }, s.losses().items_sent]],
  );
  mirrored(
    EXPORT_METRIC_NAMES.dropped,
    "SDK items lost after the SDK took them, by cause; each lost item is counted once.",
    ["sink", "reason"],
    (s) => Object.entries(s.losses().items_dropped).map(([reason, n]) => [{ sink: s.name, reason }, n]),
  );
  mirrored(
    EXPORT_METRIC_NAMES.recordsDropped,
    "Whole traces never handed to the SDK, by cause.",
    ["sink", "reason"],
    (s) => Object.entries(s.losses().records_dropped).map(([reason, n]) => [{ sink: s.name, reason }, n]),
  );
  new Gauge({
    name: EXPORT_METRIC_NAMES.pending,
    help: "Records waiting to be turned into SDK calls, per trace sink (bounded).",
    labelNames: ["sink"],
    registers,
    collect() {
      this.reset();
      for (const sink of sinks()) this.set({ sink: sink.name }, sink.stats().records_pending);
    },
  });
}

/** Is this record sink a tracing sink (has stats and losses)? */
export const isTracingSink = (sink: { name: string }): sink is TracingSink =>
  typeof (sink as Partial<TracingSink>).losses === "function" &&
  typeof (sink as Partial<TracingSink>).stats === "function";
