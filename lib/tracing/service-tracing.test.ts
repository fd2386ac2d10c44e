/**
 * Tracing through the real service (Hono app on a socket, simulator behind the openai SDK),
 * configured the way a deployment is: keys and URLs in the config, pointing at a backend this
 * test runs. Hierarchy as received, a tool error, PII that must never arrive, and a dead or
 * slow backend that must not touch `/ask`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../config";
import { createDefaultTools } from "../rag/defaults";
import { flushSinks } from "../server/sink-dispatch";
import { startServer, type RunningServer } from "../server/start";
import { createTracingSinks, type TracingSetup } from "./create-tracing-sinks";
import { startLocalTraceBackend, type LocalTraceBackend } from "./local-backend";
import { findLeaks } from "./pii-probe";
import { renderTrace } from "./render-tree";
import type { Fields } from "./trace-store";
import { otelTraceId } from "../trace-id";
import { loadContract } from "../contract";

const contract = loadContract();

const envFor = (url: string) => ({
  APP_ENV: "staging",
  RELEASE: "2025.06.2",
  LANGFUSE_PUBLIC_KEY: "pk-lf-test",
  LANGFUSE_SECRET_KEY: "sk-lf-test",
  LANGFUSE_HOST: url,
  LANGCHAIN_TRACING_V2: "true",
  LANGCHAIN_ENDPOINT: url,
  LANGCHAIN_API_KEY: "lsv2-test",
  LANGCHAIN_PROJECT: "service-tests",
  OTEL_EXPORTER_OTLP_ENDPOINT: url,
});

async function ask(server: RunningServer, body: Record<string, unknown>) {
  const res = await fetch(`${server.url}/ask`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { trace_id: string; answer?: string } };
}

describe("tracing through the service", { timeout: 30_000 }, () => {
  let backend: LocalTraceBackend;
  let setup: TracingSetup;
  let server: RunningServer;
  const logs: string[] = [];
  const flushAll = async () => {
    await server.app.settle();
    const reports = await flushSinks(setup.sinks, { timeoutMs: 10_000 });
    expect(reports.map((r) => r.result.code)).toEqual(["SUCCESS", "SUCCESS", "SUCCESS"]);
  };

  beforeAll(async () => {
    backend = await startLocalTraceBackend({ dir: null });
    const config = readConfig(envFor(backend.url));
    setup = await createTracingSinks(config, { contract, log: (l) => logs.push(l) });
    // The order service times out on every call, so any question naming an order shows a tool error.
    server = await startServer({
      contract,
      port: 0,
      sinks: setup.sinks,
      timeScale: 0,
      environment: config.environment,
      release: config.release,
      tools: createDefaultTools({ timeScale: 0, failureRate: 1 }),
    });
  });
  afterAll(async () => {
    await server?.close({ shutdownSinks: true, flushTimeoutMs: 10_000 });
    await backend?.close();
  });

  it("sends to the configured server, not an embedded backend", () => {
    expect(setup.backend).toBeUndefined();
    expect(setup.destinations.map((d) => [d.sink, d.kind, d.url])).toEqual([
      ["langfuse", "configured", backend.url],
      ["langsmith", "configured", backend.url],
      ["otel", "configured", `${backend.url}/v1/traces`],
    ]);
  });

  it("delivers the same request to Langfuse and LangSmith with the same hierarchy and metadata", async () => {
    const { status, body } = await ask(server, {
      query: "How many days do I have to request a refund?",
      customer_tier: "enterprise",
      user_id: "u-1001",
    });
    expect(status).toBe(200);
    await flushAll();
    const meta = { environment: "staging", customer_tier: "enterprise", release: "2025.06.2" };

    // Over OTLP, Langfuse's trace id is the workbook trace id's 32 hex digits.
    const lf = backend.store.langfuseTrace(otelTraceId(body.trace_id))!;
    expect(lf.trace).toMatchObject({ name: "support-bot.ask.v2", metadata: meta });
    expect(lf.trace!.userId).toMatch(/^uid_[0-9a-f]{32}$/);
    const types = lf.observations.map((o) => o.type);
    expect(types).toContain("SPAN");
    expect(types).toContain("RETRIEVER");
    expect(types).toContain("GENERATION");
    for (const o of lf.observations) expect(o.metadata).toMatchObject(meta);
    const gen = lf.observations.find((o) => o.type === "GENERATION")!;
    const usage = gen.usageDetails as { input: number; output: number; total: number };
    expect(usage.input).toBeGreaterThan(0);
    expect(usage.total).toBe(usage.input + usage.output);
    expect((gen.costDetails as { total: number }).total).toBeGreaterThan(0);

    const root = backend.store.langsmithRuns().find((r) => !r.parent_run_id && r.id === body.trace_id)!;
    const kids = backend.store.langsmithRuns().filter((r) => r.parent_run_id === root.id);
    expect(root.run_type).toBe("chain");
    expect(kids.map((k) => k.run_type).sort()).toEqual(["llm", "retriever"]);
    for (const run of [root, ...kids]) expect((run.extra as Fields).metadata).toMatchObject(meta);
    const llm = kids.find((k) => k.run_type === "llm")!;
    expect((llm.outputs as Fields).usage_metadata).toMatchObject({
      input_tokens: usage.input,
      output_tokens: usage.output,
      total_tokens: usage.total,
    });

    expect(backend.store.otlpSpans(body.trace_id.replace(/-/g, "")).length).toBe(3);
  });

  it("shows a failed tool call as an ERROR span and an errored tool run", async () => {
    const { body } = await ask(server, {
      query: "Where is the refund for order ORD-20417?",
      user_id: "u-1002",
    });
    await flushAll();
    const tool = backend.store
      .langfuseTrace(otelTraceId(body.trace_id))!
      .observations.find((o) => o.type === "TOOL")!;
    expect(tool).toMatchObject({ name: "lookup_order", level: "ERROR" });
    expect(String(tool.statusMessage)).toMatch(/timed out/);
    expect(renderTrace(backend.store, "langsmith", body.trace_id)).toMatch(
      /tool execute_tool lookup_order · .* · ERROR/,
    );
    const span = backend.store
      .otlpSpans(otelTraceId(body.trace_id))
      .find((s) => s.name === "execute_tool lookup_order")!;
    expect(span.attributes["error.type"]).toBe("timeout");
  });

  it.each([
    ["an email", "My login is jane.doe+billing@example.com, refund please", "jane.doe+billing@example.com"],
    ["a phone number", "Call me back at (415) 555-0199 about my refund", "(415) 555-0199"],
    ["an SSN", "My SSN is 512-44-9087, can you verify my account?", "512-44-9087"],
    [
      "an OpenAI key",
      "Is sk-proj-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa9876 still valid?",
      "sk-proj-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa9876",
    ],
    [
      "a LangSmith key",
      "my 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 leaked",
      "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",
    ],
    [
      "a Langfuse secret key",
      "I pasted sk-lf-8d7c6b5a-4321-4abc-9def-0123456789ab into chat",
      "sk-lf-8d7c6b5a-4321-4abc-9def-0123456789ab",
    ],
  ])("never lets %s or the raw user id reach the backend", async (_kind, query, raw) => {
    const userId = `customer-${raw.length}-raw-id`;
    const before = backend.store.requests.length;
    const { status } = await ask(server, { query, user_id: userId });
    expect(status).toBe(200);
    await flushAll();
    const received = backend.store.requests
      .slice(before)
      .map((r) => r.body)
      .join("\n");
    expect(received).toContain("[REDACTED_"); // the text did arrive, redacted
    expect(findLeaks(received, [raw, userId])).toEqual([]);
  });

  it("logged nothing: no export failed", () => {
    expect(logs).toEqual([]);
    for (const sink of setup.sinks)
      expect(sink.stats()).toMatchObject({ items_failed: 0, records_failed: 0 });
  });
});

describe("a dead or slow backend never slows or fails /ask", () => {
  const N = 15;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  async function timeRequests(sinksFor: () => Promise<TracingSetup | undefined>) {
    const setup = await sinksFor();
    const server = await startServer({ contract, port: 0, sinks: setup?.sinks ?? [], timeScale: 0 });
    const times: number[] = [];
    const statuses: number[] = [];
    try {
      await ask(server, { query: "warm-up" });
      for (let i = 0; i < N; i++) {
        const t0 = performance.now();
        const { status } = await ask(server, { query: `How do refunds work? (${i})`, user_id: `u-${i}` });
        times.push(performance.now() - t0);
        statuses.push(status);
      }
      return { setup, server, times, statuses };
    } catch (error) {
      await server.close();
      throw error;
    }
  }

  it("keeps latency and status with a dead backend, counts the loss and logs it once per exporter", async () => {
    const gone = await startLocalTraceBackend({ dir: null });
    const deadUrl = gone.url;
    await gone.close();
    const baseline = await timeRequests(async () => undefined);
    await baseline.server.close();

    const logs: string[] = [];
    const dead = await timeRequests(() =>
      createTracingSinks(readConfig(envFor(deadUrl)), { contract, log: (l) => logs.push(l), retries: 1 }),
    );
    expect(dead.statuses).toEqual(Array(N).fill(200));
    expect(dead.server.app.stats.sink_errors).toEqual({});
    // Generous: tracing is off the request path, so a dead backend must not add real time.
    expect(median(dead.times)).toBeLessThan(median(baseline.times) * 3 + 50);

    const report = await dead.server.close({ shutdownSinks: true, flushTimeoutMs: 10_000 });
    expect(
      report.flushed
        .filter((f) => f.sink !== "json-log" && f.sink !== "prometheus")
        .map((f) => f.result.code),
    ).toEqual(["FAILED", "FAILED", "FAILED"]);
    for (const sink of dead.setup!.sinks) {
      const stats = sink.stats();
      expect(stats.records).toBe(N + 1);
      expect(stats.items_failed, sink.name).toBeGreaterThan(0);
      expect(stats.items_sent).toBe(0);
    }
    // One line when the first export fails, one summary at shutdown; never one per event.
    for (const name of ["langfuse", "langsmith", "otel"]) {
      expect(logs.filter((l) => l.startsWith(`[tracing] ${name}:`)).length, name).toBeLessThanOrEqual(2);
    }
  }, 60_000);

  it("keeps latency with a backend that answers after 3 s, and flush gives up at its bound", async () => {
    const slow = await startLocalTraceBackend({ dir: null, delayMs: 3_000 });
    const baseline = await timeRequests(async () => undefined);
    await baseline.server.close();
    const run = await timeRequests(() =>
      createTracingSinks(readConfig(envFor(slow.url)), { contract, log: () => undefined }),
    );
    try {
      expect(run.statuses).toEqual(Array(N).fill(200));
      expect(median(run.times)).toBeLessThan(median(baseline.times) * 3 + 50);
      await run.server.app.settle();
      const t0 = performance.now();
      const results = await flushSinks(run.setup!.sinks, { timeoutMs: 500 });
      // Bounded: the SDKs left alone would wait for the slow answers (LangSmith up to 90 s per request).
      expect(performance.now() - t0).toBeLessThan(5_000);
      expect(results.some((r) => r.result.code === "FAILED")).toBe(true);
    } finally {
      await run.server.close({ shutdownSinks: true, flushTimeoutMs: 500 });
      await slow.close();
    }
  }, 60_000);
});
