/**
 * Hierarchy and metadata as RECEIVED: the real Langfuse (v5 over OTLP, and the legacy v3
 * ingestion), LangSmith and OTel SDKs send the fixture records to the local backend, and the
 * assertions read the backend's merged view.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContract } from "../contract";
import { healthyRecord, llmFailureRecord, toolErrorRecord } from "./__fixtures__/answer-records";
import { createLangfuseAdapter } from "./langfuse-adapter";
import { createLangfuseOtelAdapter } from "./langfuse-otel-adapter";
import { createLangSmithAdapter } from "./langsmith-adapter";
import { startLocalTraceBackend, type LangSmithServerInfo, type LocalTraceBackend } from "./local-backend";
import { createOtelAdapter } from "./otel-adapter";
import { renderTrace } from "./render-tree";
import type { Fields, OtlpSpan } from "./trace-store";
import { tracingSink } from "./tracing-sink";
import { otelTraceId } from "../trace-id";

const contract = loadContract();

const REQUIRED = contract.required_metadata_fields;
const expectedMeta = {
  environment: "dev",
  prompt_version: "v2.1",
  customer_tier: "pro",
  release: "2025.06.1",
};
const quiet = { log: () => undefined };
const duration = (o: Fields) => Date.parse(o.endTime as string) - Date.parse(o.startTime as string);

describe("Langfuse over OTLP (JS SDK v5) as received by a v4 backend in events_only mode", () => {
  let backend: LocalTraceBackend;
  beforeAll(async () => {
    backend = await startLocalTraceBackend({ dir: null });
    const sink = tracingSink(
      createLangfuseOtelAdapter({
        publicKey: "pk-lf-local",
        secretKey: "sk-lf-local",
        baseUrl: backend.url,
        environment: "dev",
        release: "2025.06.1",
        ...quiet,
      }),
      { ...quiet, contract },
    );
    for (const r of [healthyRecord(), toolErrorRecord(), llmFailureRecord()]) sink.record(r);
    expect(await sink.shutdown!(10_000)).toEqual({ code: "SUCCESS" });
    expect(sink.stats()).toMatchObject({ requests: 1, items_failed: 0 });
  });
  afterAll(async () => backend.close());
  const view = (id: string) => backend.store.langfuseTrace(otelTraceId(id))!;

  it("arrives on /api/public/otel/v1/traces, accepted, with the workbook trace id as Langfuse's trace id", () => {
    expect(backend.store.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "POST /api/public/otel/v1/traces 200",
    ]);
    expect(backend.store.summary()).toMatchObject({
      rejected_requests: 0,
      rejected_items: 0,
      langfuse_traces: 3,
    });
    expect(view(toolErrorRecord().trace.trace_id).id).toBe("9b2e4d6f8a0c4e1f9a3b5c7d9e1f3a5b");
  });

  it("builds trace -> root SPAN -> RETRIEVER, TOOL, GENERATION, EVENTs", () => {
    const v = view(toolErrorRecord().trace.trace_id);
    expect(v.trace).toMatchObject({
      name: "support-bot.ask.v2",
      userId: "uid_0123456789abcdef0123456789abcdef",
      release: "2025.06.1",
      version: "v2.1",
      environment: "dev",
    });
    expect((v.trace!.tags as string[]).sort()).toEqual([
      "env:dev",
      "model:gpt-4o-mini",
      "prompt:v2.1",
      "tier:pro",
      "tool:order_lookup",
    ]);
    const root = v.observations.find((o) => !o.parentObservationId)!;
    expect(`${root.type} ${root.name}`).toBe("SPAN support-bot.ask.v2");
    const shape = v.observations
      .filter((o) => o !== root)
      .map((o) => `${o.type} ${o.name}`)
      .sort();
    // Langfuse names a tool observation after gen_ai.tool.name.
    expect(shape).toEqual([
      "EVENT event.retry",
      "EVENT event.tool_error",
      "GENERATION chat gpt-4o-mini",
      "RETRIEVER retrieval knowledge_base",
      "TOOL order_lookup",
    ]);
    for (const o of v.observations) if (o !== root) expect(o.parentObservationId).toBe(root.id);
  });

  it("puts the required metadata on the trace and on every observation", () => {
    const v = view(toolErrorRecord().trace.trace_id);
    expect(REQUIRED.sort()).toEqual(Object.keys(expectedMeta).sort());
    expect(v.trace!.metadata).toMatchObject(expectedMeta);
    for (const o of v.observations) expect(o.metadata, `${o.type} ${o.name}`).toMatchObject(expectedMeta);
  });

  it("sends model, usage_details, cost_details, model parameters and TTFT on the generation", () => {
    const gen = view(healthyRecord().trace.trace_id).observations.find((o) => o.type === "GENERATION")!;
    expect(gen).toMatchObject({
      model: "gpt-4o-mini",
      modelParameters: { temperature: 0, max_tokens: 256 },
      usageDetails: { input: 214, output: 17, total: 231 },
      costDetails: { input: 0.0000321, output: 0.0000102, total: 0.0000423 },
      output: "Pro plan purchases can be refunded within 14 days of the charge.",
      level: "DEFAULT",
    });
    expect(Date.parse(gen.completionStartTime as string) - Date.parse(gen.startTime as string)).toBe(180);
    expect(gen.input).toEqual(healthyRecord().generation.messages);
  });

  it("reconstructs real durations and marks failures as ERROR", () => {
    const v = view(toolErrorRecord().trace.trace_id);
    const tool = v.observations.find((o) => o.type === "TOOL")!;
    expect(tool).toMatchObject({
      level: "ERROR",
      statusMessage: "timeout after 2000 ms",
      input: { order_id: "88123" },
    });
    expect(duration(tool)).toBe(2000);
    expect(duration(v.observations.find((o) => o.type === "RETRIEVER")!)).toBe(11);
    expect(duration(v.observations.find((o) => o.type === "GENERATION")!)).toBe(690);
    expect(v.observations.find((o) => o.name === "event.retry")).toMatchObject({
      level: "WARNING",
      startTime: "2025-06-02T09:15:07.400Z",
    });
  });

  it("leaves usage and cost out of a failed generation instead of reporting zero", () => {
    const gen = view(llmFailureRecord().trace.trace_id).observations.find((o) => o.type === "GENERATION")!;
    expect(gen).toMatchObject({
      level: "ERROR",
      statusMessage: expect.stringMatching(/429 Rate limit/),
      usageDetails: {},
      costDetails: {},
    });
  });

  it("renders the Langfuse tree from the workbook trace id", () => {
    const tree = renderTrace(backend.store, "langfuse", toolErrorRecord().trace.trace_id)!;
    expect(tree.split("\n")[0]).toMatch(/^TRACE support-bot\.ask\.v2 · 2731 ms/);
    expect(tree).toMatch(/SPAN support-bot\.ask\.v2 · \+0 ms → 2731 ms/);
    expect(tree).toMatch(/TOOL order_lookup · \+20 ms → 2000 ms · ERROR "timeout after 2000 ms"/);
    expect(tree).toContain("usage: input 214 · output 17 · total 231 tokens");
  });
});

describe("Langfuse legacy ingestion (v3 SDK, LANGFUSE_INGESTION=legacy)", () => {
  const send = async (writeMode: "legacy" | "events_only") => {
    const backend = await startLocalTraceBackend({ dir: null, langfuseWriteMode: writeMode });
    const sink = tracingSink(
      createLangfuseAdapter({
        publicKey: "pk-lf-local",
        secretKey: "sk-lf-local",
        baseUrl: backend.url,
        environment: "dev",
        ...quiet,
      }),
      { ...quiet, contract },
    );
    sink.record(toolErrorRecord());
    const result = await sink.shutdown!(10_000);
    return { backend, result, stats: sink.stats() };
  };

  it("is stored by a server in legacy mode", async () => {
    const { backend, result } = await send("legacy");
    try {
      expect(result).toEqual({ code: "SUCCESS" });
      const v = backend.store.langfuseTrace(toolErrorRecord().trace.trace_id)!;
      expect(v.observations.map((o) => `${o.type} ${o.name}`).sort()).toEqual([
        "EVENT event.retry",
        "EVENT event.tool_error",
        "GENERATION chat gpt-4o-mini",
        "SPAN execute_tool order_lookup",
        "SPAN retrieval knowledge_base",
      ]);
    } finally {
      await backend.close();
    }
  });

  it("is rejected event by event by a v4 server in events_only mode, and the sink reports the loss", async () => {
    const { backend, result, stats } = await send("events_only");
    try {
      expect(result.code).toBe("FAILED");
      expect(stats.items_sent).toBe(0);
      expect(stats.items_failed).toBeGreaterThan(5);
      expect(backend.store.summary()).toMatchObject({
        langfuse_traces: 0,
        langfuse_observations: 0,
        rejected_items: stats.items_failed,
      });
      expect(backend.store.requests[0].error).toMatch(
        /^\d+ event\(s\) rejected: 400 Event type not accepted x\d+$/,
      );
    } finally {
      await backend.close();
    }
  });
});

describe.each<[string, LangSmithServerInfo | undefined, string]>([
  ["streamed multipart", undefined, "/runs/multipart"],
  [
    "gzip multipart",
    { batch_ingest_config: { use_multipart_endpoint: true }, instance_flags: { gzip_body_enabled: true } },
    "/runs/multipart",
  ],
  ["JSON batch", { batch_ingest_config: { use_multipart_endpoint: false } }, "/runs/batch"],
])("LangSmith as received (%s)", (_label, info, path) => {
  let backend: LocalTraceBackend;
  beforeAll(async () => {
    backend = await startLocalTraceBackend({ dir: null, langsmithInfo: info });
    const sink = tracingSink(
      createLangSmithAdapter({ apiUrl: backend.url, apiKey: "lsv2-local", project: "tests", ...quiet }),
      { ...quiet, contract },
    );
    sink.record(healthyRecord());
    sink.record(toolErrorRecord());
    sink.record(llmFailureRecord());
    expect(await sink.shutdown!(10_000)).toEqual({ code: "SUCCESS" });
  });
  afterAll(async () => backend.close());

  const traceRuns = (traceId: string) => {
    const runs = backend.store.langsmithRuns();
    const root = runs.find((r) => !r.parent_run_id && r.id === traceId)!;
    return { root, children: runs.filter((r) => r.parent_run_id === root.id) };
  };

  it(`arrives through ${path}`, () => {
    expect(backend.store.requests.map((r) => `${r.method} ${r.path}`)).toContain(`POST ${path}`);
  });

  it("builds a chain root with retriever, tool and llm children in start order", () => {
    const { root, children } = traceRuns(toolErrorRecord().trace.trace_id);
    expect(root).toMatchObject({
      run_type: "chain",
      name: "support-bot.ask.v2",
      inputs: { query: "Where is my refund for order 88123?" },
    });
    const ordered = [...children]
      .sort((a, b) => String(a.dotted_order).localeCompare(String(b.dotted_order)))
      .map((c) => `${c.run_type} ${c.name}`);
    expect(ordered).toEqual([
      "retriever retrieval knowledge_base",
      "tool execute_tool order_lookup",
      "llm chat gpt-4o-mini",
    ]);
    expect(root.trace_id).toBe(toolErrorRecord().trace.trace_id);
    for (const c of children) {
      expect(c.trace_id).toBe(root.id);
      expect(String(c.dotted_order).startsWith(String(root.dotted_order) + ".")).toBe(true);
    }
  });

  it("puts the required metadata on every run, and ls_provider / ls_model_name plus usage_metadata on the llm run", () => {
    const { root, children } = traceRuns(healthyRecord().trace.trace_id);
    for (const run of [root, ...children])
      expect((run.extra as Fields).metadata, `${run.run_type}`).toMatchObject(expectedMeta);
    const llm = children.find((c) => c.run_type === "llm")!;
    expect((llm.extra as Fields).metadata).toMatchObject({
      ls_provider: "openai",
      ls_model_name: "gpt-4o-mini",
      ls_temperature: 0,
      ls_max_tokens: 256,
    });
    expect((llm.outputs as Fields).usage_metadata).toEqual({
      input_tokens: 214,
      output_tokens: 17,
      total_tokens: 231,
      input_cost: 0.0000321,
      output_cost: 0.0000102,
      total_cost: 0.0000423,
    });
    const retriever = children.find((c) => c.run_type === "retriever")!;
    expect(((retriever.outputs as Fields).documents as Fields[])[0]).toMatchObject({
      page_content: expect.stringContaining("14 days"),
      metadata: { source: "kb/refunds.md", relevance_score: 1 },
    });
  });

  it("records the tool failure as the tool run's error and keeps real durations", () => {
    const { root, children } = traceRuns(toolErrorRecord().trace.trace_id);
    const tool = children.find((c) => c.run_type === "tool")!;
    expect(tool.error).toBe("timeout after 2000 ms");
    const t = (v: unknown) => (typeof v === "number" ? v : Date.parse(String(v)));
    expect(t(tool.end_time) - t(tool.start_time)).toBe(2000);
    expect(t(root.end_time) - t(root.start_time)).toBe(2731);
    expect((root.events as { name: string }[]).map((e) => e.name).sort()).toEqual([
      "event.retry",
      "event.tool_error",
    ]);
  });

  it("renders chain -> retriever / tool / llm from the backend's view", () => {
    const tree = renderTrace(backend.store, "langsmith", toolErrorRecord().trace.trace_id)!;
    expect(tree).toMatch(/^chain support-bot\.ask\.v2 · 2731 ms/);
    expect(tree).toMatch(/├─ retriever retrieval knowledge_base · \+3 ms → 11 ms/);
    expect(tree).toMatch(/├─ tool execute_tool order_lookup · \+20 ms → 2000 ms · ERROR/);
    expect(tree).toMatch(/└─ llm chat gpt-4o-mini · openai\/gpt-4o-mini · \+2030 ms → 690 ms/);
    expect(tree).toContain("usage_metadata: input 214 · output 17 · total 231 tokens");
  });

  it("leaves usage out of a failed llm run instead of reporting zero tokens", () => {
    const { children } = traceRuns(llmFailureRecord().trace.trace_id);
    const llm = children.find((c) => c.run_type === "llm")!;
    expect(llm.error).toMatch(/429 Rate limit/);
    expect((llm.outputs as Fields | undefined)?.usage_metadata).toBeUndefined();
  });
});

describe("OpenTelemetry as received", () => {
  let backend: LocalTraceBackend;
  beforeAll(async () => {
    backend = await startLocalTraceBackend({ dir: null });
    const sink = tracingSink(
      createOtelAdapter({
        url: `${backend.url}/v1/traces`,
        environment: "dev",
        release: "2025.06.1",
        ...quiet,
      }),
      { ...quiet, contract },
    );
    const snapshot = healthyRecord();
    // A real key answers with a dated snapshot: it must not become the requested model.
    snapshot.generation.model = "gpt-4o-mini-2024-07-18";
    sink.record(snapshot);
    sink.record(toolErrorRecord());
    sink.record(llmFailureRecord());
    expect(await sink.shutdown!(10_000)).toEqual({ code: "SUCCESS" });
  });
  afterAll(async () => backend.close());
  const spansOf = (id: string) => backend.store.otlpSpans(otelTraceId(id));

  it("uses the workbook trace id and names child spans by the GenAI conventions", () => {
    const spans = spansOf(toolErrorRecord().trace.trace_id);
    const root = spans.find((s) => !s.parentSpanId)!;
    expect(root.name).toBe("support-bot.ask.v2");
    expect(
      spans
        .filter((s) => s.parentSpanId === root.spanId)
        .map((s) => s.name)
        .sort(),
    ).toEqual(["chat gpt-4o-mini", "execute_tool order_lookup", "retrieval knowledge_base"]);
    for (const s of spans)
      expect(s.attributes).toMatchObject({
        "metadata.environment": "dev",
        "metadata.prompt_version": "v2.1",
        "metadata.customer_tier": "pro",
        "metadata.release": "2025.06.1",
      });
    for (const s of spans)
      expect(s.name).toMatch(
        new RegExp(contract.naming.span_name_regex.replace(/\$$/, "|support-bot\\.ask\\.v2$")),
      );
  });

  it("carries the chat attributes: requested vs response model, id, finish reasons, tokens, TTFT in seconds", () => {
    const llm = spansOf(healthyRecord().trace.trace_id).find((s) => s.name.startsWith("chat "))!;
    expect(llm.name).toBe("chat gpt-4o-mini");
    expect(llm.kind).toBe(3); // CLIENT
    expect(llm.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
      "gen_ai.response.id": "chatcmpl-sim0healthy",
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.usage.input_tokens": 214,
      "gen_ai.usage.output_tokens": 17,
      "gen_ai.response.time_to_first_chunk": 0.18,
    });
    const messages = JSON.parse(String(llm.attributes["gen_ai.output.messages"]));
    expect(messages).toEqual([
      {
        role: "assistant",
        parts: [
          { type: "text", content: "Pro plan purchases can be refunded within 14 days of the charge." },
        ],
        finish_reason: "stop",
      },
    ]);
    expect(JSON.parse(String(llm.attributes["gen_ai.input.messages"]))[1]).toEqual({
      role: "user",
      parts: [{ type: "text", content: healthyRecord().trace.input_text }],
    });
    expect(llm.attributes["error.type"]).toBeUndefined();
  });

  it("marks a failed tool with error.type and an error status", () => {
    const tool = spansOf(toolErrorRecord().trace.trace_id).find(
      (s) => s.name === "execute_tool order_lookup",
    )!;
    expect(tool.attributes).toMatchObject({
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "order_lookup",
      "error.type": "timeout",
    });
    expect(tool.status).toMatchObject({ code: 2, message: "timeout after 2000 ms" });
    const retrieval = spansOf(toolErrorRecord().trace.trace_id).find((s) => s.name.startsWith("retrieval"))!;
    expect(retrieval.attributes).toMatchObject({
      "gen_ai.operation.name": "retrieval",
      "gen_ai.data_source.id": "knowledge_base",
      "gen_ai.request.top_k": 2,
    });
  });

  it("gives a failed LLM call error.type and an error status, and no token counts, response model or id", () => {
    const spans = spansOf(llmFailureRecord().trace.trace_id);
    const llm = spans.find((s) => s.name.startsWith("chat "))!;
    expect(llm.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o-mini",
      "error.type": "llm_rate_limited",
    });
    expect(llm.status.code).toBe(2);
    for (const key of [
      "gen_ai.usage.input_tokens",
      "gen_ai.usage.output_tokens",
      "gen_ai.response.model",
      "gen_ai.response.id",
      "gen_ai.response.finish_reasons",
      "gen_ai.output.messages",
      "workbook.cost_usd",
    ]) {
      expect(llm.attributes[key], key).toBeUndefined();
    }
    const root = spans.find((s) => !s.parentSpanId)!;
    expect(root.attributes["error.type"]).toBe("llm_rate_limited");
  });
});

describe("OTLP attribute types on the wire", () => {
  it("sends integer attributes as intValue on every span (one type per attribute)", async () => {
    const backend = await startLocalTraceBackend({ dir: null });
    try {
      const sink = tracingSink(createOtelAdapter({ url: `${backend.url}/v1/traces`, ...quiet }), {
        ...quiet,
        contract,
      });
      for (const r of [healthyRecord(), toolErrorRecord(), llmFailureRecord()]) sink.record(r);
      await sink.shutdown!(10_000);
      const body = JSON.parse(backend.store.requests[0].body) as {
        resourceSpans: {
          scopeSpans: { spans: { attributes: { key: string; value: Record<string, unknown> }[] }[] }[];
        }[];
      };
      const types = new Map<string, Set<string>>();
      for (const span of body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))) {
        for (const a of span.attributes)
          types.set(a.key, new Set([...(types.get(a.key) ?? []), Object.keys(a.value)[0]]));
      }
      for (const key of [
        "gen_ai.usage.input_tokens",
        "gen_ai.usage.output_tokens",
        "gen_ai.request.max_tokens",
        "gen_ai.request.top_k",
        "workbook.attempts",
      ]) {
        expect([...(types.get(key) ?? [])], key).toEqual(["intValue"]);
      }
      expect([...(types.get("gen_ai.response.time_to_first_chunk") ?? [])]).toEqual(["doubleValue"]);
      expect([...(types.get("workbook.cost_usd") ?? [])]).toEqual(["doubleValue"]);
      const spans = backend.store.otlpSpans() as OtlpSpan[];
      expect(spans.length).toBeGreaterThan(0);
    } finally {
      await backend.close();
    }
  });
});
