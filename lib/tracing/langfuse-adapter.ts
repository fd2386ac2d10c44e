/**
 * The LEGACY Langfuse adapter, used only with `LANGFUSE_INGESTION=legacy`: the v3 SDK's events on
 * `POST /api/public/ingestion`, for Langfuse servers that predate the OTel endpoint. A Langfuse v4
 * server in its default write mode (`events_only`) rejects every trace and observation event it
 * sends (per event, 400 "Event type not accepted"); the default path is `langfuse-otel-adapter.ts`.
 *
 * Langfuse adapter (langfuse v3 SDK): one trace per request, a SPAN for retrieval, a GENERATION
 * for the LLM call (model, parameters, messages, completion, `usageDetails`, `costDetails`,
 * TTFT), a SPAN per tool call (level ERROR on failure) and an EVENT per pipeline marker.
 * Every value is redacted before the SDK sees it, and the SDK's `mask` hook redacts again.
 * Observations are closed with `update({ endTime })`, not `end()`: the SDK's `end()` stamps
 * the current time, and export runs after the request, so it would stretch every duration.
 */
import { PRICE_TABLE_VERSION } from "../pricing";
import { exportUserId, langfuseMask, redactForExport, type RedactionOptions } from "./redaction-hooks";
import type { TraceAdapter } from "./trace-adapter";
import { knownUsage, type TraceSteps } from "./trace-steps";
import { createGuardedLangfuse, queueLength, type LangfuseConnection } from "./guarded-langfuse";

export interface LangfuseAdapterOptions extends RedactionOptions, LangfuseConnection {
  retries?: number;
  fetchImpl?: typeof fetch;
}

export function createLangfuseAdapter(options: LangfuseAdapterOptions): TraceAdapter {
  const redaction: RedactionOptions = { hashKey: options.hashKey };
  const clean = <T>(value: T): T => redactForExport(value, redaction);
  const { client, exporter, drain } = createGuardedLangfuse({
    ...options,
    name: "langfuse",
    mask: langfuseMask(redaction),
  });

  return {
    name: "langfuse",
    destination: options.baseUrl,
    async send(steps: TraceSteps) {
      const meta = (extra: Record<string, unknown> = {}) => clean({ ...steps.metadata, ...extra });
      const trace = client.trace({
        id: steps.trace_id,
        name: steps.name,
        timestamp: steps.start,
        userId: exportUserId(steps.user_id_hash, redaction),
        input: clean(steps.input),
        output: clean(steps.output),
        metadata: meta({
          latency_ms: steps.end.getTime() - steps.start.getTime(),
          ...(steps.error ? { error: steps.error } : {}),
        }),
        tags: clean(steps.tags),
        release: steps.metadata.release,
        version: steps.metadata.prompt_version,
      });

      const r = steps.retrieval;
      trace
        .span({
          name: r.name,
          startTime: r.start,
          input: clean({ query: r.query, top_k: r.top_k }),
          metadata: meta({
            method: r.method,
            top_k: r.top_k,
            doc_sources: r.docs.map((d) => d.source),
            relevance_scores: r.docs.map((d) => d.relevance_score),
          }),
        })
        .update({ endTime: r.end, output: clean({ documents: r.docs }) });

      for (const tool of steps.tools) {
        trace
          .span({
            name: tool.name,
            startTime: tool.start,
            input: clean(tool.input),
            metadata: meta({ tool_name: tool.tool_name, success: tool.success, latency_ms: tool.latency_ms }),
            level: tool.success ? "DEFAULT" : "ERROR",
            statusMessage: tool.error === undefined ? undefined : clean(tool.error),
          })
          .update({ endTime: tool.end, output: clean(tool.output) });
      }

      const g = steps.generation;
      const usage = knownUsage(g);
      trace
        .generation({
          name: g.name,
          startTime: g.start,
          completionStartTime: g.completionStart,
          model: g.model,
          modelParameters: g.model_parameters,
          input: clean(g.messages),
          metadata: meta({
            provider: g.provider,
            simulated: g.simulated,
            attempts: g.attempts,
            ttft_ms: g.ttft_ms,
            price_table_version: PRICE_TABLE_VERSION,
          }),
        })
        .update({
          endTime: g.end,
          output: clean(g.completion),
          // Unknown usage (a failed call) is left out rather than sent as zero tokens.
          ...(usage
            ? {
                usageDetails: { input: usage.input, output: usage.output, total: usage.total },
                costDetails: { input: g.cost_usd.input, output: g.cost_usd.output, total: g.cost_usd.total },
              }
            : {}),
          level: g.error ? "ERROR" : "DEFAULT",
          statusMessage: g.error === undefined ? undefined : clean(g.error),
        });

      for (const event of steps.events) {
        trace.event({
          name: event.name,
          startTime: event.time,
          level: event.level,
          metadata: meta({ marker: event.marker, ...(event.detail ?? {}) }),
        });
      }
    },
    flush: drain,
    async shutdown() {
      await client.shutdownAsync();
    },
    queued: () => queueLength(client),
    stats: () => exporter.stats(),
    abort: (reason) => exporter.abort(reason),
    lossSummary: () => exporter.summary(),
  };
}
