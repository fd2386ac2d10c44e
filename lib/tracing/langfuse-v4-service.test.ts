/**
 * The service against a Langfuse v4 emulation (write mode `events_only`, the v4 default), the way
 * a deployment is configured: Langfuse, LangSmith and OTLP all pointed at one backend.
 * - 20 `/ask` requests full of emails, phones and API keys arrive as 20 Langfuse traces over OTLP
 *   JSON, each with a generation carrying model and token usage; 0 events rejected; 0 raw values
 *   anywhere in what the backend received.
 * - With LLM faults injected (some calls fail after the SDK's retries), every OTLP span follows
 *   the GenAI conventions and the failed ones carry `error.type` and no token counts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../config";
import { loadContract } from "../contract";
import { createLlmClient } from "../llm/create-llm-client";
import { createDefaultTools } from "../rag/defaults";
import { createApp, type BotApp } from "../server/app";
import { flushSinks } from "../server/sink-dispatch";
import { createTracingSinks, type TracingSetup } from "./create-tracing-sinks";
import { GEN_AI } from "./gen-ai-attributes";
import { startLocalTraceBackend, type LocalTraceBackend } from "./local-backend";
import { findLeaks, piiProbeRequests } from "./pii-probe";
import { otelTraceId } from "../trace-id";

const contract = loadContract();

const envFor = (url: string) => ({
  LANGFUSE_PUBLIC_KEY: "pk-lf-v4",
  LANGFUSE_SECRET_KEY: "sk-lf-v4",
  LANGFUSE_HOST: url,
  LANGSMITH_TRACING: "true",
  LANGSMITH_ENDPOINT: url,
  LANGSMITH_API_KEY: "lsv2-v4",
  OTEL_EXPORTER_OTLP_ENDPOINT: url,
});

async function ask(app: BotApp, body: Record<string, unknown>) {
  const res = await app.request("/ask", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { trace_id: string } };
}

describe("the service against a Langfuse v4 emulation in events_only mode", { timeout: 60_000 }, () => {
  let backend: LocalTraceBackend;
  let setup: TracingSetup;
  let app: BotApp;
  const probes = piiProbeRequests(20, 11);
  const traceIds: string[] = [];

  beforeAll(async () => {
    backend = await startLocalTraceBackend({ dir: null });
    setup = await createTracingSinks(readConfig(envFor(backend.url)), { contract, log: () => undefined });
    // A generous per-attempt timeout: at time scale 0 the default (50 ms) can fire on a busy machine.
    app = createApp({
      contract,
      llm: createLlmClient({ timeoutMs: 10_000, simulator: { seed: 42, timeScale: 0 } }),
      sinks: setup.sinks,
      timeScale: 0,
    });
    for (const p of probes) {
      const { status, body } = await ask(app, {
        query: p.query,
        user_id: p.user_id,
        customer_tier: p.customer_tier,
      });
      expect(status).toBe(200);
      traceIds.push(body.trace_id);
    }
    await app.settle();
    const reports = await flushSinks(setup.sinks, { timeoutMs: 20_000 });
    expect(reports.map((r) => `${r.sink} ${r.result.code}`)).toEqual([
      "langfuse SUCCESS",
      "langsmith SUCCESS",
      "otel SUCCESS",
    ]);
  });
  afterAll(async () => {
    await setup?.close(5_000);
    await backend?.close();
  });

  it("is a v4 server in events_only mode, and Langfuse traffic went to its OTel endpoint only", async () => {
    expect(await (await fetch(`${backend.url}/api/public/health`)).json()).toMatchObject({
      status: "OK",
      version: expect.stringMatching(/^4\./),
    });
    const langfusePaths = new Set(
      backend.store.requests
        .filter((r) => r.path.startsWith("/api/public"))
        .map((r) => `${r.method} ${r.path} ${r.status}`),
    );
    expect(langfusePaths).toEqual(new Set(["POST /api/public/otel/v1/traces 200"]));
  });

  it("stores 20 Langfuse traces, each with a generation carrying model and token usage, and rejects nothing", () => {
    expect(backend.store.summary()).toMatchObject({
      rejected_requests: 0,
      rejected_items: 0,
      langfuse_traces: 20,
    });
    for (const id of traceIds) {
      const view = backend.store.langfuseTrace(otelTraceId(id));
      expect(view?.trace, id).toMatchObject({ name: expect.stringMatching(/^support-bot\.ask\.v\d+$/) });
      const gen = view!.observations.find((o) => o.type === "GENERATION")!;
      expect(gen.model, id).toBe("gpt-4o-mini");
      const usage = gen.usageDetails as { input: number; output: number; total: number };
      expect(Number.isInteger(usage.input) && usage.input > 0, id).toBe(true);
      expect(usage.total).toBe(usage.input + usage.output);
    }
    for (const sink of setup.sinks)
      expect(sink.stats(), sink.name).toMatchObject({ items_failed: 0, records_failed: 0 });
  });

  it("names one trace with one id everywhere: /ask, Langfuse, the LangSmith root run, OTLP", () => {
    const id = traceIds[0];
    expect(backend.store.langfuseTrace(otelTraceId(id))?.trace).toBeDefined();
    expect(backend.store.langsmithRuns().find((r) => r.id === id && !r.parent_run_id)?.run_type).toBe(
      "chain",
    );
    expect(backend.store.otlpSpans(otelTraceId(id)).some((s) => !s.parentSpanId)).toBe(true);
  });

  it("received not one raw email, phone, API key or user id", () => {
    const received = backend.store.receivedText();
    const planted = probes.flatMap((p) => p.raw);
    expect(planted.length).toBe(100);
    expect(received).toContain("[REDACTED_");
    expect(findLeaks(received, planted)).toEqual([]);
  });
});

describe("LLM calls that fail after retries, as OTLP spans", { timeout: 60_000 }, () => {
  let backend: LocalTraceBackend;
  let setup: TracingSetup;
  const statuses: number[] = [];

  beforeAll(async () => {
    backend = await startLocalTraceBackend({ dir: null });
    setup = await createTracingSinks(readConfig(envFor(backend.url)), { contract, log: () => undefined });
    // Retries off and a high fault rate, so some calls fail for good; seeded, so the run repeats.
    const llm = createLlmClient({
      maxRetries: 0,
      timeoutMs: 10_000,
      simulator: { seed: 7, timeScale: 0, faults: { rateLimit: 0.3, serverError: 0.2 } },
    });
    const app = createApp({
      contract,
      llm,
      sinks: setup.sinks,
      timeScale: 0,
      tools: createDefaultTools({ timeScale: 0, failureRate: 0.5, seed: 3 }),
    });
    for (let i = 0; i < 16; i++)
      statuses.push(
        (await ask(app, { query: `Where is the refund for order ORD-2041${i}? (${i})`, user_id: `u-${i}` }))
          .status,
      );
    await app.settle();
    const reports = await flushSinks(setup.sinks, { timeoutMs: 20_000 });
    expect(reports.map((r) => `${r.sink} ${r.result.code}`)).toEqual([
      "langfuse SUCCESS",
      "langsmith SUCCESS",
      "otel SUCCESS",
    ]);
  });
  afterAll(async () => {
    await setup?.close(5_000);
    await backend?.close();
  });

  it("had both failed and answered requests", () => {
    expect(statuses.filter((s) => s >= 500).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
  });

  it("gives every span a contract name and its GenAI operation, and every failed span error.type", () => {
    const spans = backend.store.otlpSpans();
    const regex = new RegExp(contract.naming.span_name_regex);
    const children = spans.filter((s) => s.parentSpanId);
    expect(children.length).toBeGreaterThan(16 * 2);
    for (const s of children) {
      expect(s.name).toMatch(regex);
      const op = s.attributes[GEN_AI.operationName];
      expect(["chat", "execute_tool", "retrieval"]).toContain(op);
      expect(s.name.startsWith(`${op} `)).toBe(true);
    }
    const failed = spans.filter((s) => s.status.code === 2);
    expect(failed.some((s) => s.attributes[GEN_AI.operationName] === "chat")).toBe(true);
    for (const s of failed) expect(s.attributes["error.type"], s.name).toEqual(expect.any(String));
    for (const s of spans.filter((x) => x.status.code !== 2))
      expect(s.attributes["error.type"], s.name).toBeUndefined();
  });

  it("reports tokens on answered chat spans only, as integers, and the requested model on all of them", () => {
    const chats = backend.store.otlpSpans().filter((s) => s.attributes[GEN_AI.operationName] === "chat");
    expect(chats.length).toBe(16);
    for (const s of chats) {
      expect(s.name).toBe(`chat ${s.attributes[GEN_AI.requestModel]}`);
      if (s.status.code === 2) {
        expect(s.attributes[GEN_AI.inputTokens], s.spanId).toBeUndefined();
        expect(s.attributes[GEN_AI.outputTokens], s.spanId).toBeUndefined();
        expect(s.attributes[GEN_AI.responseId]).toBeUndefined();
      } else {
        expect(Number.isInteger(s.attributes[GEN_AI.inputTokens])).toBe(true);
        expect(s.attributes[GEN_AI.responseFinishReasons]).toEqual(["stop"]);
        expect(String(s.attributes[GEN_AI.responseId])).toMatch(/^chatcmpl-/);
        expect(s.attributes[GEN_AI.responseTimeToFirstChunk]).toEqual(expect.any(Number));
      }
    }
  });

  it("leaves usage out of failed Langfuse generations as well", () => {
    const gens = backend.store
      .langfuseTraceIds()
      .map((id) => backend.store.langfuseTrace(id)!)
      .flatMap((v) => v.observations.filter((o) => o.type === "GENERATION"));
    const failed = gens.filter((g) => g.level === "ERROR");
    expect(failed.length).toBe(statuses.filter((s) => s >= 500).length);
    for (const g of failed) expect(g.usageDetails).toEqual({});
  });
});
