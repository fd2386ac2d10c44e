/**
 * LangSmith adapter (langsmith SDK, `RunTree`): a root `chain` run per request with child
 * `retriever`, `tool` and `llm` runs. The root run's id (and so LangSmith's trace id) is the
 * workbook trace_id, a UUID as LangSmith requires. The llm run carries `usage_metadata` (tokens
 * and cost, only when the provider reported usage) and `ls_provider` / `ls_model_name`
 * metadata, which is how LangSmith attributes tokens and cost. Tool runs are named like the
 * contract's tool spans (`execute_tool <tool>`).
 * The tree is built after the request has finished, so each run's create and update are queued
 * together; the client's batcher sends them in `/runs/multipart` (or `/runs/batch`, per the
 * server's `/info`), merging the two when both are queued.
 * Values are redacted before the SDK sees them; `hideInputs` / `hideOutputs` / `hideMetadata`
 * and `anonymizer` (which also covers run errors) redact again.
 */
import { Client, RunTree } from "langsmith";
import { PRICE_TABLE_VERSION } from "../pricing";
import { createExportFetch, type ExportFetch } from "./export-fetch";
import { exportUserId, langsmithAnonymizer, redactForExport, type RedactionOptions } from "./redaction-hooks";
import type { TraceAdapter } from "./trace-adapter";
import { knownUsage, type TraceSteps } from "./trace-steps";

export interface LangSmithAdapterOptions extends RedactionOptions {
  apiUrl: string;
  apiKey: string;
  project: string;
  /** Per-request timeout (the SDK's own default is 90 s). */
  timeoutMs?: number;
  retries?: number;
  log?: (line: string) => void;
  fetchImpl?: typeof fetch;
}

export function createLangSmithAdapter(options: LangSmithAdapterOptions): TraceAdapter {
  const redaction: RedactionOptions = { hashKey: options.hashKey };
  const clean = <T>(value: T): T => redactForExport(value, redaction);
  const exporter: ExportFetch = createExportFetch({
    name: "langsmith",
    timeoutMs: options.timeoutMs ?? 10_000,
    retries: options.retries,
    log: options.log,
    fetchImpl: options.fetchImpl,
  });
  const hook = langsmithAnonymizer(redaction);
  const client = new Client({
    apiUrl: options.apiUrl,
    apiKey: options.apiKey,
    timeout_ms: options.timeoutMs ?? 10_000,
    fetchImplementation: exporter.fetch,
    autoBatchTracing: true,
    hideInputs: hook,
    hideOutputs: hook,
    hideMetadata: hook,
    anonymizer: hook,
  });
  let pending = 0;
  // The client's queues, read for the sink's bound (the SDK's own limit is 1 GB and drops
  // silently): runs waiting to be batched, plus the bytes of batches waiting for a connection,
  // converted at ~2 KB per run operation (the size of one of this service's runs, roughly).
  const sdk = client as unknown as {
    autoBatchQueue?: { items?: unknown[] };
    batchIngestCaller?: { queueSizeBytes?: number };
  };
  const sdkQueued = () =>
    (sdk.autoBatchQueue?.items?.length ?? 0) + Math.ceil((sdk.batchIngestCaller?.queueSizeBytes ?? 0) / 2048);

  return {
    name: "langsmith",
    destination: options.apiUrl,
    async send(steps: TraceSteps) {
      pending += 1;
      try {
        await sendTree(steps);
      } finally {
        pending -= 1;
      }
    },
    async flush() {
      await client.awaitPendingTraceBatches();
    },
    async shutdown() {
      await client.awaitPendingTraceBatches();
    },
    queued: () => pending + sdkQueued(),
    stats: () => exporter.stats(),
    abort: (reason) => exporter.abort(reason),
    lossSummary: () => exporter.summary(),
  };

  async function sendTree(steps: TraceSteps) {
    const meta = (extra: Record<string, unknown> = {}) => clean({ ...steps.metadata, ...extra });
    const root = new RunTree({
      id: steps.trace_id,
      trace_id: steps.trace_id,
      name: steps.name,
      run_type: "chain",
      project_name: options.project,
      client,
      tracingEnabled: true,
      start_time: steps.start.getTime(),
      inputs: clean(steps.input),
      tags: clean(steps.tags),
      // Children inherit the root's metadata, so keep only request-wide keys here.
      extra: {
        metadata: meta({
          trace_id: steps.trace_id,
          user_id_hash: exportUserId(steps.user_id_hash, redaction),
        }),
      },
    });
    await root.postRun();

    // Children in start order, so their dotted order matches what happened.
    const children: { start: number; run: () => Promise<void> }[] = [];
    const r = steps.retrieval;
    children.push({
      start: r.start.getTime(),
      run: () =>
        child(
          root,
          {
            name: r.name,
            run_type: "retriever",
            start: r.start,
            end: r.end,
            inputs: { query: r.query, top_k: r.top_k },
            metadata: meta({ method: r.method, top_k: r.top_k }),
          },
          {
            documents: r.docs.map((d) => ({
              type: "Document",
              page_content: d.content,
              metadata: { source: d.source, relevance_score: d.relevance_score },
            })),
          },
        ),
    });
    for (const tool of steps.tools) {
      children.push({
        start: tool.start.getTime(),
        run: () =>
          child(
            root,
            {
              name: tool.name,
              run_type: "tool",
              start: tool.start,
              end: tool.end,
              inputs: { input: tool.input },
              metadata: meta({
                tool_name: tool.tool_name,
                success: tool.success,
                latency_ms: tool.latency_ms,
              }),
            },
            { output: tool.output },
            tool.success ? undefined : (tool.error ?? "tool call failed"),
          ),
      });
    }
    const g = steps.generation;
    const usage = knownUsage(g);
    children.push({
      start: g.start.getTime(),
      run: () =>
        child(
          root,
          {
            name: g.name,
            run_type: "llm",
            start: g.start,
            end: g.end,
            inputs: { messages: g.messages },
            metadata: meta({
              ls_provider: g.provider,
              ls_model_name: g.model,
              ls_model_type: "chat",
              ...lsParams(g.model_parameters),
              simulated: g.simulated,
              attempts: g.attempts,
              ttft_ms: g.ttft_ms,
              price_table_version: PRICE_TABLE_VERSION,
            }),
          },
          {
            role: "assistant",
            content: g.completion,
            // A failed call reported no usage: leave it out rather than claim zero tokens.
            ...(usage
              ? {
                  usage_metadata: {
                    input_tokens: usage.input,
                    output_tokens: usage.output,
                    total_tokens: usage.total,
                    input_cost: g.cost_usd.input,
                    output_cost: g.cost_usd.output,
                    total_cost: g.cost_usd.total,
                  },
                }
              : {}),
          },
          g.error,
        ),
    });
    children.sort((a, b) => a.start - b.start);
    for (const c of children) await c.run();

    for (const event of steps.events)
      root.addEvent({
        name: event.name,
        time: event.time.toISOString(),
        kwargs: clean({ level: event.level, marker: event.marker, ...(event.detail ?? {}) }),
      });
    await root.end(
      clean({ ...steps.output }),
      steps.error === undefined ? undefined : clean(steps.error),
      steps.end.getTime(),
    );
    await root.patchRun();
  }

  async function child(
    parent: RunTree,
    spec: {
      name: string;
      run_type: string;
      start: Date;
      end: Date;
      inputs: Record<string, unknown>;
      metadata: Record<string, unknown>;
    },
    outputs: Record<string, unknown>,
    error?: string,
  ) {
    const run = parent.createChild({
      name: spec.name,
      run_type: spec.run_type,
      start_time: spec.start.getTime(),
      inputs: clean(spec.inputs),
      extra: { metadata: spec.metadata },
    });
    await run.postRun();
    await run.end(clean(outputs), error === undefined ? undefined : clean(error), spec.end.getTime());
    await run.patchRun();
  }
}

/** LangSmith's `ls_*` invocation metadata for the common model parameters. */
function lsParams(params: Record<string, string | number | boolean>): Record<string, unknown> {
  const out: Record<string, unknown> = { ls_invocation_params: params };
  if (params.temperature !== undefined) out.ls_temperature = params.temperature;
  if (params.max_tokens !== undefined) out.ls_max_tokens = params.max_tokens;
  return out;
}
