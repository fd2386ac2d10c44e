import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHART_WIDTH } from "../charts";
import { spanWaterfall, ttftMs, waterfallRows, type WaterfallSpan } from "./span-waterfall";
import { ChartRenderer } from "./chart-renderer";
import { decodeOtlpJson } from "../tracing/otlp-ingest";

const T = "0123456789abcdef0123456789abcdef";
const span = (
  spanId: string,
  name: string,
  start: number,
  end: number,
  attributes: Record<string, unknown>,
  extra: Partial<WaterfallSpan> = {},
): WaterfallSpan => ({
  traceId: T,
  spanId,
  parentSpanId: spanId === "root" ? undefined : "root",
  name,
  start_ms: 1_000_000 + start,
  end_ms: 1_000_000 + end,
  attributes,
  status: { code: 0 },
  ...extra,
});
// GenAI-convention names (`chat {model}`, `execute_tool {name}`), and one legacy retrieval span: matched by attributes either way.
const spans = [
  span("llm", "chat gpt-4o-mini", 140, 1240, {
    "gen_ai.operation.name": "chat",
    "gen_ai.request.model": "gpt-4o-mini",
    "gen_ai.response.time_to_first_chunk": 0.4,
  }),
  span("root", "support-bot.ask.v2", 0, 1260, {}),
  span("ret", "retrieval", 5, 20, { "retrieval.top_k": 3 }),
  span(
    "tool",
    "execute_tool lookup_order",
    25,
    130,
    { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "lookup_order" },
    { status: { code: 2, message: "timeout" } },
  ),
  span("other", "x", 0, 5, {}, { traceId: "f".repeat(32) }),
];

describe("waterfallRows", () => {
  it("orders spans by start, recognises each by its attributes, and splits the LLM call into TTFT and decode", () => {
    const rows = waterfallRows(spans, { traceId: "01234567-89ab-cdef-0123-456789abcdef" });
    expect(rows.map((r) => [r.row, r.kind, r.start_ms, r.duration_ms, r.failed])).toEqual([
      ["request (support-bot.ask.v2)", "request", 0, 1260, false],
      ["retrieval", "retrieval", 5, 15, false],
      ["tool lookup_order", "tool", 25, 105, true],
      ["LLM gpt-4o-mini", "llm-ttft", 140, 400, false],
      ["LLM gpt-4o-mini", "llm-decode", 540, 700, false],
    ]);
  });

  it("reads TTFT from the conventions' attribute (seconds) or the older one (ms), and keeps an LLM span whole without it", () => {
    expect(ttftMs({ "gen_ai.response.time_to_first_chunk": 0.25 })).toBe(250);
    expect(ttftMs({ "llm.ttft_ms": 75 })).toBe(75);
    expect(ttftMs({})).toBeUndefined();
    const rows = waterfallRows([
      span("root", "r", 0, 10, {}),
      span("llm", "llm.generation", 1, 9, { "gen_ai.operation.name": "chat" }),
    ]);
    expect(rows.map((r) => r.kind)).toEqual(["request", "llm"]);
  });

  it("is empty for an unknown trace", () => {
    expect(waterfallRows(spans, { traceId: "0".repeat(32) })).toEqual([]);
    expect(spanWaterfall([]).data).toEqual([]);
  });

  it("reads what the real OTLP exporter sent (recorded wire traffic)", () => {
    const fixture = JSON.parse(
      readFileSync(new URL("../tracing/__fixtures__/otlp-traces.json", import.meta.url), "utf8"),
    ) as { requests: { body_base64: string }[] };
    const received = fixture.requests.flatMap((r) => {
      const decoded = decodeOtlpJson(JSON.parse(Buffer.from(r.body_base64, "base64").toString("utf8")));
      return decoded.ok ? decoded.events.map((e) => e.payload as unknown as WaterfallSpan) : [];
    });
    const traceId = received[0].traceId!;
    const kinds = waterfallRows(received, { traceId }).map((r) => r.kind);
    expect(kinds[0]).toBe("request");
    expect(kinds).toContain("retrieval");
    expect(kinds.some((k) => k.startsWith("llm"))).toBe(true);
  });
});

describe("spanWaterfall", () => {
  it("draws one horizontal bar trace per kind, each bar from its start offset", () => {
    const fig = spanWaterfall(spans, { traceId: T });
    const ttft = fig.data.find((d) => d.name === "LLM: time to first token")!;
    expect(ttft).toMatchObject({ type: "bar", orientation: "h", x: [400], base: [140] });
    expect((fig.layout.yaxis as { categoryarray: string[] }).categoryarray).toEqual([
      "request (support-bot.ask.v2)",
      "retrieval",
      "tool lookup_order",
      "LLM gpt-4o-mini",
    ]);
  });

  const hasChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].some((p) =>
    existsSync(p),
  );
  it.skipIf(!hasChromium && !process.env.CI)(
    "renders to PNG like the other figures",
    async () => {
      const renderer = new ChartRenderer();
      try {
        const png = Buffer.from(
          await renderer.render(spanWaterfall(spans, { traceId: T }), "png", 1),
          "base64",
        );
        expect(png.subarray(1, 4).toString()).toBe("PNG");
        expect(png.readUInt32BE(16)).toBe(CHART_WIDTH);
      } finally {
        await renderer.close();
      }
    },
    60_000,
  );
});
