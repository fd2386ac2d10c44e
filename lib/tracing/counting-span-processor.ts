/**
 * Counting what an OTel `BatchSpanProcessor` drops. The stock processor drops a span when its
 * queue (`maxQueueSize`) is full and only says so through the diag logger, which nobody
 * registers: under load spans vanished with no count. `countQueueDrops` counts each drop on any
 * instance (ours, or the one inside Langfuse's `LangfuseSpanProcessor`), so the sink can report
 * it as `trace_export_dropped_total{reason="queue_full"}`.
 */
import {
  BatchSpanProcessor,
  type BufferConfig,
  type ReadableSpan,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import type { ExportStats } from "./export-fetch";

/** The processor internals read here (stable since sdk-trace-base 1.x; a test fails if they move). */
interface ProcessorInternals {
  _finishedSpans: ReadableSpan[];
  _maxQueueSize: number;
  _addToBuffer(span: ReadableSpan): void;
}

export interface QueueDrops {
  /** Spans dropped because the queue was full. */
  dropped(): number;
  /** Spans waiting in the queue. */
  queued(): number;
}

export class SpanProcessorInternalsError extends Error {
  override name = "SpanProcessorInternalsError";
}

export function countQueueDrops(processor: BatchSpanProcessor): QueueDrops {
  const self = processor as unknown as ProcessorInternals;
  if (!Array.isArray(self._finishedSpans) || typeof self._addToBuffer !== "function") {
    throw new SpanProcessorInternalsError(
      "@opentelemetry/sdk-trace-base internals changed: a BatchSpanProcessor's drops could not be counted",
    );
  }
  let dropped = 0;
  const add = self._addToBuffer.bind(processor);
  self._addToBuffer = (span: ReadableSpan) => {
    if (self._finishedSpans.length >= self._maxQueueSize) dropped += 1;
    add(span);
  };
  return { dropped: () => dropped, queued: () => self._finishedSpans.length };
}

/** A `BatchSpanProcessor` that counts its queue drops. */
export class CountingBatchSpanProcessor extends BatchSpanProcessor {
  private readonly drops: QueueDrops;
  constructor(exporter: SpanExporter, config?: BufferConfig) {
    super(exporter, config);
    this.drops = countQueueDrops(this);
  }
  get dropped(): number {
    return this.drops.dropped();
  }
  queued(): number {
    return this.drops.queued();
  }
}

/** An exporter's stats with the processor's queue drops added: lost spans, by cause. */
export function withQueueDrops(stats: ExportStats, queueFull: number): ExportStats {
  if (!queueFull) return stats;
  return {
    ...stats,
    items_failed: stats.items_failed + queueFull,
    items_dropped: { ...stats.items_dropped, queue_full: queueFull },
  };
}

/** One line for the losses `withQueueDrops` counted, or undefined. */
export function spanLossSummary(name: string, stats: ExportStats, queueFull: number): string | undefined {
  const lost = stats.items_failed + queueFull;
  if (!lost) return undefined;
  return `[tracing] ${name}: ${lost} span(s) dropped (${queueFull} at the full queue), ${stats.requests_failed} of ${stats.requests} export(s) failed${stats.last_error ? ` (last: ${stats.last_error})` : ""}.`;
}
