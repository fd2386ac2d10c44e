/**
 * The load and fault scenarios, shared by the small-scale tests (`npm test`) and the full
 * figures (`npm run bench -- soak`). Each runs the real service as a child process on 127.0.0.1
 * and returns numbers; judging them against targets is the caller's job.
 */
import type { Fields } from "../../tracing/trace-store";
import { startLocalTraceBackend, type LocalTraceBackend } from "../../tracing/local-backend";
import { driveLoad, type LoadOutcome } from "../../server/drive-traffic";
import { latencyPercentile } from "./load-latency";
import { startFaultBackend, type FaultMode } from "./fault-backend";
import { startServiceProcess, type ServiceProcess } from "./service-process";
import { otelTraceId } from "../../trace-id";

const hubEnv = (url: string): Record<string, string> => ({
  LANGFUSE_PUBLIC_KEY: "pk-lf-load",
  LANGFUSE_SECRET_KEY: "sk-lf-load",
  LANGFUSE_BASEURL: url,
  LANGSMITH_TRACING: "true",
  LANGSMITH_ENDPOINT: url,
  LANGSMITH_API_KEY: "lsv2-load",
  LANGSMITH_PROJECT: "load",
  OTEL_EXPORTER_OTLP_ENDPOINT: url,
});

async function healthz(url: string): Promise<{
  memory: { rss_mb: number; heap_used_mb: number };
  exports: Record<string, unknown>;
  stats: Record<string, unknown>;
}> {
  return (await (await fetch(`${url}/healthz`)).json()) as never;
}

async function stop(service: ServiceProcess) {
  service.sigterm();
  return service.exited;
}

/** `{ "500 trace_build_failed": 1 }`: what the failed requests were. */
export const failureKinds = (outcomes: readonly LoadOutcome[]) => {
  const kinds: Record<string, number> = {};
  for (const o of outcomes)
    if (o.status !== 200)
      kinds[`${o.status ?? "network"} ${o.error ?? ""}`.trim()] =
        (kinds[`${o.status ?? "network"} ${o.error ?? ""}`.trim()] ?? 0) + 1;
  return kinds;
};

export interface MemoryResult {
  requests: number;
  failed: number;
  failures: Record<string, number>;
  rss_mb_at: Record<number, number>;
  growth_mb: number;
  rps: number;
  exit_code: number | null;
}

/** The embedded defaults (local backend in the service's process), `total` requests; RSS sampled at `from` and at the end. */
export async function memoryScenario({
  total = 6_000,
  concurrency = 40,
  from = 1_000,
} = {}): Promise<MemoryResult> {
  const service = await startServiceProcess({ LLM_SIM_TIME_SCALE: "0" });
  const rss: Record<number, number> = {};
  try {
    const t0 = performance.now();
    const outcomes = await driveLoad({
      url: service.url,
      total,
      concurrency,
      onOutcome: async (_o, done) => {
        if (done === from) rss[from] = (await healthz(service.url)).memory.rss_mb;
      },
    }).done;
    const seconds = (performance.now() - t0) / 1000;
    rss[total] = (await healthz(service.url)).memory.rss_mb;
    const exit = await stop(service);
    return {
      requests: outcomes.length,
      failed: outcomes.filter((o) => o.status !== 200).length,
      failures: failureKinds(outcomes),
      rss_mb_at: rss,
      growth_mb: rss[total] - rss[from],
      rps: outcomes.length / seconds,
      exit_code: exit.code,
    };
  } finally {
    service.child.kill("SIGKILL");
  }
}

export interface SigtermResult {
  answered: number;
  in_flight_at_sigterm: number;
  /** Answered (200) requests whose trace is missing at each hub. */
  missing: { langfuse: number; langsmith: number; otel: number };
  /** Requests that failed with a network error rather than an answer, by error code. */
  network_errors: number;
  network_error_kinds: Record<string, number>;
  exit_code: number | null;
  exit_ms: number;
  shutdown_line: string;
}

/** All three hubs at a local backend; SIGTERM once `answersBeforeSigterm` requests were answered. */
export async function sigtermScenario({
  answersBeforeSigterm = 1_500,
  concurrency = 40,
} = {}): Promise<SigtermResult> {
  const backend = await startLocalTraceBackend({
    dir: null,
    maxWindowBytes: 2 * 1024 * 1024 * 1024,
    log: () => undefined,
  });
  const service = await startServiceProcess({ LLM_SIM_TIME_SCALE: "0", ...hubEnv(backend.url) });
  try {
    let answered = 0;
    let inFlightAtSigterm = 0;
    let sent = false;
    const run = driveLoad({
      url: service.url,
      total: answersBeforeSigterm * 10,
      concurrency,
      onOutcome: (o) => {
        if (o.status === 200) answered += 1;
        if (!sent && answered >= answersBeforeSigterm) {
          sent = true;
          inFlightAtSigterm = run.inFlight();
          run.stop();
          service.sigterm();
        }
      },
    });
    const outcomes = await run.done;
    const exit = await service.exited;
    const ok = outcomes.filter((o) => o.status === 200 && o.trace_id).map((o) => o.trace_id!);
    return {
      answered: ok.length,
      in_flight_at_sigterm: inFlightAtSigterm,
      missing: missingAtHubs(backend, ok),
      network_errors: outcomes.filter((o: LoadOutcome) => o.status === null).length,
      network_error_kinds: failureKinds(outcomes.filter((o) => o.status === null)),
      exit_code: exit.code,
      exit_ms: exit.ms,
      shutdown_line: service.stderr().slice(service.stderr().indexOf("stopped")),
    };
  } finally {
    service.child.kill("SIGKILL");
    await backend.close();
  }
}

function missingAtHubs(backend: LocalTraceBackend, traceIds: string[]): SigtermResult["missing"] {
  const store = backend.store;
  const langsmithRoots = new Set(
    store
      .langsmithRuns()
      .filter((r) => !r.parent_run_id && r.end_time)
      .map((r) => ((r.extra as Fields | undefined)?.metadata as Fields | undefined)?.trace_id as string),
  );
  const otelRoots = new Set(
    store
      .otlpSpans()
      .filter((s) => !s.parentSpanId)
      .map((s) => s.traceId),
  );
  return {
    langfuse: traceIds.filter((id) => store.langfuseTrace(id)?.trace === undefined).length,
    langsmith: traceIds.filter((id) => !langsmithRoots.has(id)).length,
    otel: traceIds.filter((id) => !otelRoots.has(otelTraceId(id))).length,
  };
}

export interface FaultResult {
  mode: "baseline" | FaultMode;
  requests: number;
  failed: number;
  failures: Record<string, number>;
  p50_ms: number;
  p99_ms: number;
  exit_code: number | null;
  exit_ms: number;
  shutdown_line: string;
}

/** `/ask` latency with every hub pointed at a healthy local backend (baseline) or a faulty one. */
export async function faultScenario(
  mode: "baseline" | FaultMode,
  { total = 3_000, concurrency = 20, warmup = 200 } = {},
): Promise<FaultResult> {
  const healthy =
    mode === "baseline" ? await startLocalTraceBackend({ dir: null, log: () => undefined }) : undefined;
  const faulty = mode === "baseline" ? undefined : await startFaultBackend(mode);
  const url = healthy?.url ?? faulty!.url;
  const service = await startServiceProcess({ LLM_SIM_TIME_SCALE: "0", ...hubEnv(url) });
  try {
    await driveLoad({ url: service.url, total: warmup, concurrency }).done;
    const outcomes = await driveLoad({ url: service.url, total, concurrency }).done;
    const exit = await stop(service);
    return {
      mode,
      requests: outcomes.length,
      failed: outcomes.filter((o) => o.status !== 200).length,
      failures: failureKinds(outcomes),
      p50_ms: latencyPercentile(outcomes, 50),
      p99_ms: latencyPercentile(outcomes, 99),
      exit_code: exit.code,
      exit_ms: exit.ms,
      shutdown_line: service.stderr().slice(service.stderr().indexOf("stopped")),
    };
  } finally {
    service.child.kill("SIGKILL");
    await healthy?.close();
    await faulty?.close();
  }
}

export interface RetainedHeapResult {
  /** Heap in use after a full GC, at each sample (MB). */
  heap_mb_at: Record<number, number>;
  growth_mb: number;
  failed: number;
}

/**
 * What the embedded defaults RETAIN, separated from V8's lazy heap sizing: the service, its
 * sinks and the embedded backend in this process, a full GC before each sample. RSS figures move
 * with how eagerly V8 collects; this one only moves if something keeps references.
 */
export async function retainedHeapScenario({
  total = 6_000,
  concurrency = 40,
  from = 1_000,
} = {}): Promise<RetainedHeapResult> {
  const { setFlagsFromString } = await import("node:v8");
  const { runInNewContext } = await import("node:vm");
  setFlagsFromString("--expose_gc");
  const gc = runInNewContext("gc") as () => void;
  const { Registry } = await import("prom-client");
  const { readConfig } = await import("../../config");
  const { createTracingSinks } = await import("../../tracing/create-tracing-sinks");
  const { createPrometheusSink } = await import("../../prometheus");
  const { createJsonLogSink } = await import("../../server/json-log-sink");
  const { startServer } = await import("../../server/start");
  const { loadContract } = await import("../../contract");
  const registry = new Registry();
  const contract = loadContract();
  const tracing = await createTracingSinks(readConfig({}), { contract, log: () => undefined });
  const server = await startServer({
    port: 0,
    timeScale: 0,
    contract,
    sinks: [createJsonLogSink({ write: () => true }), createPrometheusSink(registry), ...tracing.sinks],
    metricsRegistry: registry,
  });
  const heap: Record<number, number> = {};
  const sample = async (at: number) => {
    await new Promise((r) => setTimeout(r, 1_500)); // let exports and DuckDB writes settle
    gc();
    gc();
    heap[at] = Math.round((10 * process.memoryUsage().heapUsed) / (1024 * 1024)) / 10;
  };
  try {
    const first = await driveLoad({ url: server.url, total: from, concurrency }).done;
    await sample(from);
    const rest = await driveLoad({ url: server.url, total: total - from, concurrency }).done;
    await sample(total);
    return {
      heap_mb_at: heap,
      growth_mb: heap[total] - heap[from],
      failed: [...first, ...rest].filter((o) => o.status !== 200).length,
    };
  } finally {
    await server.close({ shutdownSinks: true });
  }
}
