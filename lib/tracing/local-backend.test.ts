/**
 * The local backend against recorded SDK traffic (`__fixtures__/*.json`, made by
 * record-fixtures.ts): it must accept exactly those bytes, answer what the SDKs expect, and
 * merge what it stored into the right trees. Plus the protocol edges: auth, bad bodies,
 * out-of-order updates, content encodings.
 */
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startLocalTraceBackend, type LocalTraceBackend } from "./local-backend";
import type { Recording } from "./__fixtures__/record-fixtures";
import { RAW_PII, healthyRecord, toolErrorRecord, unredactedRecord } from "./__fixtures__/answer-records";
import { renderTrace } from "./render-tree";
import { hubComparison } from "./hub-comparison";

const fixture = (name: string): Recording => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8"));
const AUTH = { langfuse: `Basic ${Buffer.from("pk-lf-test:sk-lf-test").toString("base64")}`, langsmith: "lsv2-test" };

async function replay(backend: LocalTraceBackend, recording: Recording) {
  const statuses: number[] = [];
  for (const r of recording.requests) {
    const headers: Record<string, string> = { ...r.headers };
    delete headers.host;
    delete headers["content-length"];
    delete headers["transfer-encoding"];
    if (r.path.startsWith("/api/public")) headers.authorization = AUTH.langfuse;
    else headers["x-api-key"] = AUTH.langsmith;
    const body = r.method === "GET" ? undefined : Buffer.from(r.body_base64, "base64");
    const res = await fetch(backend.url + r.path, { method: r.method, headers, body });
    statuses.push(res.status);
  }
  return statuses;
}

describe("local trace backend: recorded SDK traffic", () => {
  let backend: LocalTraceBackend;
  beforeEach(async () => {
    backend = await startLocalTraceBackend({ dir: null });
  });
  afterEach(async () => backend.close());

  it("accepts the Langfuse batch with 207 and every event as a success", async () => {
    const recording = fixture("langfuse-ingestion.json");
    const sent = JSON.parse(Buffer.from(recording.requests[0].body_base64, "base64").toString("utf8")) as { batch: { id: string }[] };
    const headers: Record<string, string> = { ...recording.requests[0].headers, authorization: AUTH.langfuse };
    delete headers["content-length"];
    delete headers.host;
    const res = await fetch(`${backend.url}/api/public/ingestion`, { method: "POST", headers, body: Buffer.from(recording.requests[0].body_base64, "base64") });
    expect(res.status).toBe(207);
    const body = (await res.json()) as { successes: { id: string; status: number }[]; errors: unknown[] };
    expect(body.errors).toEqual([]);
    expect(body.successes.map((s) => s.id).sort()).toEqual(sent.batch.map((e) => e.id).sort());
    expect(body.successes.every((s) => s.status === 201)).toBe(true);
    expect(backend.store.summary()).toMatchObject({ langfuse_events: sent.batch.length, langfuse_traces: 3 });
  });

  it.each([
    ["langsmith-multipart-streamed.json", "chunked multipart"],
    ["langsmith-multipart-gzip.json", "gzip multipart with separate post and patch parts"],
    ["langsmith-batch.json", "JSON batch"],
  ])("accepts LangSmith %s (%s) and merges 11 runs in 3 traces", async (file) => {
    const statuses = await replay(backend, fixture(file));
    expect(statuses).toEqual([200, 202]);
    const runs = backend.store.langsmithRuns();
    expect(runs).toHaveLength(11);
    const roots = runs.filter((r) => !r.parent_run_id);
    expect(roots.map((r) => r.run_type)).toEqual(["chain", "chain", "chain"]);
    for (const root of roots) {
      expect(root.end_time).toBeDefined();
      expect((root.outputs as { answer?: string }).answer).toEqual(expect.any(String));
    }
    const children = runs.filter((r) => r.parent_run_id).map((r) => r.run_type).sort();
    expect(children).toEqual(["llm", "llm", "llm", "retriever", "retriever", "retriever", "tool", "tool"]);
  });

  it("accepts OTLP/HTTP JSON and rebuilds the span tree", async () => {
    expect(await replay(backend, fixture("otlp-traces.json"))).toEqual([200]);
    const tree = renderTrace(backend.store, "otlp", toolErrorRecord().trace.trace_id);
    expect(tree).toContain("span support-bot.ask.v2");
    expect(tree).toMatch(/span tool\.order_lookup .*ERROR/);
    expect(tree).toContain("gen_ai.usage.input_tokens=214");
  });

  it("renders the same Langfuse tree from the recording as from a live run", async () => {
    await replay(backend, fixture("langfuse-ingestion.json"));
    const tree = renderTrace(backend.store, "langfuse", toolErrorRecord().trace.trace_id)!;
    expect(tree.split("\n")[0]).toMatch(/^TRACE support-bot\.ask\.v2 · 2731 ms/);
    expect(tree).toMatch(/SPAN tool\.order_lookup · \+20 ms → 2000 ms · ERROR "timeout after 2000 ms"/);
    expect(tree).toMatch(/GENERATION llm\.generation · gpt-4o-mini · \+2030 ms → 690 ms/);
    expect(tree).toContain("usage: input 214 · output 17 · total 231 tokens");
  });

  it("recorded payloads carry no raw PII or secret from the unredacted record", () => {
    for (const file of ["langfuse-ingestion.json", "langsmith-multipart-streamed.json", "langsmith-batch.json", "otlp-traces.json"]) {
      const text = fixture(file).requests.map((r) => Buffer.from(r.body_base64, "base64").toString("utf8")).join("\n");
      expect(text.length).toBeGreaterThan(1000);
      for (const value of Object.values(RAW_PII)) expect(text, `${file} contains ${value}`).not.toContain(value);
    }
  });
});

describe("local trace backend: protocol edges", () => {
  let backend: LocalTraceBackend;
  beforeAll(async () => {
    backend = await startLocalTraceBackend({ dir: null });
  });
  afterAll(async () => backend.close());

  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}, method = "POST") =>
    fetch(backend.url + path, { method, headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : new Uint8Array(body) });
  const lf = (batch: unknown[]) => post("/api/public/ingestion", JSON.stringify({ batch }), { authorization: AUTH.langfuse });
  const event = (id: string, type: string, timestamp: string, body: Record<string, unknown>) => ({ id, type, timestamp, body });

  it.each([
    ["/api/public/ingestion", {}, 401, /Basic auth/],
    ["/runs/batch", {}, 401, /x-api-key/],
    ["/api/public/ingestion", { authorization: AUTH.langfuse }, 400, /not valid JSON/],
    ["/runs/batch", { "x-api-key": "k" }, 400, /not valid JSON/],
    ["/v1/traces", { "content-type": "application/x-protobuf" }, 415, /JSON only/],
    ["/runs/multipart", { "x-api-key": "k", "content-type": "text/plain" }, 400, /multipart\/form-data/],
    ["/nope", {}, 404, /no route/],
  ])("POST %s with %j answers %i naming the problem", async (path, headers, status, message) => {
    const res = await post(path, "{not json", headers as Record<string, string>);
    expect(res.status).toBe(status);
    expect(JSON.stringify(await res.json())).toMatch(message);
  });

  it("rejects bad Langfuse events one by one with 207 and keeps the rest", async () => {
    const res = await lf([
      event("e1", "trace-create", "2025-01-01T00:00:00.000Z", { id: "t-edge", name: "ok" }),
      event("e2", "span-create", "2025-01-01T00:00:00.000Z", { id: "s1" }),
      event("e3", "made-up", "2025-01-01T00:00:00.000Z", { id: "x" }),
      { id: "e4" },
    ]);
    expect(res.status).toBe(207);
    const body = (await res.json()) as { successes: { id: string }[]; errors: { id: string; status: number; message: string }[] };
    expect(body.successes.map((s) => s.id)).toEqual(["e1"]);
    expect(body.errors.map((e) => [e.id, e.status])).toEqual([["e2", 400], ["e3", 400], ["e4", 400]]);
    expect(body.errors[0].message).toMatch(/traceId/);
    expect(body.errors[1].message).toMatch(/"made-up" is not a known event type/);
  });

  it("merges Langfuse updates that arrive before their create", async () => {
    await lf([event("u1", "span-update", "2025-01-01T00:00:02.000Z", { id: "obs-1", traceId: "t-ooo", endTime: "2025-01-01T00:00:01.500Z", output: { n: 1 } })]);
    await lf([
      event("c1", "span-create", "2025-01-01T00:00:01.000Z", { id: "obs-1", traceId: "t-ooo", name: "retrieval", startTime: "2025-01-01T00:00:01.000Z", parentObservationId: null }),
      event("c0", "trace-create", "2025-01-01T00:00:00.000Z", { id: "t-ooo", name: "support-bot.ask.v2", timestamp: "2025-01-01T00:00:00.900Z" }),
    ]);
    const view = backend.store.langfuseTrace("t-ooo")!;
    expect(view.observations).toHaveLength(1);
    expect(view.observations[0]).toMatchObject({ type: "SPAN", name: "retrieval", endTime: "2025-01-01T00:00:01.500Z", output: { n: 1 } });
    expect(renderTrace(backend.store, "langfuse", "t-ooo")).toContain("SPAN retrieval · +100 ms → 500 ms");
  });

  it("merges a LangSmith PATCH /runs/:id sent before its POST /runs", async () => {
    const id = "0196a000-0000-7000-8000-000000000001";
    const headers = { "x-api-key": "k" };
    expect((await post(`/runs/${id}`, JSON.stringify({ end_time: "2025-01-01T00:00:01Z", outputs: { answer: "a" } }), headers, "PATCH")).status).toBe(202);
    expect((await post("/runs", JSON.stringify({ id, name: "ask", run_type: "chain", start_time: "2025-01-01T00:00:00Z", inputs: { query: "q" }, trace_id: id }), headers)).status).toBe(202);
    const run = backend.store.langsmithRuns().find((r) => r.id === id)!;
    expect(run).toMatchObject({ name: "ask", outputs: { answer: "a" }, end_time: "2025-01-01T00:00:01Z", inputs: { query: "q" } });
  });

  it("rejects a multipart run without trace_id and dotted_order, naming the part", async () => {
    const boundary = "b0undary";
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="post.0196a000-0000-7000-8000-000000000002"\r\nContent-Type: application/json\r\n\r\n{"name":"x","run_type":"chain"}\r\n--${boundary}--\r\n`;
    const res = await post("/runs/multipart", body, { "x-api-key": "k", "content-type": `multipart/form-data; boundary=${boundary}` });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/trace_id and dotted_order are required/);
  });

  it("reads gzip bodies and rejects undecodable ones", async () => {
    const ok = await post("/runs/batch", gzipSync(JSON.stringify({ post: [] })), { "x-api-key": "k", "content-encoding": "gzip" });
    expect(ok.status).toBe(202);
    const bad = await post("/runs/batch", Buffer.from("not gzip"), { "x-api-key": "k", "content-encoding": "gzip" });
    expect(bad.status).toBe(400);
    expect(backend.store.requests.at(-1)).toMatchObject({ status: 400, body: "[undecodable: 8 bytes]" });
  });

  it("serves /info, its summary and trees over HTTP", async () => {
    const info = (await (await fetch(`${backend.url}/info`)).json()) as { batch_ingest_config: { use_multipart_endpoint: boolean } };
    expect(info.batch_ingest_config.use_multipart_endpoint).toBe(true);
    const summary = (await (await fetch(`${backend.url}/local/summary`)).json()) as { requests: number };
    expect(summary.requests).toBe(backend.store.requests.length);
    expect((await fetch(`${backend.url}/local/tree?protocol=langfuse&id=t-ooo`)).status).toBe(200);
    expect((await fetch(`${backend.url}/local/tree?protocol=langfuse&id=missing`)).status).toBe(404);
  });

  it("refuses bodies over the size limit", async () => {
    const small = await startLocalTraceBackend({ dir: null, maxBodyBytes: 100 });
    try {
      const res = await fetch(`${small.url}/runs/batch`, { method: "POST", headers: { "x-api-key": "k" }, body: "x".repeat(1000) });
      expect(res.status).toBe(413);
    } finally {
      await small.close();
    }
  });
});

// Keeps the fixture builders honest: the replayed traces are the records' own ids.
it("fixture records have distinct trace ids", () => {
  const ids = [healthyRecord(), toolErrorRecord(), unredactedRecord()].map((r) => r.trace.trace_id);
  expect(new Set(ids).size).toBe(3);
});

describe("hubComparison on recorded traffic", () => {
  it("measures the three hubs on the same three requests", async () => {
    const backend = await startLocalTraceBackend({ dir: null });
    try {
      for (const file of ["langfuse-ingestion.json", "langsmith-multipart-streamed.json", "otlp-traces.json"]) await replay(backend, fixture(file));
      const ids = [healthyRecord(), toolErrorRecord(), unredactedRecord()].map((r) => r.trace.trace_id);
      const rows = hubComparison(backend.store, ids);
      expect(rows.map((r) => [r.hub, r.traces_found, r.http_requests])).toEqual([
        ["langfuse", 3, 1],
        ["langsmith", 3, 2],
        ["otlp", 3, 1],
      ]);
      // 3 generations x 231 tokens, whichever hub counted them.
      expect(rows.map((r) => r.total_tokens)).toEqual([693, 693, 693]);
      expect(rows[0].cost_usd).toBeCloseTo(3 * 0.0000423, 10);
      expect(rows[1].cost_usd).toBeCloseTo(3 * 0.0000423, 10);
      expect(rows.map((r) => r.node_kinds)).toEqual(["TRACE, SPAN, GENERATION, EVENT", "chain, retriever, tool, llm", "server, span, execute_tool, chat"]);
      expect(rows[1].nodes_per_trace).toBeCloseTo(11 / 3, 5);
    } finally {
      await backend.close();
    }
  });
});
