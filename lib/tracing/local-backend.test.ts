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
import {
  RAW_PII,
  healthyRecord,
  llmFailureRecord,
  toolErrorRecord,
  unredactedRecord,
} from "./__fixtures__/answer-records";
import { LANGFUSE_EMULATED_VERSION } from "./local-backend";
import { otelTraceId } from "../trace-id";
import { renderTrace } from "./render-tree";
import { hubComparison } from "./hub-comparison";

const fixture = (name: string): Recording =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8"));
const AUTH = {
  langfuse: `Basic ${Buffer.from("pk-lf-test:sk-lf-test").toString("base64")}`,
  langsmith: "lsv2-test",
};

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

  const postIngestion = (target: LocalTraceBackend, recording: Recording) => {
    const headers: Record<string, string> = {
      ...recording.requests[0].headers,
      authorization: AUTH.langfuse,
    };
    delete headers["content-length"];
    delete headers.host;
    return fetch(`${target.url}/api/public/ingestion`, {
      method: "POST",
      headers,
      body: Buffer.from(recording.requests[0].body_base64, "base64"),
    });
  };

  it("a legacy-mode (v3) server accepts the v3 SDK's batch with 207 and every event as a success", async () => {
    const legacy = await startLocalTraceBackend({ dir: null, langfuseWriteMode: "legacy" });
    try {
      const recording = fixture("langfuse-ingestion.json");
      const sent = JSON.parse(Buffer.from(recording.requests[0].body_base64, "base64").toString("utf8")) as {
        batch: { id: string }[];
      };
      const res = await postIngestion(legacy, recording);
      expect(res.status).toBe(207);
      const body = (await res.json()) as { successes: { id: string; status: number }[]; errors: unknown[] };
      expect(body.errors).toEqual([]);
      expect(body.successes.map((s) => s.id).sort()).toEqual(sent.batch.map((e) => e.id).sort());
      expect(body.successes.every((s) => s.status === 201)).toBe(true);
      expect(legacy.store.summary()).toMatchObject({
        langfuse_events: sent.batch.length,
        langfuse_traces: 4,
      });
    } finally {
      await legacy.close();
    }
  });

  it("a v4 server (events_only, the default) rejects every event of that batch, one by one, as upstream does", async () => {
    const recording = fixture("langfuse-ingestion.json");
    const sent = JSON.parse(Buffer.from(recording.requests[0].body_base64, "base64").toString("utf8")) as {
      batch: { id: string; type: string }[];
    };
    const res = await postIngestion(backend, recording);
    expect(res.status).toBe(207);
    const body = (await res.json()) as {
      successes: unknown[];
      errors: { id: string; status: number; message: string; error: string }[];
    };
    expect(body.successes).toEqual([]);
    expect(body.errors).toHaveLength(sent.batch.length);
    expect(new Set(body.errors.map((e) => `${e.status} ${e.message}`))).toEqual(
      new Set(["400 Event type not accepted"]),
    );
    expect(body.errors[0].error).toMatch(
      /is not accepted by \/api\/public\/ingestion when LANGFUSE_MIGRATION_V4_WRITE_MODE is events_only/,
    );
    expect(backend.store.summary()).toMatchObject({ langfuse_events: 0, rejected_items: sent.batch.length });
  });

  it("accepts the Langfuse JS SDK v5's OTLP request and maps it into traces and observations", async () => {
    expect(await replay(backend, fixture("langfuse-otel.json"))).toEqual([200]);
    expect(backend.store.summary()).toMatchObject({ langfuse_traces: 4, rejected_items: 0, otlp_spans: 0 });
    const failed = backend.store.langfuseTrace(otelTraceId(llmFailureRecord().trace.trace_id))!;
    expect(failed.observations.find((o) => o.type === "GENERATION")).toMatchObject({
      level: "ERROR",
      model: "gpt-4o-mini",
      usageDetails: {},
    });
    const tree = renderTrace(backend.store, "langfuse", toolErrorRecord().trace.trace_id)!;
    expect(tree.split("\n")[0]).toMatch(/^TRACE support-bot\.ask\.v2 · 2731 ms/);
    expect(tree).toMatch(/TOOL order_lookup · \+20 ms → 2000 ms · ERROR "timeout after 2000 ms"/);
    expect(tree).toMatch(/GENERATION chat gpt-4o-mini · gpt-4o-mini · \+2030 ms → 690 ms/);
    expect(tree).toContain("usage: input 214 · output 17 · total 231 tokens");
  });

  it("wants Basic auth on the Langfuse OTel path, like the real server", async () => {
    const recording = fixture("langfuse-otel.json");
    const headers: Record<string, string> = { ...recording.requests[0].headers };
    delete headers.host;
    delete headers["content-length"];
    delete headers["transfer-encoding"];
    const res = await fetch(`${backend.url}/api/public/otel/v1/traces`, {
      method: "POST",
      headers,
      body: Buffer.from(recording.requests[0].body_base64, "base64"),
    });
    expect(res.status).toBe(401);
    expect(backend.store.summary().langfuse_traces).toBe(0);
  });

  it.each([
    ["langsmith-multipart-streamed.json", "chunked multipart"],
    ["langsmith-multipart-gzip.json", "gzip multipart with separate post and patch parts"],
    ["langsmith-batch.json", "JSON batch"],
  ])("accepts LangSmith %s (%s) and merges 14 runs in 4 traces", async (file) => {
    const statuses = await replay(backend, fixture(file));
    expect(statuses).toEqual([200, 202]);
    const runs = backend.store.langsmithRuns();
    expect(runs).toHaveLength(14);
    const roots = runs.filter((r) => !r.parent_run_id);
    expect(roots.map((r) => r.run_type)).toEqual(["chain", "chain", "chain", "chain"]);
    expect(roots.map((r) => r.id).sort()).toEqual(
      [healthyRecord(), toolErrorRecord(), unredactedRecord(), llmFailureRecord()]
        .map((r) => r.trace.trace_id)
        .sort(),
    );
    for (const root of roots) {
      expect(root.end_time).toBeDefined();
      expect((root.outputs as { answer?: string }).answer).toEqual(expect.any(String));
    }
    const children = runs
      .filter((r) => r.parent_run_id)
      .map((r) => r.run_type)
      .sort();
    expect(children).toEqual([
      "llm",
      "llm",
      "llm",
      "llm",
      "retriever",
      "retriever",
      "retriever",
      "retriever",
      "tool",
      "tool",
    ]);
  });

  it("accepts OTLP/HTTP JSON and rebuilds the span tree", async () => {
    expect(await replay(backend, fixture("otlp-traces.json"))).toEqual([200]);
    const tree = renderTrace(backend.store, "otlp", toolErrorRecord().trace.trace_id);
    expect(tree).toContain("span support-bot.ask.v2");
    expect(tree).toMatch(/span execute_tool order_lookup .*ERROR/);
    expect(tree).toContain("gen_ai.usage.input_tokens=214");
  });

  it("recorded payloads carry no raw PII or secret from the unredacted record", () => {
    for (const file of [
      "langfuse-ingestion.json",
      "langfuse-otel.json",
      "langsmith-multipart-streamed.json",
      "langsmith-batch.json",
      "otlp-traces.json",
    ]) {
      const text = fixture(file)
        .requests.map((r) => Buffer.from(r.body_base64, "base64").toString("utf8"))
        .join("\n");
      expect(text.length).toBeGreaterThan(1000);
      for (const value of Object.values(RAW_PII))
        expect(text, `${file} contains ${value}`).not.toContain(value);
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
    fetch(backend.url + path, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : new Uint8Array(body),
    });
  const lf = (batch: unknown[]) =>
    post("/api/public/ingestion", JSON.stringify({ batch }), { authorization: AUTH.langfuse });
  const event = (id: string, type: string, timestamp: string, body: Record<string, unknown>) => ({
    id,
    type,
    timestamp,
    body,
  });

  it.each([
    ["/api/public/ingestion", {}, 401, /Basic auth/],
    ["/runs/batch", {}, 401, /x-api-key/],
    ["/api/public/ingestion", { authorization: AUTH.langfuse }, 400, /not valid JSON/],
    ["/runs/batch", { "x-api-key": "k" }, 400, /not valid JSON/],
    ["/v1/traces", { "content-type": "application/x-protobuf" }, 415, /JSON only/],
    ["/api/public/otel/v1/traces", {}, 401, /Basic auth/],
    [
      "/api/public/otel/v1/traces",
      { authorization: AUTH.langfuse, "content-type": "text/plain" },
      400,
      /Invalid content type/,
    ],
    ["/api/public/otel/v1/traces", { authorization: AUTH.langfuse }, 400, /not valid JSON/],
    ["/runs/multipart", { "x-api-key": "k", "content-type": "text/plain" }, 400, /multipart\/form-data/],
    ["/nope", {}, 404, /no route/],
  ])("POST %s with %j answers %i naming the problem", async (path, headers, status, message) => {
    const res = await post(path, "{not json", headers as Record<string, string>);
    expect(res.status).toBe(status);
    expect(JSON.stringify(await res.json())).toMatch(message);
  });

  it("in events_only mode rejects trace and observation events per event and accepts scores and SDK logs", async () => {
    const res = await lf([
      event("e1", "trace-create", "2025-01-01T00:00:00.000Z", { id: "t-v4", name: "ok" }),
      event("e2", "span-create", "2025-01-01T00:00:00.000Z", { id: "s1", traceId: "t-v4" }),
      event("e3", "score-create", "2025-01-01T00:00:00.000Z", {
        id: "sc1",
        traceId: "t-v4",
        name: "helpful",
        value: 1,
        dataType: "BOOLEAN",
      }),
      event("e4", "sdk-log", "2025-01-01T00:00:00.000Z", { log: { msg: "hi" } }),
      event("e5", "score-create", "2025-01-01T00:00:00.000Z", {
        traceId: "t-v4",
        name: "helpful",
        value: 2,
        dataType: "BOOLEAN",
      }),
    ]);
    expect(res.status).toBe(207);
    const body = (await res.json()) as {
      successes: { id: string }[];
      errors: { id: string; status: number; message: string; error: string }[];
    };
    expect(body.successes.map((s) => s.id)).toEqual(["e3", "e4"]);
    expect(body.errors.map((e) => [e.id, e.status, e.message])).toEqual([
      ["e1", 400, "Event type not accepted"],
      ["e2", 400, "Event type not accepted"],
      ["e5", 400, "Invalid request data"],
    ]);
    expect(body.errors[2].error).toMatch(/either 0 or 1/);
    expect(backend.store.langfuseTrace("t-v4")).toMatchObject({
      trace: undefined,
      observations: [],
      scores: [{ name: "helpful", value: 1 }],
    });
  });

  it("answers GET /api/public/health with a version, like the real server", async () => {
    const res = await fetch(`${backend.url}/api/public/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "OK", version: LANGFUSE_EMULATED_VERSION });
  });

  it("answers a body without a batch like upstream: 400 Invalid request data", async () => {
    const res = await post("/api/public/ingestion", JSON.stringify({ events: [] }), {
      authorization: AUTH.langfuse,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ message: "Invalid request data" });
  });

  it("in legacy mode merges Langfuse updates that arrive before their create", async () => {
    const legacy = await startLocalTraceBackend({ dir: null, langfuseWriteMode: "legacy" });
    const lf = (batch: unknown[]) =>
      fetch(`${legacy.url}/api/public/ingestion`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: AUTH.langfuse },
        body: JSON.stringify({ batch }),
      });
    await lf([
      event("u1", "span-update", "2025-01-01T00:00:02.000Z", {
        id: "obs-1",
        traceId: "t-ooo",
        endTime: "2025-01-01T00:00:01.500Z",
        output: { n: 1 },
      }),
    ]);
    await lf([
      event("c1", "span-create", "2025-01-01T00:00:01.000Z", {
        id: "obs-1",
        traceId: "t-ooo",
        name: "retrieval",
        startTime: "2025-01-01T00:00:01.000Z",
        parentObservationId: null,
      }),
      event("c0", "trace-create", "2025-01-01T00:00:00.000Z", {
        id: "t-ooo",
        name: "support-bot.ask.v2",
        timestamp: "2025-01-01T00:00:00.900Z",
      }),
    ]);
    const view = legacy.store.langfuseTrace("t-ooo")!;
    expect(view.observations).toHaveLength(1);
    expect(view.observations[0]).toMatchObject({
      type: "SPAN",
      name: "retrieval",
      endTime: "2025-01-01T00:00:01.500Z",
      output: { n: 1 },
    });
    expect(renderTrace(legacy.store, "langfuse", "t-ooo")).toContain("SPAN retrieval · +100 ms → 500 ms");
    await legacy.close();
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      "an event type upstream does not have",
      { id: "x1", type: "tool-update", timestamp: "2025-01-01T00:00:00.000Z", body: { id: "o1" } },
      /type/,
    ],
    [
      "a timestamp without an offset",
      { id: "x2", type: "span-create", timestamp: "2025-01-01T00:00:00", body: { id: "o2" } },
      /timestamp/,
    ],
    [
      "a lower-case level",
      {
        id: "x3",
        type: "span-create",
        timestamp: "2025-01-01T00:00:00.000Z",
        body: { id: "o3", level: "error" },
      },
      /body\.level/,
    ],
    [
      "non-integer usage",
      {
        id: "x4",
        type: "generation-create",
        timestamp: "2025-01-01T00:00:00.000Z",
        body: { id: "o4", usage: { input: 1.5 } },
      },
      /body\.usage\.input/,
    ],
    [
      "non-string tags",
      {
        id: "x5",
        type: "trace-create",
        timestamp: "2025-01-01T00:00:00.000Z",
        body: { id: "t5", tags: ["ok", 7] },
      },
      /body\.tags\.1/,
    ],
    [
      "a body start time without an offset",
      {
        id: "x6",
        type: "span-create",
        timestamp: "2025-01-01T00:00:00Z",
        body: { id: "o6", startTime: "2025-01-01 00:00:00" },
      },
      /body\.startTime/,
    ],
  ])(
    "in legacy mode rejects %s with 400 Invalid request data, naming the field",
    async (_label, bad, field) => {
      const legacy = await startLocalTraceBackend({ dir: null, langfuseWriteMode: "legacy" });
      try {
        const ok = {
          id: "ok1",
          type: "span-create",
          timestamp: "2025-01-01T00:00:00.000+02:00",
          body: { id: "o-ok", name: "no traceId: allowed upstream", level: "WARNING" },
        };
        const res = await fetch(`${legacy.url}/api/public/ingestion`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: AUTH.langfuse },
          body: JSON.stringify({ batch: [ok, bad] }),
        });
        expect(res.status).toBe(207);
        const body = (await res.json()) as {
          successes: { id: string }[];
          errors: { id: string; status: number; message: string; error: string }[];
        };
        expect(body.successes.map((s) => s.id)).toEqual(["ok1"]);
        expect(body.errors).toHaveLength(1);
        expect(body.errors[0]).toMatchObject({ id: bad.id, status: 400, message: "Invalid request data" });
        expect(body.errors[0].error).toMatch(field);
      } finally {
        await legacy.close();
      }
    },
  );

  it("merges a LangSmith PATCH /runs/:id sent before its POST /runs", async () => {
    const id = "0196a000-0000-7000-8000-000000000001";
    const headers = { "x-api-key": "k" };
    expect(
      (
        await post(
          `/runs/${id}`,
          JSON.stringify({ end_time: "2025-01-01T00:00:01Z", outputs: { answer: "a" } }),
          headers,
          "PATCH",
        )
      ).status,
    ).toBe(202);
    expect(
      (
        await post(
          "/runs",
          JSON.stringify({
            id,
            name: "ask",
            run_type: "chain",
            start_time: "2025-01-01T00:00:00Z",
            inputs: { query: "q" },
            trace_id: id,
          }),
          headers,
        )
      ).status,
    ).toBe(202);
    const run = backend.store.langsmithRuns().find((r) => r.id === id)!;
    expect(run).toMatchObject({
      name: "ask",
      outputs: { answer: "a" },
      end_time: "2025-01-01T00:00:01Z",
      inputs: { query: "q" },
    });
  });

  it("rejects a multipart run without trace_id and dotted_order, naming the part", async () => {
    const boundary = "b0undary";
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="post.0196a000-0000-7000-8000-000000000002"\r\nContent-Type: application/json\r\n\r\n{"name":"x","run_type":"chain"}\r\n--${boundary}--\r\n`;
    const res = await post("/runs/multipart", body, {
      "x-api-key": "k",
      "content-type": `multipart/form-data; boundary=${boundary}`,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/trace_id and dotted_order are required/);
  });

  it("reads gzip bodies and rejects undecodable ones", async () => {
    const ok = await post("/runs/batch", gzipSync(JSON.stringify({ post: [] })), {
      "x-api-key": "k",
      "content-encoding": "gzip",
    });
    expect(ok.status).toBe(202);
    const bad = await post("/runs/batch", Buffer.from("not gzip"), {
      "x-api-key": "k",
      "content-encoding": "gzip",
    });
    expect(bad.status).toBe(400);
    expect(backend.store.requests.at(-1)).toMatchObject({ status: 400, body: "[undecodable: 8 bytes]" });
  });

  it("serves /info, its summary and trees over HTTP", async () => {
    const info = (await (await fetch(`${backend.url}/info`)).json()) as {
      batch_ingest_config: { use_multipart_endpoint: boolean };
    };
    expect(info.batch_ingest_config.use_multipart_endpoint).toBe(true);
    const summary = (await (await fetch(`${backend.url}/local/summary`)).json()) as { requests: number };
    expect(summary.requests).toBe(backend.store.requests.length);
    expect((await fetch(`${backend.url}/local/tree?protocol=langfuse&id=t-v4`)).status).toBe(200);
    expect((await fetch(`${backend.url}/local/tree?protocol=langfuse&id=missing`)).status).toBe(404);
  });

  it("refuses bodies over the size limit", async () => {
    const small = await startLocalTraceBackend({ dir: null, maxBodyBytes: 100 });
    try {
      const res = await fetch(`${small.url}/runs/batch`, {
        method: "POST",
        headers: { "x-api-key": "k" },
        body: "x".repeat(1000),
      });
      expect(res.status).toBe(413);
    } finally {
      await small.close();
    }
  });
});

// Keeps the fixture builders honest: the replayed traces are the records' own ids.
it("fixture records have distinct trace ids", () => {
  const ids = [healthyRecord(), toolErrorRecord(), unredactedRecord(), llmFailureRecord()].map(
    (r) => r.trace.trace_id,
  );
  expect(new Set(ids).size).toBe(4);
});

describe("hubComparison on recorded traffic", () => {
  it("measures the three hubs on the same four requests", async () => {
    const backend = await startLocalTraceBackend({ dir: null });
    try {
      for (const file of ["langfuse-otel.json", "langsmith-multipart-streamed.json", "otlp-traces.json"])
        await replay(backend, fixture(file));
      const ids = [healthyRecord(), toolErrorRecord(), unredactedRecord(), llmFailureRecord()].map(
        (r) => r.trace.trace_id,
      );
      const rows = hubComparison(backend.store, ids);
      expect(rows.map((r) => [r.hub, r.traces_found, r.http_requests])).toEqual([
        ["langfuse", 4, 1],
        ["langsmith", 4, 2],
        ["otlp", 4, 1],
      ]);
      // 3 generations x 231 tokens; the failed call reported none, and no hub invents any.
      expect(rows.map((r) => r.total_tokens)).toEqual([693, 693, 693]);
      for (const row of rows) expect(row.cost_usd).toBeCloseTo(3 * 0.0000423, 10);
      expect(rows.map((r) => r.node_kinds)).toEqual([
        "TRACE, SPAN, RETRIEVER, TOOL, GENERATION, EVENT",
        "chain, retriever, tool, llm",
        "server, retrieval, execute_tool, chat",
      ]);
      expect(rows[1].nodes_per_trace).toBeCloseTo(14 / 4, 5);
    } finally {
      await backend.close();
    }
  });
});
