/**
 * The contract between the service's records and a trace hub: an adapter takes one request's
 * `TraceSteps` and hands them to its SDK (Langfuse, LangSmith, OpenTelemetry), which batches
 * and sends them in the background. `tracingSink` turns any adapter into a `RecordSink`.
 */
import type { ExportStats } from "./export-fetch";
import type { TraceSteps } from "./trace-steps";

export interface TraceAdapter {
  /** `langfuse`, `langsmith` or `otel`. */
  readonly name: string;
  /** Where the SDK sends, e.g. `http://127.0.0.1:41234` or `https://cloud.langfuse.com`. */
  readonly destination: string;
  /** Builds the SDK objects for one request. Redaction happens in here, before the SDK sees a value. */
  send(steps: TraceSteps): Promise<void>;
  /** Sends everything the SDK has queued; resolves when the requests have completed. */
  flush(): Promise<void>;
  /** Final flush, then the SDK releases its timers. */
  shutdown(): Promise<void>;
  /** Items queued inside the SDK and not yet on the wire (best effort; 0 when unknown). */
  queued(): number;
  stats(): ExportStats;
  /** Cancels requests in flight: a flush deadline passed. */
  abort(reason?: string): void;
  /** One line describing what was lost, or undefined. */
  lossSummary(): string | undefined;
}
