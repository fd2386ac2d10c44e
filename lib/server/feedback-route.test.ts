/**
 * `POST /feedback` in-process (`app.request`): validation and its status codes, the join to
 * trace ids `/ask` issued, the redaction of the comment before any sink sees it, and the
 * Prometheus series. The hubs themselves are covered in lib/tracing/feedback-service.test.ts.
 */
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createLlmClient } from "../llm/create-llm-client";
import { createDefaultTools } from "../rag/defaults";
import type { ExportResult } from "../record";
import type { FeedbackEvent, FeedbackSink } from "../tracing/feedback-sink";
import { createApp } from "./app";
import { createJsonLogSink } from "./json-log-sink";
import { loadContract } from "../contract";

const contract = loadContract();

const ok = async (): Promise<ExportResult> => ({ code: "SUCCESS" });

function collectingSink(options: { throws?: boolean } = {}): FeedbackSink & { events: FeedbackEvent[] } {
  const events: FeedbackEvent[] = [];
  return {
    name: "feedback",
    events,
    feedback(event) {
      if (options.throws) throw new Error("sink is broken");
      events.push(event);
    },
    score: () => undefined,
    record: () => undefined,
    flush: ok,
    shutdown: ok,
    stats: () => ({
      received: events.length,
      queued: 0,
      dropped_queue_full: 0,
      dropped_after_shutdown: 0,
      flush_timeouts: 0,
      targets: { langfuse: { destination: "test", sent: events.length, failed: 0 } },
    }),
  };
}

function setup(options: { throws?: boolean } = {}) {
  const sink = collectingSink(options);
  const lines: string[] = [];
  const registry = new Registry();
  const app = createApp({
    contract,
    timeScale: 0,
    tools: createDefaultTools({ timeScale: 0, failureRate: 0 }),
    sinks: [createJsonLogSink({ write: (l) => lines.push(l) }), sink],
    metricsRegistry: registry,
  });
  return { app, sink, lines, registry };
}

const json = { "content-type": "application/json" };
type App = ReturnType<typeof createApp>;
const ask = async (app: App, body: Record<string, unknown>) =>
  (await (
    await app.request("/ask", { method: "POST", headers: json, body: JSON.stringify(body) })
  ).json()) as { trace_id: string; prompt_version: string };
const feedback = (app: App, body: unknown, headers: Record<string, string> = json) =>
  app.request("/feedback", {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("POST /feedback", () => {
  it("answers 202 for a trace /ask issued, known with its prompt version, and hands the sink a redacted comment", async () => {
    const { app, sink } = setup();
    const answered = await ask(app, { query: "How long is the refund window?", prompt_version: "v1" });
    const comment =
      "Wrong! I'm jane.doe@example.com, (415) 555-0142, key sk-proj-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa987";
    const res = await feedback(app, { trace_id: answered.trace_id, value: "down", comment });
    expect(res.status).toBe(202);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: "accepted",
      trace_id: answered.trace_id,
      value: "down",
      known: true,
      prompt_version: "v1.0",
      queued_for: ["langfuse"],
    });
    expect(body.comment).toBe("Wrong! I'm [REDACTED_EMAIL], [REDACTED_PHONE], key [REDACTED_OPENAI_KEY]");
    expect(sink.events).toEqual([
      {
        trace_id: answered.trace_id,
        value: "down",
        score: 0,
        comment: body.comment,
        prompt_version: "v1.0",
        known: true,
        received_at: expect.any(String),
      },
    ]);
  });

  it("accepts an id this process never issued (the trace may live elsewhere) and says known: false", async () => {
    const { app, sink } = setup();
    const res = await feedback(app, { trace_id: "0123456789ABCDEF0123456789ABCDEF", value: "up" });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({
      trace_id: "01234567-89ab-cdef-0123-456789abcdef",
      known: false,
    });
    expect(sink.events[0]).toMatchObject({ score: 1, known: false });
    expect(sink.events[0].prompt_version).toBeUndefined();
  });

  it.each([
    ["a malformed id", { trace_id: "abc", value: "up" }, "trace_id:"],
    ["an unknown value", { trace_id: "3f0c8f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f", value: "meh" }, "value:"],
    [
      "an oversize comment",
      { trace_id: "3f0c8f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f", value: "down", comment: "x".repeat(1001) },
      "comment: must be at most 1000 characters",
    ],
    ["invalid JSON", "{trace_id:", "(root):"],
  ])("answers 400 for %s, naming the field, and sends nothing", async (_, body, issue) => {
    const { app, sink, lines } = setup();
    const res = await feedback(app, body);
    expect(res.status).toBe(400);
    const error = ((await res.json()) as { error: { type: string; issues: string[] } }).error;
    expect(error.type).toBe("invalid_request");
    expect(error.issues.join("; ")).toContain(issue);
    expect(sink.events).toEqual([]);
    await app.settle();
    expect(lines.map((l) => JSON.parse(l))).toContainEqual(
      expect.objectContaining({ path: "/feedback", status: 400 }),
    );
  });

  it.each([
    ["text/plain", { "content-type": "text/plain" }],
    ["form data", { "content-type": "application/x-www-form-urlencoded" }],
    ["no content type", {} as Record<string, string>],
  ])("answers 415 for %s", async (_, headers) => {
    const { app, sink } = setup();
    const res = await feedback(
      app,
      { trace_id: "3f0c8f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f", value: "up" },
      headers,
    );
    expect(res.status).toBe(415);
    const error = ((await res.json()) as { error: { type: string; message: string } }).error;
    expect(error.type).toBe("unsupported_media_type");
    expect(error.message).toMatch(/^Content-Type must be application\/json \(got /);
    expect(sink.events).toEqual([]);
  });

  it("answers 415 before reading a large non-JSON body", async () => {
    const { app } = setup();
    const res = await feedback(app, "x".repeat(20_000), { "content-type": "text/plain" });
    expect(res.status).toBe(415);
  });

  it("answers 413 for a body over 16 KB", async () => {
    const { app } = setup();
    const res = await feedback(app, {
      trace_id: "3f0c8f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
      value: "up",
      comment: "x".repeat(20_000),
    });
    expect(res.status).toBe(413);
  });

  it("still answers 202 when a feedback sink throws, and counts it", async () => {
    const { app } = setup({ throws: true });
    const res = await feedback(app, { trace_id: "3f0c8f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f", value: "up" });
    expect(res.status).toBe(202);
    const health = (await (await app.request("/healthz")).json()) as {
      feedback: { sink_errors: number; accepted: number };
    };
    expect(health.feedback).toMatchObject({ accepted: 1, sink_errors: 1 });
  });

  it("counts llm_feedback_total{value,prompt_version} and shows the feedback stats in /healthz", async () => {
    const { app } = setup();
    const v1 = await ask(app, { query: "How long is the refund window?", prompt_version: "v1" });
    const v2 = await ask(app, { query: "How long is the refund window?", prompt_version: "v2" });
    await feedback(app, { trace_id: v1.trace_id, value: "down" });
    await feedback(app, { trace_id: v1.trace_id, value: "down" });
    await feedback(app, { trace_id: v2.trace_id, value: "up" });
    await feedback(app, { trace_id: "3f0c8f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f", value: "up" });
    const text = await (await app.request("/metrics")).text();
    expect(text).toContain('llm_feedback_total{value="down",prompt_version="v1.0"} 2');
    expect(text).toContain(`llm_feedback_total{value="up",prompt_version="${v2.prompt_version}"} 1`);
    expect(text).toContain('llm_feedback_total{value="up",prompt_version="unknown"} 1');
    expect(text).toContain('llm_feedback_dropped_total{reason="queue_full"} 0');
    const health = (await (await app.request("/healthz")).json()) as { feedback: Record<string, unknown> };
    expect(health.feedback).toMatchObject({
      accepted: 4,
      known: 3,
      unknown: 1,
      up: 2,
      down: 2,
      issued_tracked: 2,
    });
  });

  it("knows a trace whose /ask failed, with the version the request asked for", async () => {
    const app = createApp({
      contract,
      timeScale: 0,
      llm: createLlmClient({ maxRetries: 0, simulator: { timeScale: 0, faults: { serverError: 1 } } }),
      sinks: [collectingSink()],
    });
    const res = await app.request("/ask", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ query: "refund?", prompt_version: "v1" }),
    });
    expect(res.status).toBe(502);
    const traceId = res.headers.get("x-trace-id")!;
    expect(traceId).toBeTruthy();
    const fb = await feedback(app, { trace_id: traceId, value: "down" });
    expect(await fb.json()).toMatchObject({ known: true, prompt_version: "v1.0" });
  });
});
