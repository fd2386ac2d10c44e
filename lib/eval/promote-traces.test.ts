import { describe, expect, it } from "vitest";
import { generateTraces } from "../synth";
import { EvalQuerySchema } from "../rag/eval-set";
import { promoteTraces } from "./promote-traces";
import { parseFeedback, parseTraceFeedbackJsonl } from "./trace-source";
import { loadContract } from "../contract";

const contract = loadContract();

const [a, b, c, d] = generateTraces({ contract, n: 40, seed: 3 }).filter(
  (t) => t.error === undefined && t.quality_score !== undefined,
);

describe("parseTraceFeedbackJsonl", () => {
  it("reads bare and wrapped traces with feedback, and rejects bad lines with their numbers", () => {
    const text = [
      JSON.stringify({ ...a, feedback: "thumbs_down" }),
      JSON.stringify({ trace: b, feedback: 1 }),
      JSON.stringify(c),
      "[1]",
      JSON.stringify({ ...d, feedback: "meh" }),
      JSON.stringify({ trace: { ...d, latency_ms: -1 } }),
    ].join("\n");
    const result = parseTraceFeedbackJsonl(text);
    expect(result.items.map((i) => i.feedback)).toEqual(["down", "up", undefined]);
    expect(result.rejected.map((r) => r.line)).toEqual([4, 5, 6]);
    expect(result.rejected[1].errors).toEqual([expect.stringMatching(/^feedback: must be one of up, down/)]);
    expect(result.rejected[2].errors[0]).toMatch(/^trace\.latency_ms/);
  });

  it.each([
    ["down", "down"],
    ["THUMBS_UP", "up"],
    [0, "down"],
    [-1, "down"],
    [null, undefined],
  ])("normalises feedback %j", (value, expected) => {
    expect(parseFeedback(value)).toEqual({ ok: true, ...(expected ? { value: expected } : {}) });
  });
});

describe("promoteTraces", () => {
  it("keeps thumbs-down and low-quality answers, worst first, with redacted text and empty expected facts", () => {
    const items = [
      { trace: { ...a, quality_score: 90, input_text: "Call me at +1 415 555 0100 about my refund" } },
      { trace: { ...b, quality_score: 95 }, feedback: "down" as const },
      { trace: { ...c, quality_score: 10, input_text: "How long does a refund take?" } },
      { trace: { ...d, quality_score: 40, input_text: "What does Pro cost?" } },
      { trace: { ...d, quality_score: 30, input_text: "what does  PRO cost?", trace_id: a.trace_id } }, // the same question again
      { trace: { ...a, quality_score: 5, error: "timeout: request timed out after 10000 ms" } },
    ];
    const result = promoteTraces(items, { belowQuality: 50 });
    expect(result.candidates.map((x) => [x.source.quality_score, x.reasons])).toEqual([
      [95, ["thumbs_down"]],
      [10, ["low_quality"]],
      [30, ["low_quality"]],
    ]);
    expect(result).toMatchObject({ considered: 6, duplicates: 1, errors_skipped: 1 });
    for (const x of result.candidates) {
      expect(x.expected_facts).toEqual([]);
      // An engineer must fill in the facts before the case can join the eval set.
      expect(EvalQuerySchema.safeParse(x).success).toBe(false);
    }
    expect(
      promoteTraces([{ trace: { ...a, input_text: "mail bob@example.com", quality_score: 1 } }], {
        belowQuality: 50,
      }).candidates[0].query,
    ).toBe("mail [REDACTED_EMAIL]");
  });

  it("promotes nothing from good, unrated traffic", () => {
    expect(
      promoteTraces([{ trace: { ...a, quality_score: 99 } }, { trace: b, feedback: "up" }], {
        belowQuality: 50,
      }).candidates,
    ).toEqual([]);
  });
});
