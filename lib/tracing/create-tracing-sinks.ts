/**
 * Which trace hubs a process sends to, decided from the configuration alone:
 * - Langfuse keys set: the real Langfuse (`LANGFUSE_BASEURL` / `LANGFUSE_HOST`, default cloud);
 *   only a base URL set: that server, with placeholder keys; nothing set: the embedded backend.
 *   Over OTLP (`/api/public/otel/v1/traces`, the JS SDK v5 path) unless `LANGFUSE_INGESTION=legacy`
 *   picks the v3 SDK's `/api/public/ingestion` events.
 * - LangSmith key or endpoint set: that service, if `LANGSMITH_TRACING=true` (else off, as the
 *   SDK itself would); nothing set: the embedded backend.
 * - OTLP: `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT` if set, else the embedded backend when it runs;
 *   the exporter reads its own `OTEL_EXPORTER_OTLP_HEADERS` / `_TIMEOUT`.
 * The embedded backend is started on 127.0.0.1 (free port) only when some hub needs it, and is
 * closed after the last of its sinks shuts down. `describe()` says plainly where traces went.
 */
import type { WorkbookConfig } from "../config";
import type { Contract } from "../contract";
import type { ExportResult, RecordSink } from "../record";
import { createFeedbackSink, langfuseTraceIdFor, type FeedbackHubs } from "./create-feedback-sink";
import { traceStoreSink, type TraceStoreSink } from "./trace-store-sink";
import { displayPath } from "../package-root";
import { LOCAL_KEYS } from "./local-keys";
import type { FeedbackSink } from "./feedback-sink";
import { createLangfuseAdapter } from "./langfuse-adapter";
import { createLangfuseOtelAdapter } from "./langfuse-otel-adapter";
import { createLangSmithAdapter } from "./langsmith-adapter";
import {
  startLocalTraceBackend,
  type LocalTraceBackend,
  type LocalTraceBackendOptions,
} from "./local-backend";
import { createOtelAdapter } from "./otel-adapter";
import { renderTrace, type TraceProtocol } from "./render-tree";
import type { TraceAdapter } from "./trace-adapter";
import { retentionDays } from "./trace-store";
import { tracingSink, type TracingSink } from "./tracing-sink";

export const DEFAULT_LANGFUSE_URL = "https://cloud.langfuse.com";
export const DEFAULT_LANGSMITH_URL = "https://api.smith.langchain.com";

export type DestinationKind = "embedded" | "configured" | "off";

export interface TraceDestination {
  sink: "langfuse" | "langsmith" | "otel";
  kind: DestinationKind;
  /** Where traces go; undefined when this hub is off. */
  url?: string;
  /** One plain sentence, e.g. "langfuse: the embedded local backend at http://127.0.0.1:41234 (no LANGFUSE_* keys set)". */
  note: string;
}

export interface TracingSinksOptions {
  /** The contract the trace sinks sample and name by, and whose retention the embedded backend keeps. */
  contract: Contract;
  /** Start the embedded backend for unconfigured hubs (default true); false turns those hubs off. */
  embedded?: boolean;
  /** Passed to the embedded backend (its DuckDB folder, over `TRACE_STORE_DIR`; `/info` flags...). */
  backend?: Omit<LocalTraceBackendOptions, "host" | "port">;
  /** Include the OTLP exporter (default true; it still needs an endpoint or the embedded backend). */
  otel?: boolean;
  /** SDK batching and timeouts, e.g. for tests. */
  flushIntervalMs?: number;
  requestTimeoutMs?: number;
  retries?: number;
  /** Flush/shutdown bound when the caller gives none. */
  defaultTimeoutMs?: number;
  log?: (line: string) => void;
  /** Called once with `describe()` (true: write it to stderr), so a server's output says where traces go. */
  announce?: boolean | ((text: string) => void);
}

export interface TracingSetup {
  sinks: TracingSink[];
  /** Feedback (Langfuse scores, LangSmith feedback) to the same hubs; add it to the service's sinks. */
  feedback: FeedbackSink;
  /** Each redacted trace to the embedded backend's DuckDB file, when it keeps one (what `--promote` reads). */
  store?: TraceStoreSink;
  /** Every sink above for a service: the trace sinks, the trace store (if any) and the feedback sink. */
  serviceSinks(): RecordSink[];
  /** The embedded backend, when one was started. */
  backend?: LocalTraceBackend;
  destinations: TraceDestination[];
  /** Where traces go, one line per hub. */
  describe(): string;
  /** The trace as the embedded backend received it, or a sentence saying where it went instead. */
  tree(protocol: TraceProtocol, traceId: string): string;
  /** Shuts every sink down (bounded) and then closes the embedded backend; once (later calls get the same results). */
  close(timeoutMs?: number): Promise<{ sink: string; result: ExportResult }[]>;
}

export async function createTracingSinks(
  config: WorkbookConfig,
  options: TracingSinksOptions,
): Promise<TracingSetup> {
  const { embedded = true, log } = options;
  const lf = config.langfuse;
  const ls = config.langsmith;
  const langfuseKeys = Boolean(lf.publicKey && lf.secretKey);
  const langsmithConfigured = Boolean(ls.apiKey || ls.endpoint);

  const plan = {
    langfuse:
      langfuseKeys || lf.baseUrl
        ? ("configured" as const)
        : embedded
          ? ("embedded" as const)
          : ("off" as const),
    langsmith: langsmithConfigured
      ? ls.tracing
        ? ("configured" as const)
        : ("off" as const)
      : embedded
        ? ("embedded" as const)
        : ("off" as const),
    otel:
      options.otel === false
        ? ("off" as const)
        : config.otlp.endpoint
          ? ("configured" as const)
          : ("pending" as const),
  };
  const needsBackend = plan.langfuse === "embedded" || plan.langsmith === "embedded";
  const backend = needsBackend
    ? await startLocalTraceBackend({
        retention: retentionDays(options.contract),
        ...(config.traceStoreDir !== undefined ? { dir: config.traceStoreDir } : {}),
        ...options.backend,
        log,
      })
    : undefined;
  const otelPlan: DestinationKind = plan.otel === "pending" ? (backend ? "embedded" : "off") : plan.otel;

  const common = { hashKey: config.userIdHashKey, log, retries: options.retries };
  const adapters: TraceAdapter[] = [];
  const destinations: TraceDestination[] = [];
  // Each hub's address and credentials, as its trace sink gets them, for the feedback on its traces.
  const feedbackHubs: FeedbackHubs = {};

  if (plan.langfuse !== "off") {
    const url = plan.langfuse === "embedded" ? backend!.url : (lf.baseUrl ?? DEFAULT_LANGFUSE_URL);
    const langfuseOptions = {
      ...common,
      publicKey: langfuseKeys ? lf.publicKey! : LOCAL_KEYS.langfusePublic,
      secretKey: langfuseKeys ? lf.secretKey! : LOCAL_KEYS.langfuseSecret,
      baseUrl: url,
      environment: config.environment,
      release: config.release,
      flushIntervalMs: options.flushIntervalMs,
      requestTimeoutMs: options.requestTimeoutMs,
    };
    adapters.push(
      lf.ingestion === "legacy"
        ? createLangfuseAdapter(langfuseOptions)
        : createLangfuseOtelAdapter(langfuseOptions),
    );
    feedbackHubs.langfuse = {
      baseUrl: url,
      publicKey: langfuseOptions.publicKey,
      secretKey: langfuseOptions.secretKey,
      environment: config.environment,
      traceIdOf: (id) => langfuseTraceIdFor(config, id),
    };
    const via =
      lf.ingestion === "legacy"
        ? "legacy /api/public/ingestion (LANGFUSE_INGESTION=legacy)"
        : "OTLP /api/public/otel/v1/traces";
    destinations.push({
      sink: "langfuse",
      kind: plan.langfuse,
      url,
      note:
        plan.langfuse === "embedded"
          ? `langfuse: the embedded local trace backend at ${url} via ${via} (no LANGFUSE_* keys set)`
          : langfuseKeys
            ? `langfuse: ${url} via ${via} with LANGFUSE_PUBLIC_KEY ${lf.publicKey}`
            : `langfuse: ${url} via ${via} (LANGFUSE_BASEURL/HOST set without keys: placeholder keys)`,
    });
  } else
    destinations.push({
      sink: "langfuse",
      kind: "off",
      note: "langfuse: off (no keys set and the embedded backend is disabled)",
    });

  if (plan.langsmith !== "off") {
    const url = plan.langsmith === "embedded" ? backend!.url : (ls.endpoint ?? DEFAULT_LANGSMITH_URL);
    const apiKey = ls.apiKey ?? LOCAL_KEYS.langsmith;
    adapters.push(
      createLangSmithAdapter({
        ...common,
        apiUrl: url,
        apiKey,
        project: ls.project,
        timeoutMs: options.requestTimeoutMs,
      }),
    );
    feedbackHubs.langsmith = { apiUrl: url, apiKey };
    destinations.push({
      sink: "langsmith",
      kind: plan.langsmith,
      url,
      note:
        plan.langsmith === "embedded"
          ? `langsmith: the embedded local trace backend at ${url} (no LANGSMITH_*/LANGCHAIN_* key or endpoint set), project "${ls.project}"`
          : `langsmith: ${url}, project "${ls.project}"${ls.apiKey ? "" : " (no API key set: placeholder key)"}`,
    });
  } else {
    destinations.push({
      sink: "langsmith",
      kind: "off",
      note: langsmithConfigured
        ? "langsmith: off (a key or endpoint is set but LANGSMITH_TRACING / LANGCHAIN_TRACING_V2 is not true)"
        : "langsmith: off (nothing set and the embedded backend is disabled)",
    });
  }

  if (otelPlan !== "off") {
    const url = otelPlan === "embedded" ? `${backend!.url}/v1/traces` : config.otlp.endpoint!;
    adapters.push(
      createOtelAdapter({
        ...common,
        url,
        environment: config.environment,
        release: config.release,
        timeoutMs: options.requestTimeoutMs,
      }),
    );
    destinations.push({
      sink: "otel",
      kind: otelPlan,
      url,
      note:
        otelPlan === "embedded"
          ? `otel: OTLP/HTTP JSON to the embedded local trace backend at ${url}`
          : `otel: OTLP/HTTP JSON to ${url}`,
    });
  } else
    destinations.push({
      sink: "otel",
      kind: "off",
      note: "otel: off (no OTEL_EXPORTER_OTLP_ENDPOINT and no embedded backend)",
    });

  const sinks = adapters.map((adapter) =>
    tracingSink(adapter, {
      contract: options.contract,
      release: config.release,
      defaultTimeoutMs: options.defaultTimeoutMs,
      log,
    }),
  );

  const feedback = createFeedbackSink(feedbackHubs, {
    flushIntervalMs: options.flushIntervalMs,
    requestTimeoutMs: options.requestTimeoutMs,
    retries: options.retries,
    defaultTimeoutMs: options.defaultTimeoutMs,
    log,
  });

  const store = backend?.store.persistence ? traceStoreSink(backend.store) : undefined;

  // The backend outlives its trace sinks: it closes when the last of them has shut down, after the
  // feedback queued so far has been delivered and the trace store has written what it was given
  // (feedback or traces arriving later are counted as lost).
  let open = sinks.length;
  let closing: Promise<void> | undefined;
  const closeBackendWhenLast = async () => {
    open -= 1;
    if (open <= 0 && backend)
      await (closing ??= feedback
        .flush(options.defaultTimeoutMs)
        .then(() => store?.flush(options.defaultTimeoutMs))
        .then(() => backend.close()));
  };
  for (const sink of sinks) {
    const shutdown = sink.shutdown!.bind(sink);
    let done: Promise<ExportResult> | undefined;
    sink.shutdown = (timeoutMs?: number) =>
      (done ??= shutdown(timeoutMs).then(async (result) => {
        await closeBackendWhenLast();
        return result;
      }));
  }
  if (sinks.length === 0 && backend) await backend.close();
  let closed: Promise<{ sink: string; result: ExportResult }[]> | undefined;
  const describe = () =>
    [
      ...destinations.map((d) => d.note),
      ...(store ? [`trace-store: each redacted trace to DuckDB at ${displayPath(store.path)}`] : []),
    ].join("\n");
  if (options.announce) {
    const say =
      typeof options.announce === "function"
        ? options.announce
        : (text: string) => process.stderr.write(`${text}\n`);
    say(`traces go to:\n${describe().replace(/^/gm, "  ")}`);
  }

  return {
    sinks,
    feedback,
    store,
    serviceSinks: () => [...sinks, ...(store ? [store] : []), feedback],
    backend,
    destinations,
    describe,
    tree(protocol, traceId) {
      const d = destinations.find((x) => x.sink === (protocol === "otlp" ? "otel" : protocol));
      if (!d || d.kind === "off") return `(${protocol}: tracing is off)`;
      if (d.kind === "configured" || !backend)
        return `(${protocol}: sent to ${d.url}; this process keeps no copy, so open trace ${traceId} there)`;
      return (
        renderTrace(backend.store, protocol, traceId) ??
        `(${protocol}: the local backend has not received trace ${traceId}; flush the sinks first)`
      );
    },
    close(timeoutMs) {
      // Once: a second call (a finally after an explicit close) gets the same results.
      return (closed ??= Promise.all(
        [...sinks, ...(store ? [store] : []), feedback].map(async (sink) => ({
          sink: sink.name,
          result: await sink.shutdown!(timeoutMs),
        })),
      ));
    },
  };
}
