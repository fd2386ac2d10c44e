/**
 * The Langfuse v3 -> v4 story, measured: the same requests sent to one Langfuse v4 emulation
 * (write mode `events_only`, the v4 default) twice, once as the v3 SDK's legacy ingestion events
 * and once through the JS SDK v5 span processor over OTLP, plus one score through the v3 SDK.
 * Every number comes from what the backend answered (the 207 bodies the v3 SDK received, the
 * status codes of the OTLP requests) and what it stored.
 */
import { Langfuse } from "langfuse";
import type { Contract } from "../contract";
import type { AnswerRecord } from "../record";
import { createLangfuseAdapter } from "./langfuse-adapter";
import { LANGFUSE_OTEL_PATH, createLangfuseOtelAdapter } from "./langfuse-otel-adapter";
import { startLocalTraceBackend, type LocalTraceBackend } from "./local-backend";
import { traceSteps, type TraceSteps } from "./trace-steps";
import { otelTraceId } from "../trace-id";

export interface IngestionPathResult {
  /** `POST /api/public/ingestion` or `POST /api/public/otel/v1/traces`. */
  endpoint: string;
  http_statuses: number[];
  /** Events (legacy) or spans (OTLP) the SDK sent. */
  items_sent: number;
  items_accepted: number;
  items_rejected: number;
  /** Per-item rejections as the server worded them, e.g. `400 Event type not accepted`, with counts. */
  rejections: { status: number; message: string; count: number }[];
  traces_stored: number;
  observations_stored: number;
  /** Stored generations that carry a model and token usage. */
  generations_with_usage: number;
}

export interface LangfuseIngestionCheck {
  server: { status: string; version: string; write_mode: "events_only" };
  requests: number;
  legacy: IngestionPathResult;
  otel: IngestionPathResult;
  /** One `score-create` sent with the v3 SDK to the same server. */
  score: { http_status: number; accepted: boolean; stored: number };
}

const KEYS = { publicKey: "pk-lf-check", secretKey: "sk-lf-check" };

/** Sends `records` both ways to a fresh `events_only` backend on 127.0.0.1 and reports what it answered. */
export async function checkLangfuseIngestion(
  records: readonly AnswerRecord[],
  options: { contract: Contract },
): Promise<LangfuseIngestionCheck> {
  const backend = await startLocalTraceBackend({ dir: null, langfuseWriteMode: "events_only" });
  try {
    const health = (await (await fetch(`${backend.url}/api/public/health`)).json()) as {
      status: string;
      version: string;
    };
    const ids = records.map((r) => r.trace.trace_id);
    // The same steps both ways, built once under the caller's contract.
    const steps = records.map((record) => traceSteps(record, { contract: options.contract }));
    const legacy = await sendLegacy(backend, steps);
    const legacyStored = stored(backend, ids);
    const otel = await sendOtel(backend, steps, ids);
    const score = await sendScore(backend, ids[0]);
    return {
      server: { ...health, write_mode: "events_only" },
      requests: records.length,
      legacy: { ...legacy, ...legacyStored },
      otel,
      score,
    };
  } finally {
    await backend.close();
  }
}

async function sendLegacy(backend: LocalTraceBackend, steps: readonly TraceSteps[]) {
  const answers: {
    status: number;
    body: { successes?: unknown[]; errors?: { status: number; message: string }[] };
  }[] = [];
  const capture: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    answers.push({
      status: res.status,
      body: await res
        .clone()
        .json()
        .catch(() => ({})),
    });
    return res;
  };
  const adapter = createLangfuseAdapter({
    ...KEYS,
    baseUrl: backend.url,
    environment: "dev",
    retries: 0,
    fetchImpl: capture,
    log: () => undefined,
  });
  for (const step of steps) await adapter.send(step);
  await adapter.flush();
  await adapter.shutdown();
  const errors = answers.flatMap((a) => a.body.errors ?? []);
  const accepted = answers.reduce((n, a) => n + (a.body.successes?.length ?? 0), 0);
  return {
    endpoint: "POST /api/public/ingestion",
    http_statuses: answers.map((a) => a.status),
    items_sent: accepted + errors.length,
    items_accepted: accepted,
    items_rejected: errors.length,
    rejections: group(errors),
  };
}

async function sendOtel(
  backend: LocalTraceBackend,
  steps: readonly TraceSteps[],
  ids: readonly string[],
): Promise<IngestionPathResult> {
  const before = backend.store.requests.length;
  const adapter = createLangfuseOtelAdapter({
    ...KEYS,
    baseUrl: backend.url,
    environment: "dev",
    log: () => undefined,
  });
  for (const step of steps) await adapter.send(step);
  await adapter.flush();
  await adapter.shutdown();
  const requests = backend.store.requests.slice(before).filter((r) => r.path === LANGFUSE_OTEL_PATH);
  const spans = requests.map((r) => spanCount(r.body));
  const acceptedSpans = requests.reduce((n, r, i) => n + (r.status === 200 ? spans[i] : 0), 0);
  const sent = spans.reduce((a, b) => a + b, 0);
  return {
    endpoint: `POST ${LANGFUSE_OTEL_PATH}`,
    http_statuses: requests.map((r) => r.status),
    items_sent: sent,
    items_accepted: acceptedSpans,
    items_rejected: sent - acceptedSpans,
    rejections: group(
      requests.filter((r) => r.status !== 200).map((r) => ({ status: r.status, message: r.error ?? "" })),
    ),
    ...stored(
      backend,
      ids.map((id) => otelTraceId(id)),
    ),
  };
}

async function sendScore(backend: LocalTraceBackend, traceId: string) {
  const before = backend.store.requests.length;
  const client = new Langfuse({ ...KEYS, baseUrl: backend.url, fetchRetryCount: 0 });
  client.score({ traceId: otelTraceId(traceId), name: "ingestion_check", value: 1, dataType: "NUMERIC" });
  await client.shutdownAsync();
  const request = backend.store.requests.slice(before).find((r) => r.path === "/api/public/ingestion");
  const stored = backend.store.langfuseTrace(otelTraceId(traceId))?.scores.length ?? 0;
  return {
    http_status: request?.status ?? 0,
    accepted: Boolean(request && request.status < 300 && !request.rejected_items),
    stored,
  };
}

function stored(backend: LocalTraceBackend, ids: readonly string[]) {
  const views = ids.map((id) => backend.store.langfuseTrace(id)).filter((v) => v?.trace !== undefined);
  const observations = views.flatMap((v) => v!.observations);
  return {
    traces_stored: views.length,
    observations_stored: observations.length,
    generations_with_usage: observations.filter(
      (o) =>
        o.type === "GENERATION" &&
        o.model &&
        Object.keys((o.usageDetails as object | undefined) ?? {}).length > 0,
    ).length,
  };
}

function spanCount(body: string): number {
  try {
    const data = JSON.parse(body) as { resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[] };
    return (data.resourceSpans ?? []).reduce(
      (n, rs) => n + (rs.scopeSpans ?? []).reduce((m, ss) => m + (ss.spans?.length ?? 0), 0),
      0,
    );
  } catch {
    return 0;
  }
}

function group(errors: { status: number; message: string }[]) {
  const counts = new Map<string, { status: number; message: string; count: number }>();
  for (const e of errors) {
    const key = `${e.status} ${e.message}`;
    const entry = counts.get(key) ?? { status: e.status, message: e.message, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()];
}
