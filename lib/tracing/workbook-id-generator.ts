/**
 * Lets a root span reuse the workbook's trace id: the UUID's 32 hex digits are a valid W3C /
 * OTel trace id, so `/ask`'s `trace_id`, Langfuse, LangSmith and any OTLP backend name one trace.
 * `withTraceId` sets the id for exactly one `startSpan` call; every other id stays random.
 */
import { RandomIdGenerator, type IdGenerator } from "@opentelemetry/sdk-trace-base";
import { otelTraceId } from "../trace-id";

/** `3f0c8f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f` -> `3f0c8f5e1a2b4c3d8e9f0a1b2c3d4e5f`. */

export class WorkbookIdGenerator implements IdGenerator {
  private next?: string;
  private random = new RandomIdGenerator();

  /** Runs `start` (which starts one root span) with the trace id taken from `uuid`. */
  withTraceId<T>(uuid: string, start: () => T): T {
    const id = otelTraceId(uuid);
    this.next = /^[0-9a-f]{32}$/.test(id) && !/^0+$/.test(id) ? id : undefined;
    try {
      return start();
    } finally {
      this.next = undefined;
    }
  }

  generateTraceId(): string {
    const id = this.next ?? this.random.generateTraceId();
    this.next = undefined;
    return id;
  }

  generateSpanId(): string {
    return this.random.generateSpanId();
  }
}
