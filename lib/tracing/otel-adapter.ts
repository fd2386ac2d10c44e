/**
 * OpenTelemetry adapter: the same request as OTLP/HTTP JSON spans under the GenAI semantic
 * conventions (see `gen-ai-spans.ts`): a SERVER root span named after the trace, then
 * `retrieval knowledge_base`, `execute_tool <tool>` and `chat <model>` children, with the
 * pipeline markers as span events. Phoenix, Jaeger, Tempo and Langfuse's OTel endpoint all read
 * these. The provider is private (never registered globally), so it cannot capture or disturb
 * anyone else's spans, and the root span reuses the workbook's trace id.
 *
 * With no `url`, the OTLP exporter reads its own `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` /
 * `OTEL_EXPORTER_OTLP_ENDPOINT`, `..._HEADERS` and `..._TIMEOUT` variables.
 */
import { context, trace, SpanKind, SpanStatusCode, type Attributes } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { countingSpanExporter } from "./counting-span-exporter";
import { CountingBatchSpanProcessor, spanLossSummary, withQueueDrops } from "./counting-span-processor";
import { ERROR_TYPE, ERROR_TYPE_OTHER } from "./gen-ai-attributes";
import { errorAttributes, genAiSpans } from "./gen-ai-spans";
import { exportUserId, redactForExport, type RedactionOptions } from "./redaction-hooks";
import type { TraceAdapter } from "./trace-adapter";
import { knownUsage, type TraceSteps } from "./trace-steps";
import { WorkbookIdGenerator } from "./workbook-id-generator";

export interface OtelAdapterOptions extends RedactionOptions {
  /** Full OTLP traces URL, e.g. `http://127.0.0.1:4318/v1/traces`; omitted: the exporter reads `OTEL_EXPORTER_OTLP_*`. */
  url?: string;
  headers?: Record<string, string>;
  serviceName?: string;
  environment?: string;
  release?: string;
  timeoutMs?: number;
  /** Record redacted prompts, completions, tool arguments/results and the retrieval query (default true). */
  recordContent?: boolean;
  log?: (line: string) => void;
}

export function createOtelAdapter(options: OtelAdapterOptions): TraceAdapter {
  const redaction: RedactionOptions = { hashKey: options.hashKey };
  const clean = <T>(value: T): T => redactForExport(value, redaction);
  const recordContent = options.recordContent !== false;
  const destination = options.url ?? "OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT";

  const otlp = new OTLPTraceExporter({
    url: options.url,
    headers: options.headers,
    timeoutMillis: options.timeoutMs,
  });
  const exporter = countingSpanExporter(otlp, { name: "otel", destination, log: options.log });
  const ids = new WorkbookIdGenerator();
  // Bounded queue (2,048 spans), drops counted: see CountingBatchSpanProcessor.
  const processor = new CountingBatchSpanProcessor(exporter, {
    scheduledDelayMillis: 1_000,
    exportTimeoutMillis: options.timeoutMs ?? 10_000,
    maxQueueSize: 2_048,
  });
  const provider = new BasicTracerProvider({
    idGenerator: ids,
    resource: resourceFromAttributes({
      "service.name": options.serviceName ?? "support-bot",
      "service.version": options.release ?? "unknown",
      "deployment.environment.name": options.environment ?? "dev",
    }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer("llm-observability-workbook");

  const metadataAttributes = (steps: TraceSteps): Attributes => {
    const out: Attributes = {};
    for (const [k, v] of Object.entries(clean(steps.metadata))) out[`metadata.${k}`] = v;
    return out;
  };

  return {
    name: "otel",
    destination,
    async send(steps: TraceSteps) {
      const meta = metadataAttributes(steps);
      const user = exportUserId(steps.user_id_hash, redaction);
      const root = ids.withTraceId(steps.trace_id, () =>
        tracer.startSpan(steps.name, {
          kind: SpanKind.SERVER,
          startTime: steps.start,
          attributes: {
            ...meta,
            "workbook.trace_id": steps.trace_id,
            ...(user ? { "user.id": user } : {}),
            "workbook.tags": clean(steps.tags),
            ...(recordContent
              ? { "input.value": clean(steps.input.query), "output.value": clean(steps.output.answer) }
              : {}),
          },
        }),
      );
      const parent = trace.setSpan(context.active(), root);

      const g = steps.generation;
      for (const plan of genAiSpans(steps, { clean, recordContent })) {
        const extra: Attributes =
          plan.step === "generation"
            ? // Not in the GenAI conventions: cost, attempts, whether the simulator answered.
              // Cost only when the provider reported usage: a failed call's cost is unknown, not 0.
              {
                ...(knownUsage(g) ? { "workbook.cost_usd": g.cost_usd.total } : {}),
                "workbook.attempts": Math.round(g.attempts),
                "workbook.simulated": g.simulated,
              }
            : {};
        const span = tracer.startSpan(
          plan.name,
          {
            kind: plan.kind === "client" ? SpanKind.CLIENT : SpanKind.INTERNAL,
            startTime: plan.start,
            attributes: { ...meta, ...plan.attributes, ...extra, ...errorAttributes(plan) },
          },
          parent,
        );
        if (plan.error) span.setStatus({ code: SpanStatusCode.ERROR, message: plan.error.message });
        span.end(plan.end);
      }

      for (const event of steps.events) {
        root.addEvent(
          event.name,
          {
            level: event.level,
            marker: event.marker,
            ...(event.detail ? { detail: JSON.stringify(clean(event.detail)) } : {}),
          },
          event.time,
        );
      }
      if (steps.error) {
        root.setAttribute(ERROR_TYPE, g.error_type ?? ERROR_TYPE_OTHER);
        root.setStatus({ code: SpanStatusCode.ERROR, message: clean(steps.error) });
      }
      root.end(steps.end);
    },
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
    queued: () => processor.queued(), // send() builds and ends its spans synchronously
    stats: () => withQueueDrops(exporter.stats(), processor.dropped),
    abort() {
      // Exports still on the wire are given up: counted as cancelled now, their late answers ignored.
      exporter.abandon();
    },
    lossSummary: () => spanLossSummary("otel", exporter.stats(), processor.dropped),
  };
}
