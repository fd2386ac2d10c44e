/**
 * The support bot's HTTP face (Hono): `POST /ask`, `GET /healthz`, `GET /metrics`. The app
 * validates, calls `answer()`, answers, and only then hands the redacted record to the sinks
 * (JSON log, Prometheus, trace hubs), so no sink can slow or fail a request.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Hono } from "hono";
import type OpenAI from "openai";
import type { Registry } from "prom-client";
import type { Contract } from "../contract";
import { createLlmClient, llmClientInfo } from "../llm/create-llm-client";
import type { ExpectedFact } from "../quality";
import type { RecordSink } from "../record";
import { answer } from "../rag/answer";
import type { Retriever } from "../rag/bm25-retriever";
import { createDefaultTools, defaultRetriever } from "../rag/defaults";
import { DEFAULT_PROMPT_VERSION, PROMPTS } from "../rag/prompts";
import type { SupportTool } from "../rag/tools/support-tool";
import type { Environment } from "../schema";
import { isTraceStoreSink, registerTraceStoreMetrics } from "../tracing/trace-store-sink";
import { isTracingSink, registerExportMetrics } from "../tracing/export-metrics";
import { parseAskRequest } from "./ask-request";
import { registerHttpMetrics, registerLogDropMetric } from "./http-metrics";
import { mountFeedback } from "./feedback-route";
import { jsonOnly, readJson, type Reject } from "./json-body";
import { isJsonLogSink } from "./json-log-sink";
import { SinkDispatcher } from "./sink-dispatch";

export interface AppOptions {
  /** The contract every trace's name and tags follow: load it once at the edge (`loadContract()`). */
  contract: Contract;
  /** Default: `createLlmClient({ simulator: { seed, timeScale } })`, the embedded simulator. */
  llm?: OpenAI;
  model?: string;
  retriever?: Retriever;
  tools?: readonly SupportTool[];
  /** Where each request's redacted record goes, after the response is built. */
  sinks?: readonly RecordSink[];
  /** Served on `GET /metrics` when given (prom-client). */
  metricsRegistry?: Registry;
  environment?: Environment;
  release?: string;
  userIdHashKey?: string;
  seed?: number;
  /** Scales simulated waits (LLM simulator and tools): 1 realistic, 0 none. */
  timeScale?: number;
  defaultPromptVersion?: string;
  /** Known facts per query (the eval set): a request whose query matches gets a `quality_score`. */
  expectedFacts?: (query: string) => readonly ExpectedFact[] | undefined;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
}

export interface AppStats {
  requests: number;
  answered: number;
  llm_failures: number;
  rejected: number;
  internal_errors: number;
  in_flight: number;
  /** Throws per sink; the request still succeeded. */
  sink_errors: Record<string, number>;
  /** Every response sent, by status code (the same count as `http_requests_total`). */
  responses: Record<string, number>;
}

export type BotApp = Hono & {
  readonly stats: AppStats;
  readonly sinks: readonly RecordSink[];
  /** Resolves when every record handed to sinks so far has been delivered. */
  settle(): Promise<void>;
  /** From now on every response says `Connection: close`, so keep-alive clients leave before the server closes. */
  startDraining(): void;
};

const MB = 1024 * 1024;
const memoryNow = () => {
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round((10 * n) / MB) / 10;
  return {
    rss_mb: mb(m.rss),
    heap_used_mb: mb(m.heapUsed),
    heap_total_mb: mb(m.heapTotal),
    external_mb: mb(m.external),
    array_buffers_mb: mb(m.arrayBuffers),
  };
};
const MEDIA_JSON = { "content-type": "application/json; charset=utf-8" };
/** Methods each known route answers; any other method gets 405 with this as `Allow`. */
const ALLOWED: Record<string, string> = {
  "/ask": "POST",
  "/feedback": "POST",
  "/healthz": "GET, HEAD",
  "/metrics": "GET, HEAD",
};

export function createApp(options: AppOptions): BotApp {
  const {
    seed = 42,
    timeScale = 1,
    environment = "dev",
    release = "workbook-local",
    maxBodyBytes = 64 * 1024,
  } = options;
  const llm = options.llm ?? createLlmClient({ model: options.model, simulator: { seed, timeScale } });
  const info = llmClientInfo(llm);
  const retriever = options.retriever ?? defaultRetriever();
  const tools = options.tools ?? createDefaultTools({ seed, timeScale });
  const sinks = options.sinks ?? [];
  const dispatcher = new SinkDispatcher(sinks);
  const started = Date.now();
  const stats: AppStats = {
    requests: 0,
    answered: 0,
    llm_failures: 0,
    rejected: 0,
    internal_errors: 0,
    in_flight: 0,
    sink_errors: dispatcher.errors,
    responses: {},
  };
  const httpMetrics = options.metricsRegistry
    ? registerHttpMetrics(options.metricsRegistry, Object.keys(ALLOWED))
    : undefined;
  const tracingSinks = sinks.filter(isTracingSink);
  if (options.metricsRegistry) registerExportMetrics(options.metricsRegistry, () => tracingSinks);
  const traceStore = sinks.find(isTraceStoreSink);
  if (options.metricsRegistry && traceStore) registerTraceStoreMetrics(options.metricsRegistry, traceStore);
  // The JSON log sink counts lines stdout could not take (see json-log-sink.ts).
  const logSinks = sinks.filter(isJsonLogSink);
  const logDropped = () => logSinks.reduce((n, s) => n + s.dropped, 0);
  if (options.metricsRegistry) registerLogDropMetric(options.metricsRegistry, logDropped);
  let draining = false;
  // Event-loop delay since start: a trace backend that does synchronous work on the loop shows here.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  const app = new Hono();
  // Outermost: sees the final response of every request (404, 405, 413, 415, onError's 500 included).
  app.use("*", async (c, next) => {
    await next();
    const status = c.res.status;
    stats.responses[status] = (stats.responses[status] ?? 0) + 1;
    httpMetrics?.count(c.req.path, c.req.method, status);
    if (draining) {
      try {
        c.res.headers.set("connection", "close");
      } catch {
        const headers = new Headers(c.res.headers);
        headers.set("connection", "close");
        c.res = new Response(c.res.body, { status, headers });
      }
    }
  });
  const reject: Reject = (path, method, t0, status, errorType, message, issues) => {
    stats.rejected++;
    dispatcher.rejected({
      at: new Date().toISOString(),
      method,
      path,
      status,
      latency_ms: performance.now() - t0,
      error_type: errorType,
      message,
      ...(issues ? { issues } : {}),
    });
    return new Response(
      JSON.stringify({ error: { type: errorType, message, ...(issues ? { issues } : {}) } }),
      { status, headers: MEDIA_JSON },
    );
  };
  const feedback = mountFeedback(app, {
    sinks,
    reject,
    metricsRegistry: options.metricsRegistry,
  }); // POST /feedback; /ask below tells it each trace id it issues

  app.post(
    "/ask",
    async (_c, next) => {
      stats.requests++;
      await next();
    },
    ...jsonOnly("/ask", reject, maxBodyBytes),
    async (c) => {
      const t0 = performance.now();
      const read = await readJson(c, "/ask", t0, reject);
      if (read.ok === false) return read.response;
      const parsed = parseAskRequest(read.body);
      if (parsed.ok !== true)
        return reject("/ask", "POST", t0, 400, "invalid_request", parsed.issues.join("; "), parsed.issues);

      const { query, user_id, customer_tier, prompt_version } = parsed.request;
      stats.in_flight++;
      try {
        const record = await answer(query, {
          llm,
          contract: options.contract,
          model: options.model ?? info.model,
          retriever,
          tools,
          promptVersion: prompt_version ?? options.defaultPromptVersion ?? DEFAULT_PROMPT_VERSION,
          userId: user_id,
          customerTier: customer_tier,
          environment,
          release,
          userIdHashKey: options.userIdHashKey,
          expectedFacts: options.expectedFacts?.(query),
          signal: c.req.raw.signal,
        });
        dispatcher.record(record);
        // Before the response leaves, so feedback sent right after the answer is already "known".
        feedback.issued.add(record.trace.trace_id, record.trace.prompt_version);
        const headers = { ...MEDIA_JSON, "x-trace-id": record.trace.trace_id };
        if (record.failure) {
          if (record.failure.type === "trace_build_failed") stats.internal_errors++;
          else stats.llm_failures++;
          const { status, type, message } = record.failure;
          return new Response(JSON.stringify({ error: { type, message }, trace_id: record.trace.trace_id }), {
            status,
            headers,
          });
        }
        stats.answered++;
        const payload = {
          answer: record.trace.output_text,
          trace_id: record.trace.trace_id,
          prompt_version: record.trace.prompt_version,
          model: record.trace.model_name,
          simulated: record.generation.simulated,
          ...(record.generation.simulated ? { notice: info.notice } : {}),
        };
        return new Response(JSON.stringify(payload), { status: 200, headers });
      } finally {
        stats.in_flight--;
      }
    },
  );

  app.get("/healthz", (c) => {
    // Since the previous /healthz (or start): a window, so startup compilation does not stay in it forever.
    const loop = {
      p99: Math.round(loopDelay.percentile(99) / 1e4) / 100,
      max: Math.round(loopDelay.max / 1e4) / 100,
    };
    loopDelay.reset();
    return c.json({
      status: "ok",
      uptime_s: Math.round((Date.now() - started) / 1000),
      llm: { simulated: info.simulated, model: options.model ?? info.model, notice: info.notice },
      prompt_versions: PROMPTS.map((p) => ({ id: p.id, hash: p.hash })),
      sinks: sinks.map((s) => s.name),
      stats,
      // Per trace sink: what was delivered and what was lost, by cause (same numbers as /metrics).
      exports: Object.fromEntries(
        tracingSinks.map((s) => [s.name, { ...s.losses(), records_pending: s.stats().records_pending }]),
      ),
      draining,
      log_lines_dropped: logDropped(),
      // The local trace store's rows (events the backend received, traces the service answered).
      ...(traceStore ? { trace_store: traceStore.stats() } : {}),
      memory: memoryNow(),
      event_loop_delay_ms: loop,
      feedback: feedback.stats(),
    });
  });

  app.get("/metrics", async (c) => {
    if (!options.metricsRegistry)
      return c.json(
        {
          error: {
            type: "not_found",
            message: "metrics are not enabled on this server (no metricsRegistry was given)",
          },
        },
        404,
      );
    return c.body(await options.metricsRegistry.metrics(), 200, {
      "content-type": options.metricsRegistry.contentType,
    });
  });

  for (const [route, allow] of Object.entries(ALLOWED)) {
    app.all(route, (c) =>
      c.json(
        {
          error: {
            type: "method_not_allowed",
            message: `${c.req.method} is not allowed on ${route}; use ${allow}`,
          },
        },
        405,
        { allow },
      ),
    );
  }

  app.notFound((c) =>
    c.json({ error: { type: "not_found", message: `no route for ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.onError((error, c) => {
    stats.internal_errors++;
    // The log gets the (redacted) message; the client only the error class; the stack stays in the process.
    dispatcher.rejected({
      at: new Date().toISOString(),
      method: c.req.method,
      path: c.req.path,
      status: 500,
      latency_ms: 0,
      error_type: "internal_error",
      message: `${error.name}: ${error.message}`,
    });
    return c.json(
      {
        error: { type: "internal_error", message: `the service failed (${error.name}); see the server log` },
      },
      500,
    );
  });

  return Object.assign(app, {
    stats,
    sinks,
    settle: () => dispatcher.settle(),
    startDraining: () => void (draining = true),
  });
}
