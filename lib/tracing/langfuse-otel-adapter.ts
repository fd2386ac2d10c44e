/**
 * Langfuse adapter over OpenTelemetry (Langfuse JS SDK v5): the path current Langfuse servers
 * (v4, write mode `events_only`) accept for traces. Spans go through the SDK's
 * `LangfuseSpanProcessor` (environment, release, its `mask` hook) to an OTLP/HTTP JSON exporter
 * aimed at `{baseUrl}/api/public/otel/v1/traces` with Basic auth, as the SDK's own default
 * exporter is; ours is wrapped so its result callback fills `ExportStats`.
 *
 * The attributes are the SDK's (`createObservationAttributes`, `LangfuseOtelSpanAttributes`),
 * which the server maps to Langfuse objects: the root span is the trace (name, hashed user id,
 * tags, metadata, input/output, version = prompt version) and a `span` observation; retrieval is
 * a `retriever`, each tool call a `tool`, the LLM call a `generation` (model, parameters,
 * usage_details, cost_details, completion start), and each pipeline marker an `event`. Every span
 * also carries the GenAI semantic conventions (`gen-ai-spans.ts`); content travels only in the
 * Langfuse input/output attributes, which the mask hook covers.
 * The prompt version (`v2.1`) travels as Langfuse's `version`, not as `prompt.name`/`prompt.version`:
 * those link a Langfuse-managed prompt (integer versions), and this service's prompts live in code.
 *
 * The tracer provider is private (never registered globally) and the root span reuses the
 * workbook's trace id, so Langfuse's trace id is the `/ask` trace_id without its dashes.
 */
import { LangfuseSpanProcessor } from "@langfuse/otel";
import {
  createObservationAttributes,
  createTraceAttributes,
  LangfuseOtelSpanAttributes as LF,
} from "@langfuse/tracing";
import { context, trace, SpanKind, SpanStatusCode, type Attributes } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, type BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { PRICE_TABLE_VERSION } from "../pricing";
import { countingSpanExporter } from "./counting-span-exporter";
import { countQueueDrops, spanLossSummary, withQueueDrops } from "./counting-span-processor";
import { errorAttributes, genAiSpans } from "./gen-ai-spans";
import { exportUserId, langfuseMask, redactForExport, type RedactionOptions } from "./redaction-hooks";
import type { TraceAdapter } from "./trace-adapter";
import type { LangfuseConnection } from "./guarded-langfuse";
import { knownUsage, type TraceSteps } from "./trace-steps";
import { WorkbookIdGenerator } from "./workbook-id-generator";

/** The path Langfuse serves OTLP traces on. */
export const LANGFUSE_OTEL_PATH = "/api/public/otel/v1/traces";
/** The instrumentation scope the Langfuse SDK's own tracer uses; its span processor exports these by default. */
const LANGFUSE_SCOPE = "langfuse-sdk";

/** `flushAt` counts spans per export request here; `flushIntervalMs` is the longest a span waits. */
export type LangfuseOtelAdapterOptions = RedactionOptions & LangfuseConnection;

export function createLangfuseOtelAdapter(options: LangfuseOtelAdapterOptions): TraceAdapter {
  const redaction: RedactionOptions = { hashKey: options.hashKey };
  const clean = <T>(value: T): T => redactForExport(value, redaction);
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const url = `${baseUrl}${LANGFUSE_OTEL_PATH}`;
  const otlp = new OTLPTraceExporter({
    url,
    headers: {
      Authorization: `Basic ${Buffer.from(`${options.publicKey}:${options.secretKey}`).toString("base64")}`,
      "x-langfuse-sdk-name": "javascript",
      "x-langfuse-public-key": options.publicKey,
    },
    timeoutMillis: options.requestTimeoutMs ?? 5_000,
  });
  const exporter = countingSpanExporter(otlp, { name: "langfuse", destination: url, log: options.log });
  const processor = new LangfuseSpanProcessor({
    exporter,
    environment: options.environment,
    release: options.release,
    mask: langfuseMask(redaction),
    flushAt: options.flushAt ?? 100,
    flushInterval: (options.flushIntervalMs ?? 1_000) / 1000,
    // Media upload talks to Langfuse's REST API; this service sends no media.
    mediaUploadEnabled: false,
  });
  // The batch processor inside Langfuse's drops spans silently when its queue is full: count them.
  const queue = countQueueDrops((processor as unknown as { processor: BatchSpanProcessor }).processor);
  const ids = new WorkbookIdGenerator();
  const provider = new BasicTracerProvider({
    idGenerator: ids,
    resource: resourceFromAttributes({ "service.name": "support-bot" }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer(LANGFUSE_SCOPE);

  return {
    name: "langfuse",
    destination: baseUrl,
    async send(steps: TraceSteps) {
      sendTrace(steps); // synchronous: the spans are in the processor's queue when it returns
    },
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
    queued: () => queue.queued(),
    stats: () => withQueueDrops(exporter.stats(), queue.dropped()),
    abort() {
      // Exports still on the wire are given up: counted as cancelled now, their late answers ignored.
      exporter.abandon();
    },
    lossSummary: () => spanLossSummary("langfuse", exporter.stats(), queue.dropped()),
  };

  function sendTrace(steps: TraceSteps) {
    const meta = (extra: Record<string, unknown> = {}) => clean({ ...steps.metadata, ...extra });
    const version = steps.metadata.prompt_version;
    const user = exportUserId(steps.user_id_hash, redaction);
    const traceMetadata: Attributes = {};
    for (const [k, v] of Object.entries(
      meta({ workbook_trace_id: steps.trace_id, latency_ms: steps.end.getTime() - steps.start.getTime() }),
    )) {
      traceMetadata[`${LF.TRACE_METADATA}.${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    }
    const [input, output] = [clean(steps.input), clean(steps.output)];
    const root = ids.withTraceId(steps.trace_id, () =>
      tracer.startSpan(steps.name, {
        kind: SpanKind.SERVER,
        startTime: steps.start,
        attributes: {
          [LF.TRACE_NAME]: steps.name,
          ...(user ? { [LF.TRACE_USER_ID]: user } : {}),
          [LF.TRACE_TAGS]: clean(steps.tags),
          ...traceMetadata,
          ...createTraceAttributes({ input, output }),
          ...createObservationAttributes("span", {
            input,
            output,
            version,
            metadata: meta(steps.error ? { error: steps.error } : {}),
            ...(steps.error ? { level: "ERROR" as const, statusMessage: clean(steps.error) } : {}),
          }),
        },
      }),
    );
    const parent = trace.setSpan(context.active(), root);

    const g = steps.generation;
    const usage = knownUsage(g);
    for (const plan of genAiSpans(steps, { clean, recordContent: false })) {
      let langfuse: Attributes;
      if (plan.step === "retrieval") {
        const r = steps.retrieval;
        langfuse = createObservationAttributes("retriever", {
          input: clean({ query: r.query, top_k: r.top_k }),
          output: clean({ documents: r.docs }),
          version,
          metadata: meta({ method: r.method, top_k: r.top_k }),
        });
      } else if (plan.step === "tool") {
        const tool = plan.tool!;
        langfuse = createObservationAttributes("tool", {
          input: clean(tool.input),
          output: tool.success ? clean(tool.output) : undefined,
          version,
          metadata: meta({ tool_name: tool.tool_name, success: tool.success, latency_ms: tool.latency_ms }),
          ...(plan.error ? { level: "ERROR" as const, statusMessage: plan.error.message } : {}),
        });
      } else {
        langfuse = createObservationAttributes("generation", {
          input: clean(g.messages),
          output: g.error === undefined ? clean(g.completion) : undefined,
          model: g.model,
          // The server takes booleans too (`stream: true`); the SDK's type is narrower.
          modelParameters: g.model_parameters as Record<string, string | number>,
          // Unknown usage (a failed call) is left out: Langfuse would otherwise count 0 tokens.
          ...(usage
            ? {
                usageDetails: { input: usage.input, output: usage.output, total: usage.total },
                costDetails: { input: g.cost_usd.input, output: g.cost_usd.output, total: g.cost_usd.total },
              }
            : {}),
          ...(g.completionStart
            ? { completionStartTime: g.completionStart.toISOString() as unknown as Date }
            : {}),
          version,
          metadata: meta({
            provider: g.provider,
            simulated: g.simulated,
            attempts: g.attempts,
            ttft_ms: g.ttft_ms,
            price_table_version: PRICE_TABLE_VERSION,
          }),
          ...(plan.error ? { level: "ERROR" as const, statusMessage: plan.error.message } : {}),
        });
      }
      const span = tracer.startSpan(
        plan.name,
        {
          kind: plan.kind === "client" ? SpanKind.CLIENT : SpanKind.INTERNAL,
          startTime: plan.start,
          attributes: { ...plan.attributes, ...errorAttributes(plan), ...langfuse },
        },
        parent,
      );
      if (plan.error) span.setStatus({ code: SpanStatusCode.ERROR, message: plan.error.message });
      span.end(plan.end);
    }

    for (const event of steps.events) {
      const span = tracer.startSpan(
        event.name,
        {
          startTime: event.time,
          attributes: createObservationAttributes("event", {
            level: event.level,
            version,
            metadata: meta({ marker: event.marker, ...(event.detail ?? {}) }),
          }),
        },
        parent,
      );
      span.end(event.time);
    }
    if (steps.error) root.setStatus({ code: SpanStatusCode.ERROR, message: clean(steps.error) });
    root.end(steps.end);
  }
}
