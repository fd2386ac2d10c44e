/**
 * OpenTelemetry adapter: the same request as OTLP/HTTP JSON spans with the GenAI semantic
 * conventions (`gen_ai.operation.name`, `gen_ai.provider.name` / `gen_ai.system`,
 * `gen_ai.request.model`, `gen_ai.usage.input_tokens` / `output_tokens`, `gen_ai.tool.name`),
 * which Phoenix, Jaeger, Tempo and Langfuse's OTel endpoint all read. The provider is private
 * (never registered globally), so it cannot capture or disturb anyone else's spans.
 */
import { context, trace, SpanKind, SpanStatusCode, type Attributes, type Span } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, RandomIdGenerator, type IdGenerator, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { CountingBatchSpanProcessor } from "./counting-span-processor";
import type { ExportStats } from "./export-fetch";
import { exportUserId, redactForExport, type RedactionOptions } from "./redaction-hooks";
import type { TraceAdapter } from "./trace-adapter";
import type { TraceSteps } from "./trace-steps";

/**
 * GenAI attribute names. The conventions are still "incubating", exported by
 * @opentelemetry/semantic-conventions only from its `/incubating` subpath, which the notebook
 * kernel's module resolution cannot load; a test checks these against that subpath.
 */
export const GEN_AI = {
  operationName: "gen_ai.operation.name",
  providerName: "gen_ai.provider.name",
  system: "gen_ai.system",
  requestModel: "gen_ai.request.model",
  responseModel: "gen_ai.response.model",
  requestTemperature: "gen_ai.request.temperature",
  requestMaxTokens: "gen_ai.request.max_tokens",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  toolName: "gen_ai.tool.name",
  inputMessages: "gen_ai.input.messages",
  outputMessages: "gen_ai.output.messages",
} as const;

export interface OtelAdapterOptions extends RedactionOptions {
  /** Full OTLP traces URL, e.g. `http://127.0.0.1:4318/v1/traces`. */
  url: string;
  headers?: Record<string, string>;
  serviceName?: string;
  environment?: string;
  release?: string;
  timeoutMs?: number;
  /** Record redacted prompts and completions as `gen_ai.input.messages` / `gen_ai.output.messages`. */
  recordContent?: boolean;
  log?: (line: string) => void;
}

/** Lets the root span reuse the workbook's trace id (the UUID's hex) so all three backends share it. */
class WorkbookIdGenerator implements IdGenerator {
  next?: string;
  private random = new RandomIdGenerator();
  generateTraceId(): string {
    const id = this.next ?? this.random.generateTraceId();
    this.next = undefined;
    return id;
  }
  generateSpanId(): string {
    return this.random.generateSpanId();
  }
}

export function createOtelAdapter(options: OtelAdapterOptions): TraceAdapter {
  const redaction: RedactionOptions = { hashKey: options.hashKey };
  const clean = <T>(value: T): T => redactForExport(value, redaction);
  const log = options.log ?? ((line: string) => console.warn(line));
  const stats: ExportStats = { requests: 0, requests_failed: 0, retries: 0, items_sent: 0, items_failed: 0 };
  let logged = false;

  const otlp = new OTLPTraceExporter({ url: options.url, headers: options.headers, timeoutMillis: options.timeoutMs ?? 5_000 });
  // Counts spans per export call: the OTLP exporter sends over node:http, not fetch, so the
  // export fetch cannot see it; its result callback is the one place failures surface.
  // Spans handed to the OTLP exporter and not yet answered: part of what a shutdown deadline
  // strands. After abort() their late outcome is ignored: the sink already counted them.
  let exporting = 0;
  let epoch = 0;
  const counting: SpanExporter = {
    export(spans: ReadableSpan[], done) {
      stats.requests += 1;
      const mine = epoch;
      exporting += spans.length;
      otlp.export(spans, (result) => {
        if (mine !== epoch) return done(result);
        exporting -= spans.length;
        if (result.code === 0) stats.items_sent += spans.length;
        else {
          stats.requests_failed += 1;
          stats.items_failed += spans.length;
          stats.last_error = result.error?.message ?? "export failed";
          if (!logged) {
            logged = true;
            log(`[tracing] otel: export to ${options.url} failed (${stats.last_error}); ${spans.length} span(s) dropped. Further failures are counted, not logged: see stats().`);
          }
        }
        done(result);
      });
    },
    shutdown: () => otlp.shutdown(),
    forceFlush: () => otlp.forceFlush(),
  };
  const ids = new WorkbookIdGenerator();
  // Bounded queue (2,048 spans), drops counted: see CountingBatchSpanProcessor.
  const processor = new CountingBatchSpanProcessor(counting, { scheduledDelayMillis: 1_000, exportTimeoutMillis: options.timeoutMs ?? 5_000, maxQueueSize: 2_048 });
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
  let pendingSpans = 0;

  const common = (steps: TraceSteps): Attributes => {
    const out: Attributes = {};
    for (const [k, v] of Object.entries(clean(steps.metadata))) out[`metadata.${k}`] = v;
    return out;
  };
  const child = (parent: Span, name: string, start: Date, attributes: Attributes, kind = SpanKind.INTERNAL) =>
    tracer.startSpan(name, { startTime: start, attributes, kind }, trace.setSpan(context.active(), parent));

  return {
    name: "otel",
    destination: options.url,
    async send(steps: TraceSteps) {
      const meta = common(steps);
      ids.next = steps.trace_id.replace(/-/g, "").toLowerCase();
      const root = tracer.startSpan(steps.name, {
        kind: SpanKind.SERVER,
        startTime: steps.start,
        attributes: {
          ...meta,
          "workbook.trace_id": steps.trace_id,
          ...(steps.user_id_hash ? { "user.id": exportUserId(steps.user_id_hash, redaction) } : {}),
          "workbook.tags": clean(steps.tags),
          ...(options.recordContent === false ? {} : { "input.value": clean(steps.input.query), "output.value": clean(steps.output.answer) }),
        },
      });
      ids.next = undefined;
      pendingSpans += 1;

      const r = steps.retrieval;
      child(root, r.name, r.start, {
        ...meta,
        "retrieval.query": options.recordContent === false ? "" : clean(r.query),
        "retrieval.top_k": r.top_k,
        "retrieval.method": r.method,
        "retrieval.document_sources": r.docs.map((d) => clean(d.source)),
        "retrieval.relevance_scores": r.docs.map((d) => d.relevance_score),
      }).end(r.end);

      for (const tool of steps.tools) {
        const span = child(root, tool.name, tool.start, {
          ...meta,
          [GEN_AI.operationName]: "execute_tool",
          [GEN_AI.toolName]: tool.tool_name,
          "tool.success": tool.success,
          ...(options.recordContent === false ? {} : { "tool.input": JSON.stringify(clean(tool.input)), "tool.output": JSON.stringify(clean(tool.output)) }),
        });
        if (!tool.success) span.setStatus({ code: SpanStatusCode.ERROR, message: clean(tool.error ?? "tool call failed") });
        span.end(tool.end);
      }

      const g = steps.generation;
      const llm = child(
        root,
        g.name,
        g.start,
        {
          ...meta,
          [GEN_AI.operationName]: "chat",
          [GEN_AI.providerName]: g.provider,
          [GEN_AI.system]: g.provider,
          [GEN_AI.requestModel]: g.model,
          [GEN_AI.responseModel]: g.model,
          ...(typeof g.model_parameters.temperature === "number" ? { [GEN_AI.requestTemperature]: g.model_parameters.temperature } : {}),
          ...(typeof g.model_parameters.max_tokens === "number" ? { [GEN_AI.requestMaxTokens]: g.model_parameters.max_tokens } : {}),
          [GEN_AI.inputTokens]: g.usage.input,
          [GEN_AI.outputTokens]: g.usage.output,
          // Not (yet) in the GenAI conventions: total tokens, cost, TTFT, simulator flag.
          "llm.usage.total_tokens": g.usage.total,
          "llm.cost_usd.total": g.cost_usd.total,
          ...(g.ttft_ms === undefined ? {} : { "llm.ttft_ms": g.ttft_ms }),
          "llm.simulated": g.simulated,
          ...(options.recordContent === false ? {} : { [GEN_AI.inputMessages]: JSON.stringify(clean(g.messages)), [GEN_AI.outputMessages]: JSON.stringify(clean([{ role: "assistant", content: g.completion }])) }),
        },
        SpanKind.CLIENT,
      );
      if (g.error) llm.setStatus({ code: SpanStatusCode.ERROR, message: clean(g.error) });
      llm.end(g.end);

      for (const event of steps.events) {
        root.addEvent(event.name, { level: event.level, marker: event.marker, ...(event.detail ? { detail: JSON.stringify(clean(event.detail)) } : {}) }, event.time);
      }
      if (steps.error) root.setStatus({ code: SpanStatusCode.ERROR, message: clean(steps.error) });
      root.end(steps.end);
      pendingSpans -= 1;
    },
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
    queued: () => pendingSpans + processor.queued() + exporting,
    stats: () => ({ ...stats, items_failed: stats.items_failed + processor.dropped, items_dropped: { ...(stats.items_failed ? { export_failed: stats.items_failed } : {}), ...(processor.dropped ? { queue_full: processor.dropped } : {}) } }),
    abort() {
      // The OTLP exporter bounds each export by timeoutMillis and cannot be cancelled; what is in
      // flight now was just counted by the sink as stranded, so its late outcome must not count again.
      epoch += 1;
      exporting = 0;
    },
    lossSummary: () => (stats.items_failed + processor.dropped ? `[tracing] otel: ${stats.items_failed + processor.dropped} span(s) dropped (${processor.dropped} at the full queue), ${stats.requests_failed} of ${stats.requests} export(s) failed (last: ${stats.last_error}).` : undefined),
  };
}
