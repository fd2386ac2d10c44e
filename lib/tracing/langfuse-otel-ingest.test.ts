import { describe, expect, it } from "vitest";
import { langfuseEventsFromOtlp } from "./langfuse-otel-ingest";
import type { Fields, OtlpSpan } from "./trace-store";

const T = "0af7651916cd43dd8448eb211c80319c";
const span = (spanId: string, attributes: Fields, extra: Partial<OtlpSpan> = {}): OtlpSpan => ({
  traceId: T,
  spanId,
  name: "op",
  start_ms: Date.parse("2025-06-02T09:15:00.000Z"),
  end_ms: Date.parse("2025-06-02T09:15:01.000Z"),
  attributes,
  events: [],
  status: { code: 0 },
  resource: { "service.name": "third-party", "deployment.environment.name": "Langfuse-Prod" },
  ...extra,
});

describe("langfuseEventsFromOtlp (the server's mapping, for spans no Langfuse SDK wrote)", () => {
  it.each<[string, Fields, string]>([
    ["gen_ai.operation.name chat", { "gen_ai.operation.name": "chat" }, "generation-create"],
    [
      "gen_ai.operation.name execute_tool",
      { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "lookup" },
      "tool-create",
    ],
    ["gen_ai.operation.name embeddings", { "gen_ai.operation.name": "embeddings" }, "embedding-create"],
    ["a model and no operation", { "gen_ai.request.model": "m" }, "generation-create"],
    ["retrieval (the server has no mapping for it)", { "gen_ai.operation.name": "retrieval" }, "span-create"],
    [
      "langfuse.observation.type wins",
      { "langfuse.observation.type": "retriever", "gen_ai.operation.name": "chat" },
      "retriever-create",
    ],
    [
      "an unknown langfuse.observation.type falls through",
      { "langfuse.observation.type": "banana" },
      "span-create",
    ],
  ])("%s -> %s", (_label, attributes, kind) => {
    const events = langfuseEventsFromOtlp([
      span("b7ad6b7169203331", attributes, { parentSpanId: "00f067aa0ba902b7" }),
    ]);
    expect(events.map((e) => e.kind)).toEqual(["trace-create", kind]);
  });

  it("reads model, gen_ai usage, tool names, levels and the environment like the server", () => {
    const [, gen] = langfuseEventsFromOtlp([
      span(
        "b7ad6b7169203331",
        {
          "gen_ai.operation.name": "chat",
          "gen_ai.request.model": "gpt-4o-mini",
          "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
          "gen_ai.usage.input_tokens": 10,
          "gen_ai.usage.output_tokens": 3,
          "langfuse.observation.level": "loud",
        },
        { parentSpanId: "00f067aa0ba902b7", status: { code: 2, message: "boom" } },
      ),
    ]);
    expect(gen.payload).toMatchObject({
      model: "gpt-4o-mini-2024-07-18",
      usageDetails: { input: 10, output: 3 },
      level: "ERROR",
      statusMessage: "boom",
      environment: "prod",
      parentObservationId: "00f067aa0ba902b7",
    });
  });

  it("keeps one full trace per request: a shallow trace from an earlier child never overrides the root's", () => {
    const events = langfuseEventsFromOtlp([
      span(
        "b7ad6b7169203331",
        {},
        { parentSpanId: "00f067aa0ba902b7", start_ms: Date.parse("2025-06-02T09:15:02.000Z") },
      ),
      span("00f067aa0ba902b7", {
        "langfuse.trace.name": "root",
        "user.id": "uid_x",
        "langfuse.trace.tags": ["a", "b"],
      }),
    ]);
    const traces = events.filter((e) => e.kind === "trace-create");
    expect(traces).toHaveLength(1);
    expect(traces[0].payload).toMatchObject({
      id: T,
      name: "root",
      userId: "uid_x",
      tags: ["a", "b"],
      timestamp: "2025-06-02T09:15:00.000Z",
    });
  });
});
