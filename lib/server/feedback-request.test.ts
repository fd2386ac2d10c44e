import { describe, expect, it } from "vitest";
import { canonicalTraceId, MAX_FEEDBACK_COMMENT_CHARS, parseFeedbackRequest } from "./feedback-request";

const ID = "3f0c8f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f";

describe("parseFeedbackRequest", () => {
  it.each([
    ["thumbs up", { trace_id: ID, value: "up" }, { trace_id: ID, value: "up" }],
    [
      "thumbs down with a comment",
      { trace_id: ID, value: "down", comment: "wrong window" },
      { trace_id: ID, value: "down", comment: "wrong window" },
    ],
    ["upper-case UUID", { trace_id: ID.toUpperCase(), value: "up" }, { trace_id: ID, value: "up" }],
    ["the OTel 32-hex form", { trace_id: ID.replace(/-/g, ""), value: "up" }, { trace_id: ID, value: "up" }],
    [
      "a comment at the limit",
      { trace_id: ID, value: "up", comment: "é".repeat(MAX_FEEDBACK_COMMENT_CHARS) },
      { trace_id: ID, value: "up", comment: "é".repeat(MAX_FEEDBACK_COMMENT_CHARS) },
    ],
  ])("accepts %s", (_, body, expected) => {
    expect(parseFeedbackRequest(body)).toEqual({ ok: true, request: expected });
  });

  it.each([
    [
      "a malformed id",
      { trace_id: "not-a-trace", value: "up" },
      "trace_id: must be the trace_id /ask returned",
    ],
    [
      "an id one digit short",
      { trace_id: ID.slice(0, -1), value: "up" },
      "trace_id: must be the trace_id /ask returned",
    ],
    ["a numeric id", { trace_id: 42, value: "up" }, "trace_id: must be a string"],
    ["no id", { value: "up" }, "trace_id: is required"],
    ["an unknown value", { trace_id: ID, value: "meh" }, "value: must be one of up, down"],
    ["a boolean value", { trace_id: ID, value: true }, "value: must be one of up, down"],
    ["no value", { trace_id: ID }, "value: is required"],
    [
      "an oversize comment",
      { trace_id: ID, value: "down", comment: "x".repeat(MAX_FEEDBACK_COMMENT_CHARS + 1) },
      `comment: must be at most ${MAX_FEEDBACK_COMMENT_CHARS} characters`,
    ],
    [
      "a non-string comment",
      { trace_id: ID, value: "down", comment: { text: "hi" } },
      "comment: must be a string",
    ],
    [
      "an unknown field",
      { trace_id: ID, value: "up", traceId: ID },
      "traceId: is not a known field (known: trace_id, value, comment)",
    ],
    ["an array", [ID, "up"], "(root): body must be a JSON object"],
    ["null", null, "(root): body must be a JSON object"],
  ])("rejects %s, naming the field", (_, body, issue) => {
    const parsed = parseFeedbackRequest(body);
    expect(parsed.ok).toBe(false);
    if (parsed.ok === false) expect(parsed.issues.join("; ")).toContain(issue);
  });

  it("lists every problem at once", () => {
    const parsed = parseFeedbackRequest({ trace_id: "x", value: "sideways", comment: 7 });
    expect(parsed.ok === false && parsed.issues.map((i) => i.split(":")[0])).toEqual([
      "trace_id",
      "value",
      "comment",
    ]);
  });

  it("canonicalTraceId maps both id forms to one and refuses anything else", () => {
    expect(canonicalTraceId(` ${ID.toUpperCase()} `)).toBe(ID);
    expect(canonicalTraceId(ID.replace(/-/g, ""))).toBe(ID);
    expect(canonicalTraceId("")).toBeUndefined();
    expect(canonicalTraceId(`${ID}0`)).toBeUndefined();
  });
});
