/**
 * The OTel `BatchSpanProcessor`, counting what it drops. The stock processor drops a span when
 * its queue (`maxQueueSize`) is full and only says so through the diag logger, which nobody
 * registers: under load spans vanished with no count. This subclass counts each drop so the
 * OTLP sink can report it as `trace_export_dropped_total{sink="otel",reason="queue_full"}`.
 */
import { BatchSpanProcessor, type BufferConfig, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-base";

/** The processor internals this class reads (stable since sdk-trace-base 1.x; a test fails if they move). */
interface ProcessorInternals {
  _finishedSpans: ReadableSpan[];
  _maxQueueSize: number;
  _addToBuffer(span: ReadableSpan): void;
}

export class CountingBatchSpanProcessor extends BatchSpanProcessor {
  /** Spans dropped because the queue was full. */
  dropped = 0;

  constructor(exporter: SpanExporter, config?: BufferConfig) {
    super(exporter, config);
    const self = this as unknown as ProcessorInternals;
    if (!Array.isArray(self._finishedSpans) || typeof self._addToBuffer !== "function") {
      throw new Error("CountingBatchSpanProcessor: @opentelemetry/sdk-trace-base internals changed; drops could not be counted");
    }
    const add = self._addToBuffer.bind(this);
    self._addToBuffer = (span: ReadableSpan) => {
      if (self._finishedSpans.length >= self._maxQueueSize) this.dropped += 1;
      add(span);
    };
  }

  /** Spans waiting in the queue. */
  queued(): number {
    return (this as unknown as ProcessorInternals)._finishedSpans.length;
  }
}
