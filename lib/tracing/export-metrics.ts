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
import { Gauge, type Registry } from "prom-client";
import { scrapedCounter } from "../prometheus";
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
  // One counter sample per sink and cause, from a `losses()` map of cause → count.
  const bySinkAndReason =
    (counts: (losses: ReturnType<TracingSink["losses"]>) => Partial<Record<string, number>>) => () =>
      sinks().flatMap((s) =>
        Object.entries(counts(s.losses())).map(([reason, n]): [Record<"sink" | "reason", string>, number] => [
          { sink: s.name, reason },
          n ?? 0,
        ]),
      );
  scrapedCounter(registry, {
    name: EXPORT_METRIC_NAMES.records,
    help: "Records (one per answered request) handed to each trace sink.",
    labelNames: ["sink"],
    read: () => sinks().map((s) => [{ sink: s.name }, s.stats().records]),
  });
  scrapedCounter(registry, {
    name: EXPORT_METRIC_NAMES.items,
    help: "SDK items (Langfuse events, LangSmith run operations, OTLP spans) each trace backend accepted.",
    labelNames: ["sink"],
    read: () => sinks().map((s) => [{ sink: s.name }, s.losses().items_sent]),
  });
  scrapedCounter(registry, {
    name: EXPORT_METRIC_NAMES.dropped,
    help: "SDK items lost after the SDK took them, by cause; each lost item is counted once.",
    labelNames: ["sink", "reason"],
    read: bySinkAndReason((l) => l.items_dropped),
  });
  scrapedCounter(registry, {
    name: EXPORT_METRIC_NAMES.recordsDropped,
    help: "Whole traces never handed to the SDK, by cause.",
    labelNames: ["sink", "reason"],
    read: bySinkAndReason((l) => l.records_dropped),
  });
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
