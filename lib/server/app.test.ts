import { Registry, Counter } from "prom-client";
import { describe, expect, it } from "vitest";
import { createLlmClient } from "../llm/create-llm-client";
import type { AnswerRecord, RecordSink } from "../record";
import { createDefaultTools } from "../rag/defaults";
import { parseTrace } from "../schema";
import { createApp, type AppOptions } from "./app";
import { createJsonLogSink } from "./json-log-sink";
import { createMemorySink } from "./memory-sink";
import { loadContract } from "../contract";

const contract = loadContract();

const setup = (options: Partial<AppOptions> = {}) => {
  const memory = createMemorySink();
  const lines: string[] = [];
  const log = createJsonLogSink({ write: (line) => lines.push(line) });
  const app = createApp({
    contract,
    timeScale: 0,
    tools: createDefaultTools({ timeScale: 0, failureRate: 0 }),
    ...options,
    sinks: [memory, log, ...(options.sinks ?? [])],
  });
  return { app, memory, lines };
};

const post = (app: ReturnType<typeof createApp>, body: unknown, raw = false) =>
  app.request("/ask", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: raw ? (body as string) : JSON.stringify(body),
  });

describe("POST /ask", () => {
  it("answers 200 with {answer, trace_id, prompt_version} and records a schema-valid trace with that id", async () => {
    const { app, memory } = setup();
    const res = await post(app, {
      query: "How long is the refund window for monthly Pro?",
      user_id: "u_1",
      customer_tier: "pro",
      prompt_version: "v1",
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      prompt_version: "v1.0",
      simulated: true,
      notice: "answered by the embedded simulator (no OPENAI_API_KEY)",
    });
    expect(typeof body.answer).toBe("string");
    expect(res.headers.get("x-trace-id")).toBe(body.trace_id);
    await app.settle();
    const record = memory.byTraceId(body.trace_id as string) as AnswerRecord;
    expect(parseTrace(record.trace).ok).toBe(true);
    expect(record.trace.customer_tier).toBe("pro");
    expect(record.trace.output_text).toBe(body.answer);
  });

  it("sets quality_score when the query is in the eval set it was given", async () => {
    const { app, memory } = setup({
      expectedFacts: (q) => (q.startsWith("What is the refund window") ? ["14 days"] : undefined),
    });
    const res = await post(app, { query: "What is the refund window for a monthly Pro subscription?" });
    const { trace_id } = (await res.json()) as { trace_id: string };
    await app.settle();
    expect(memory.byTraceId(trace_id)?.trace.quality_score).toBe(100);
  });

  it.each([
    ["missing query", {}, ["query: is required"]],
    ["empty query", { query: "   " }, ["query: must not be empty"]],
    ["query not a string", { query: 42 }, ["query: must be a string"]],
    [
      "unknown tier",
      { query: "hi", customer_tier: "gold" },
      ["customer_tier: must be one of free, pro, enterprise"],
    ],
    [
      "unknown prompt version",
      { query: "hi", prompt_version: "v9" },
      ["prompt_version: must be one of v1.0, v2.1, v1, v2"],
    ],
    [
      "misspelt field",
      { query: "hi", promt_version: "v1" },
      ["promt_version: is not a known field (known: query, user_id, customer_tier, prompt_version)"],
    ],
    ["too long", { query: "x".repeat(4001) }, ["query: must be at most 4000 characters"]],
    ["array body", [], ["(root): body must be a JSON object"]],
    [
      "several problems at once",
      { query: "", user_id: 5 },
      ["query: must not be empty", "user_id: must be a string"],
    ],
  ])("answers 400 with path: message issues for %s", async (_, body, issues) => {
    const { app, lines } = setup();
    const res = await post(app, body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { type: string; issues: string[] } };
    expect(json.error.type).toBe("invalid_request");
    expect(json.error.issues).toEqual(issues);
    await app.settle();
    expect(JSON.parse(lines[0])).toMatchObject({ status: 400, error_type: "invalid_request" });
  });

  it("answers 400 on a body that is not JSON, without a stack trace", async () => {
    const { app } = setup();
    const res = await post(app, "{not json", true);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain("not valid JSON");
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });

  it("answers 413 on an oversized body", async () => {
    const { app } = setup({ maxBodyBytes: 1024 });
    const res = await post(app, { query: "x".repeat(2000) });
    expect(res.status).toBe(413);
  });

  it.each([
    [{ rateLimit: 1 }, 503, "llm_rate_limited"],
    [{ serverError: 1 }, 502, "llm_upstream_error"],
  ])(
    "when retries run out (%j) answers %i with a typed error, and the trace is still recorded with error set",
    async (faults, status, type) => {
      const llm = createLlmClient({ maxRetries: 2, simulator: { timeScale: 0, faults } });
      const { app, memory, lines } = setup({ llm });
      const res = await post(app, { query: "What are the API rate limits?" });
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: { type: string; message: string }; trace_id: string };
      expect(body.error.type).toBe(type);
      expect(body.error.message).toMatch(/\d{3}/);
      await app.settle();
      const record = memory.byTraceId(body.trace_id) as AnswerRecord;
      expect(record.trace.error).toMatch(/after 3 attempts/);
      expect(record.events.filter((e) => e.name === "retry")).toHaveLength(2);
      expect(JSON.parse(lines[0])).toMatchObject({
        status,
        trace_id: body.trace_id,
        attempts: 3,
        level: "error",
      });
      expect(app.stats.llm_failures).toBe(1);
    },
  );

  it("writes one JSON log line per request with no raw PII: text redacted, user id hashed", async () => {
    const { app, lines } = setup();
    const email = "maria.garcia@example.com";
    await post(app, {
      query: `I'm ${email}, call +1 415 555 2671. Refund status for ORD-18830?`,
      user_id: email,
      customer_tier: "enterprise",
    });
    await post(app, { query: `hello ${email}`, customer_tier: "platinum" });
    await app.settle();
    expect(lines).toHaveLength(2);
    const [ok, bad] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(ok).toMatchObject({
      status: 200,
      customer_tier: "enterprise",
      prompt_version: "v2.1",
      simulated: true,
    });
    expect(ok.user_id_hash).toMatch(/^uid_[0-9a-f]{32}$/);
    expect(ok.input_text).toContain("[REDACTED_EMAIL]");
    for (const key of ["trace_id", "latency_ms", "total_tokens", "cost_usd", "error"])
      expect(ok).toHaveProperty(key);
    expect(bad).toMatchObject({ status: 400 });
    for (const line of lines) {
      expect(line).not.toContain(email);
      expect(line).not.toMatch(/555.?2671/);
    }
  });

  it("a throwing sink neither fails nor slows the request; its failures are counted", async () => {
    const broken: RecordSink = {
      name: "broken",
      record() {
        throw new Error("exporter exploded");
      },
      flush: async () => ({ code: "SUCCESS" }),
    };
    const { app } = setup({ sinks: [broken] });
    const stderr = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      for (let i = 0; i < 3; i++)
        expect((await post(app, { query: "What are the API rate limits?" })).status).toBe(200);
      await app.settle();
    } finally {
      process.stderr.write = stderr;
    }
    expect(app.stats.sink_errors).toEqual({ broken: 3 });
  });
});

describe("GET /healthz and /metrics", () => {
  it("reports health, the LLM in use and the prompt hashes", async () => {
    const { app } = setup();
    const res = await app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "ok",
      llm: { simulated: true, model: "gpt-4o-mini" },
      prompt_versions: [{ id: "v1.0" }, { id: "v2.1" }],
    });
  });

  it("serves the given prom-client registry, and says so when there is none", async () => {
    const registry = new Registry();
    new Counter({ name: "workbook_test_total", help: "test", registers: [registry] }).inc(3);
    const withRegistry = await setup({ metricsRegistry: registry }).app.request("/metrics");
    expect(withRegistry.status).toBe(200);
    expect(await withRegistry.text()).toContain("workbook_test_total 3");
    const without = await setup().app.request("/metrics");
    expect(without.status).toBe(404);
  });

  it("answers unknown routes with a JSON 404", async () => {
    const res = await setup().app.request("/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { type: "not_found", message: "no route for GET /nope" } });
  });
});
