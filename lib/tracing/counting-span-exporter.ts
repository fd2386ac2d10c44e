/**
 * Wraps an OTLP span exporter and counts what each export call achieved, from the exporter's
 * own result callback: the OTLP exporter sends over node:http, not fetch, so the export fetch
 * cannot see it, and the callback is the one place failures surface. The counts are the
 * adapter's `ExportStats`, so drops are reported like the other hubs'.
 */
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { DropReason, ExportStats } from "./export-fetch";

export interface CountingSpanExporter extends SpanExporter {
  stats(): ExportStats;
  /** Spans handed to the exporter whose export has not answered yet. */
  inFlight(): number;
  /**
   * A deadline passed: the spans still on the wire are counted as lost (`cancelled`) now, and
   * their exports' late answers are ignored, so nothing is counted twice.
   */
  abandon(): number;
}

export function countingSpanExporter(
  inner: SpanExporter,
  options: { name: string; destination: string; log?: (line: string) => void },
): CountingSpanExporter {
  const log = options.log ?? ((line: string) => console.warn(line));
  const stats: ExportStats = { requests: 0, requests_failed: 0, retries: 0, items_sent: 0, items_failed: 0 };
  const dropped: Partial<Record<DropReason, number>> = {};
  const drop = (reason: DropReason, n: number) => {
    stats.items_failed += n;
    dropped[reason] = (dropped[reason] ?? 0) + n;
  };
  const open = new Set<{ spans: number }>();
  let logged = false;
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      stats.requests += 1;
      const batch = { spans: spans.length };
      open.add(batch);
      inner.export(spans, (result) => {
        // An abandoned batch was already counted as cancelled.
        if (open.delete(batch)) {
          if (result.code === ExportResultCode.SUCCESS) stats.items_sent += spans.length;
          else {
            stats.requests_failed += 1;
            drop("export_failed", spans.length);
            stats.last_error = result.error?.message ?? "export failed";
            if (!logged) {
              logged = true;
              log(
                `[tracing] ${options.name}: export to ${options.destination} failed (${stats.last_error}); ${spans.length} span(s) dropped. Further failures are counted, not logged: see stats().`,
              );
            }
          }
        }
        done(result);
      });
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
    stats: () => ({ ...stats, items_dropped: { ...dropped } }),
    inFlight: () => [...open].reduce((n, b) => n + b.spans, 0),
    abandon() {
      let n = 0;
      for (const batch of open) n += batch.spans;
      open.clear();
      if (n) drop("cancelled", n);
      return n;
    },
  };
}
