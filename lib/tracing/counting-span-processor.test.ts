import { BasicTracerProvider, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { CountingBatchSpanProcessor } from "./counting-span-processor";

describe("CountingBatchSpanProcessor", () => {
  it("counts the spans the stock processor drops silently when its queue is full", async () => {
    const exported: ReadableSpan[] = [];
    const exporter: SpanExporter = {
      export: (spans, done) => (exported.push(...spans), done({ code: 0 })),
      shutdown: async () => undefined,
    };
    const processor = new CountingBatchSpanProcessor(exporter, {
      maxQueueSize: 10,
      maxExportBatchSize: 10,
      scheduledDelayMillis: 60_000,
    });
    const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer("t");
    for (let i = 0; i < 25; i++) tracer.startSpan(`s${i}`).end();
    await processor.forceFlush();
    expect(exported.length + processor.dropped).toBe(25);
    expect(processor.dropped).toBeGreaterThan(0);
  });
});
