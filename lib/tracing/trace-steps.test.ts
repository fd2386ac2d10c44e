import { describe, expect, it } from "vitest";
import type { AnswerRecord } from "../record";
import { healthyRecord, toolErrorRecord } from "./__fixtures__/answer-records";
import { knownUsage, traceSteps } from "./trace-steps";
import { loadContract } from "../contract";

const contract = loadContract();

const ms = (d: Date) => d.getTime();

describe("knownUsage", () => {
  it.each<[string, Parameters<typeof knownUsage>[0], boolean]>([
    ["reported usage", { usage: { input: 1, output: 2, total: 3 }, usage_reported: true }, true],
    [
      "a failure the provider reported no usage for",
      { usage: { input: 0, output: 0, total: 0 }, usage_reported: false, error: "429" },
      false,
    ],
    [
      "an older record: failed with zero tokens",
      { usage: { input: 0, output: 0, total: 0 }, error: "429" },
      false,
    ],
    [
      "an older record: failed after usage arrived",
      { usage: { input: 5, output: 1, total: 6 }, error: "stream cut" },
      true,
    ],
    ["an older record: healthy", { usage: { input: 5, output: 1, total: 6 } }, true],
  ])("%s", (_label, g, known) => {
    expect(knownUsage(g) !== undefined).toBe(known);
  });
});

describe("traceSteps", () => {
  it("rebuilds absolute start/end times from started_at + latency_ms", () => {
    const steps = traceSteps(toolErrorRecord(), { contract });
    expect(ms(steps.end) - ms(steps.start)).toBe(2731);
    expect(ms(steps.retrieval.start) - ms(steps.start)).toBe(3);
    expect(ms(steps.retrieval.end) - ms(steps.retrieval.start)).toBe(11);
    expect(ms(steps.tools[0].end) - ms(steps.tools[0].start)).toBe(2000);
    expect(ms(steps.generation.completionStart!) - ms(steps.generation.start)).toBe(180);
    expect(steps.events.map((e) => [e.name, e.marker, ms(e.time) - ms(steps.start)])).toEqual([
      ["event.retry", "retry", 2400],
      ["event.tool_error", "tool_error", 2021],
    ]);
    expect(steps.warnings).toEqual([]);
  });

  it("names steps and stamps metadata and tags by the contract", () => {
    const steps = traceSteps(toolErrorRecord(), { contract });
    expect([steps.retrieval.name, steps.generation.name, steps.tools[0].name]).toEqual([
      "retrieval knowledge_base",
      "chat gpt-4o-mini",
      "execute_tool order_lookup",
    ]);
    const meta = { environment: "dev", prompt_version: "v2.1", customer_tier: "pro", release: "2025.06.1" };
    for (const m of [
      steps.metadata,
      steps.retrieval.metadata,
      steps.generation.metadata,
      steps.tools[0].metadata,
      ...steps.events.map((e) => e.metadata),
    ])
      expect(m).toEqual(meta);
    expect(steps.tags).toEqual([
      "env:dev",
      "tier:pro",
      "prompt:v2.1",
      "model:gpt-4o-mini",
      "tool:order_lookup",
    ]);
  });

  const base = healthyRecord();
  const variant = (patch: (r: AnswerRecord) => void) => {
    const r = structuredClone(base);
    patch(r);
    return r;
  };
  it.each<[string, AnswerRecord, (s: ReturnType<typeof traceSteps>) => void]>([
    [
      "bad retrieval timestamp falls back to the request start",
      variant((r) => (r.retrieval.started_at = "yesterday")),
      (s) => {
        expect(ms(s.retrieval.start)).toBe(ms(s.start));
        expect(s.warnings.join()).toMatch(/retrieval\.started_at: "yesterday"/);
      },
    ],
    [
      "NaN latency becomes a zero-length step",
      variant((r) => (r.generation.latency_ms = Number.NaN)),
      (s) => expect(ms(s.generation.end)).toBe(ms(s.generation.start)),
    ],
    [
      "negative latency becomes zero",
      variant((r) => (r.retrieval.latency_ms = -5)),
      (s) => expect(ms(s.retrieval.end)).toBe(ms(s.retrieval.start)),
    ],
    [
      "no TTFT leaves completionStart unset",
      variant((r) => delete r.generation.ttft_ms),
      (s) => expect(s.generation.completionStart).toBeUndefined(),
    ],
    [
      "odd tool and event names become valid span names",
      variant((r) => {
        r.tools = [
          {
            tool_name: "Order Lookup (v2)!",
            input: {},
            output: null,
            started_at: r.trace.timestamp,
            latency_ms: 1,
            success: true,
          },
        ];
        r.events = [{ name: "Guardrail-Block ✋", at: r.trace.timestamp, level: "WARNING" }];
      }),
      (s) => {
        expect(s.tools[0].name).toBe("execute_tool order_lookup_v2");
        expect(s.events[0]).toMatchObject({ name: "event.guardrail_block", marker: "Guardrail-Block ✋" });
      },
    ],
    [
      "a missing release is stamped from options",
      variant((r) => delete r.trace.release),
      (s) => expect(s.metadata.release).toBe("from-options"),
    ],
    [
      "unicode text passes through untouched",
      variant((r) => (r.trace.input_text = "返金は可能ですか？ 🙏")),
      (s) => expect(s.input.query).toBe("返金は可能ですか？ 🙏"),
    ],
    [
      "the chat span is named after the requested model, not the response's snapshot",
      variant(
        (r) => (
          (r.generation.model = "gpt-4o-mini-2024-07-18"),
          (r.generation.request_model = "gpt-4o-mini")
        ),
      ),
      (s) => expect(s.generation.name).toBe("chat gpt-4o-mini"),
    ],
    [
      "a model id with odd characters still makes a valid span name",
      variant((r) => (r.generation.request_model = "acme model (beta)")),
      (s) => expect(s.generation.name).toBe("chat acme_model_beta_"),
    ],
    [
      "empty tools and events",
      variant((r) => ((r.tools = []), (r.events = []))),
      (s) => expect([s.tools, s.events]).toEqual([[], []]),
    ],
  ])("%s", (_name, record, check) => {
    check(traceSteps(record, { contract, release: "from-options" }));
  });
});
