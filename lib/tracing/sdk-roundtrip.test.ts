/**
 * Hierarchy and metadata as RECEIVED: the real langfuse / langsmith / OTel SDKs send the
 * fixture records to the local backend, and the assertions read the backend's merged view.
 */
import * as semconv from "@opentelemetry/semantic-conventions/incubating";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultContract } from "../contract";
import { healthyRecord, toolErrorRecord } from "./__fixtures__/answer-records";
import { createLangfuseAdapter } from "./langfuse-adapter";
import { createLangSmithAdapter } from "./langsmith-adapter";
import { startLocalTraceBackend, type LangSmithServerInfo, type LocalTraceBackend } from "./local-backend";
import { createOtelAdapter, GEN_AI } from "./otel-adapter";
import { renderTrace } from "./render-tree";
import type { Fields } from "./trace-store";
import { tracingSink } from "./tracing-sink";

const REQUIRED = defaultContract().required_metadata_fields;
const expectedMeta = { environment: "dev", prompt_version: "v2.1", customer_tier: "pro", release: "2025.06.1" };
const quiet = { log: () => undefined };

describe("Langfuse as received", () => {
  let backend: LocalTraceBackend;
  beforeAll(async () => {
    backend = await startLocalTraceBackend({ dir: null });
    const sink = tracingSink(createLangfuseAdapter({ publicKey: "pk-lf-local", secretKey: "sk-lf-local", baseUrl: backend.url, environment: "dev", ...quiet }), quiet);
    sink.record(healthyRecord());
    sink.record(toolErrorRecord());
    expect(await sink.shutdown!(10_000)).toEqual({ code: "SUCCESS" });
  });
  afterAll(async () => backend.close());

  it("builds trace -> SPAN retrieval, SPAN tool, GENERATION, EVENTs, all children of the trace", () => {
    const view = backend.store.langfuseTrace(toolErrorRecord().trace.trace_id)!;
    expect(view.trace).toMatchObject({ name: "support-bot.ask.v2", userId: "uid_0123456789abcdef0123456789abcdef", release: "2025.06.1", version: "v2.1" });
    expect((view.trace!.tags as string[]).sort()).toEqual(["env:dev", "model:gpt-4o-mini", "prompt:v2.1", "tier:pro", "tool:order_lookup"]);
    const shape = view.observations.map((o) => `${o.type} ${o.name}`).sort();
    expect(shape).toEqual(["EVENT event.retry", "EVENT event.tool_error", "GENERATION llm.generation", "SPAN retrieval", "SPAN tool.order_lookup"]);
    for (const o of view.observations) expect(o.parentObservationId ?? null).toBeNull();
  });

  it("puts the required metadata on the trace and on every observation", () => {
    const view = backend.store.langfuseTrace(toolErrorRecord().trace.trace_id)!;
    expect(REQUIRED.sort()).toEqual(Object.keys(expectedMeta).sort());
    expect(view.trace!.metadata).toMatchObject(expectedMeta);
    for (const o of view.observations) expect(o.metadata, `${o.type} ${o.name}`).toMatchObject(expectedMeta);
  });

  it("sends usageDetails, costDetails, model parameters and TTFT on the generation", () => {
    const view = backend.store.langfuseTrace(healthyRecord().trace.trace_id)!;
    const gen = view.observations.find((o) => o.type === "GENERATION")!;
    expect(gen).toMatchObject({
      model: "gpt-4o-mini",
      modelParameters: { temperature: 0, max_tokens: 256 },
      usageDetails: { input: 214, output: 17, total: 231 },
      costDetails: { input: 0.0000321, output: 0.0000102, total: 0.0000423 },
      output: "Pro plan purchases can be refunded within 14 days of the charge.",
    });
    expect((gen.metadata as Fields).ttft_ms).toBe(180);
    expect(Date.parse(gen.completionStartTime as string) - Date.parse(gen.startTime as string)).toBe(180);
    expect(gen.input).toEqual(healthyRecord().generation.messages);
  });

  it("reconstructs real durations and marks the failed tool as ERROR", () => {
    const view = backend.store.langfuseTrace(toolErrorRecord().trace.trace_id)!;
    const duration = (o: Fields) => Date.parse(o.endTime as string) - Date.parse(o.startTime as string);
    const tool = view.observations.find((o) => o.name === "tool.order_lookup")!;
    expect(tool).toMatchObject({ level: "ERROR", statusMessage: "timeout after 2000 ms", input: { order_id: "88123" } });
    expect((tool.metadata as Fields).success).toBe(false);
    expect(duration(tool)).toBe(2000);
    expect(duration(view.observations.find((o) => o.name === "retrieval")!)).toBe(11);
    expect(duration(view.observations.find((o) => o.type === "GENERATION")!)).toBe(690);
    expect(view.observations.find((o) => o.name === "event.retry")).toMatchObject({ level: "WARNING", startTime: "2025-06-02T09:15:07.400Z" });
  });
});

describe.each<[string, LangSmithServerInfo | undefined, string]>([
  ["streamed multipart", undefined, "/runs/multipart"],
  ["gzip multipart", { batch_ingest_config: { use_multipart_endpoint: true }, instance_flags: { gzip_body_enabled: true } }, "/runs/multipart"],
  ["JSON batch", { batch_ingest_config: { use_multipart_endpoint: false } }, "/runs/batch"],
])("LangSmith as received (%s)", (_label, info, path) => {
  let backend: LocalTraceBackend;
  beforeAll(async () => {
    backend = await startLocalTraceBackend({ dir: null, langsmithInfo: info });
    const sink = tracingSink(createLangSmithAdapter({ apiUrl: backend.url, apiKey: "lsv2-local", project: "tests", ...quiet }), quiet);
    sink.record(healthyRecord());
    sink.record(toolErrorRecord());
    expect(await sink.shutdown!(10_000)).toEqual({ code: "SUCCESS" });
  });
  afterAll(async () => backend.close());

  const traceRuns = (traceId: string) => {
    const runs = backend.store.langsmithRuns();
    const root = runs.find((r) => !r.parent_run_id && ((r.extra as Fields).metadata as Fields).trace_id === traceId)!;
    return { root, children: runs.filter((r) => r.parent_run_id === root.id) };
  };

  it(`arrives through ${path}`, () => {
    expect(backend.store.requests.map((r) => `${r.method} ${r.path}`)).toContain(`POST ${path}`);
  });

  it("builds a chain root with retriever, tool and llm children in start order", () => {
    const { root, children } = traceRuns(toolErrorRecord().trace.trace_id);
    expect(root).toMatchObject({ run_type: "chain", name: "support-bot.ask.v2", inputs: { query: "Where is my refund for order 88123?" } });
    const ordered = [...children].sort((a, b) => String(a.dotted_order).localeCompare(String(b.dotted_order))).map((c) => `${c.run_type} ${c.name}`);
    expect(ordered).toEqual(["retriever retrieval", "tool order_lookup", "llm llm.generation"]);
    for (const c of children) {
      expect(c.trace_id).toBe(root.id);
      expect(String(c.dotted_order).startsWith(String(root.dotted_order) + ".")).toBe(true);
    }
  });

  it("puts the required metadata on every run, and ls_provider / ls_model_name plus usage_metadata on the llm run", () => {
    const { root, children } = traceRuns(healthyRecord().trace.trace_id);
    for (const run of [root, ...children]) expect((run.extra as Fields).metadata, `${run.run_type}`).toMatchObject(expectedMeta);
    const llm = children.find((c) => c.run_type === "llm")!;
    expect((llm.extra as Fields).metadata).toMatchObject({ ls_provider: "openai", ls_model_name: "gpt-4o-mini", ls_temperature: 0, ls_max_tokens: 256 });
    expect((llm.outputs as Fields).usage_metadata).toEqual({ input_tokens: 214, output_tokens: 17, total_tokens: 231, input_cost: 0.0000321, output_cost: 0.0000102, total_cost: 0.0000423 });
    const retriever = children.find((c) => c.run_type === "retriever")!;
    expect(((retriever.outputs as Fields).documents as Fields[])[0]).toMatchObject({ page_content: expect.stringContaining("14 days"), metadata: { source: "kb/refunds.md", relevance_score: 1 } });
  });

  it("records the tool failure as the tool run's error and keeps real durations", () => {
    const { root, children } = traceRuns(toolErrorRecord().trace.trace_id);
    const tool = children.find((c) => c.run_type === "tool")!;
    expect(tool.error).toBe("timeout after 2000 ms");
    const t = (v: unknown) => (typeof v === "number" ? v : Date.parse(String(v)));
    expect(t(tool.end_time) - t(tool.start_time)).toBe(2000);
    expect(t(root.end_time) - t(root.start_time)).toBe(2731);
    expect((root.events as { name: string }[]).map((e) => e.name).sort()).toEqual(["event.retry", "event.tool_error"]);
  });

  it("renders chain -> retriever / tool / llm from the backend's view", () => {
    const tree = renderTrace(backend.store, "langsmith", toolErrorRecord().trace.trace_id)!;
    expect(tree).toMatch(/^chain support-bot\.ask\.v2 · 2731 ms/);
    expect(tree).toMatch(/├─ retriever retrieval · \+3 ms → 11 ms/);
    expect(tree).toMatch(/├─ tool order_lookup · \+20 ms → 2000 ms · ERROR/);
    expect(tree).toMatch(/└─ llm llm\.generation · openai\/gpt-4o-mini · \+2030 ms → 690 ms/);
    expect(tree).toContain("usage_metadata: input 214 · output 17 · total 231 tokens");
  });
});

describe("OpenTelemetry as received", () => {
  let backend: LocalTraceBackend;
  beforeAll(async () => {
    backend = await startLocalTraceBackend({ dir: null });
    const sink = tracingSink(createOtelAdapter({ url: `${backend.url}/v1/traces`, environment: "dev", release: "2025.06.1", ...quiet }), quiet);
    sink.record(toolErrorRecord());
    expect(await sink.shutdown!(10_000)).toEqual({ code: "SUCCESS" });
  });
  afterAll(async () => backend.close());

  it("uses the workbook trace id and nests spans under the request span", () => {
    const spans = backend.store.otlpSpans(toolErrorRecord().trace.trace_id.replace(/-/g, ""));
    const root = spans.find((s) => !s.parentSpanId)!;
    expect(root.name).toBe("support-bot.ask.v2");
    expect(spans.filter((s) => s.parentSpanId === root.spanId).map((s) => s.name).sort()).toEqual(["llm.generation", "retrieval", "tool.order_lookup"]);
    for (const s of spans) expect(s.attributes).toMatchObject({ "metadata.environment": "dev", "metadata.prompt_version": "v2.1", "metadata.customer_tier": "pro", "metadata.release": "2025.06.1" });
  });

  it("carries the GenAI semantic-convention attributes", () => {
    const spans = backend.store.otlpSpans(toolErrorRecord().trace.trace_id.replace(/-/g, ""));
    const llm = spans.find((s) => s.name === "llm.generation")!;
    expect(llm.attributes).toMatchObject({ "gen_ai.operation.name": "chat", "gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o-mini", "gen_ai.usage.input_tokens": 214, "gen_ai.usage.output_tokens": 17 });
    const tool = spans.find((s) => s.name === "tool.order_lookup")!;
    expect(tool.attributes).toMatchObject({ "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "order_lookup" });
    expect(tool.status).toMatchObject({ code: 2, message: "timeout after 2000 ms" });
  });

  it("uses the attribute names @opentelemetry/semantic-conventions publishes", () => {
    const published = semconv as unknown as Record<string, string>;
    const expected: Record<keyof typeof GEN_AI, string> = {
      operationName: published.ATTR_GEN_AI_OPERATION_NAME,
      providerName: published.ATTR_GEN_AI_PROVIDER_NAME,
      system: published.ATTR_GEN_AI_SYSTEM,
      requestModel: published.ATTR_GEN_AI_REQUEST_MODEL,
      responseModel: published.ATTR_GEN_AI_RESPONSE_MODEL,
      requestTemperature: published.ATTR_GEN_AI_REQUEST_TEMPERATURE,
      requestMaxTokens: published.ATTR_GEN_AI_REQUEST_MAX_TOKENS,
      inputTokens: published.ATTR_GEN_AI_USAGE_INPUT_TOKENS,
      outputTokens: published.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
      toolName: published.ATTR_GEN_AI_TOOL_NAME,
      inputMessages: published.ATTR_GEN_AI_INPUT_MESSAGES,
      outputMessages: published.ATTR_GEN_AI_OUTPUT_MESSAGES,
    };
    expect(GEN_AI).toEqual(expected);
  });
});
