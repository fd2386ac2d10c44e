import { describe, expect, it } from "vitest";
import {
  TraceSchema,
  formatIssues,
  parseTrace,
  parseTraceJsonl,
  parseTraces,
  requiredTraceFields,
  type Trace,
} from "./schema";

const valid: Trace = {
  trace_id: "3f2b8c1e-9d4a-4e7b-8a5c-1b2d3e4f5a6b",
  timestamp: "2026-11-22T09:15:00.000Z",
  environment: "production",
  customer_tier: "pro",
  prompt_version: "v2.1",
  model_name: "gpt-4o-mini-2024-07-18",
  input_text: "How long do I have to request a refund?",
  output_text: "You can request a refund within 14 days of purchase.",
  retrieved_docs: [
    {
      content: "Refunds are available within 14 days.",
      relevance_score: 0.92,
      source: "kb/refund-policy.md",
    },
  ],
  tool_calls: [
    {
      tool_name: "lookup_order",
      input: { order_id: "ORD-2026-001234" },
      output: { status: "shipped" },
      latency_ms: 84,
      success: true,
    },
  ],
  total_tokens: 412,
  prompt_tokens: 380,
  completion_tokens: 32,
  latency_ms: 1240,
  tags: ["env:production", "tier:pro", "prompt:v2.1"],
};

const errorsOf = (data: unknown) => {
  const result = parseTrace(data);
  return result.ok === true ? [] : result.errors;
};

describe("TraceSchema", () => {
  it("accepts a complete trace, and one with only the required fields", () => {
    expect(parseTrace(valid).ok).toBe(true);
    const minimal = Object.fromEntries(
      Object.entries(valid).filter(([k]) => requiredTraceFields().includes(k)),
    );
    expect(parseTrace(minimal).ok).toBe(true);
  });

  it("accepts an error trace and timestamps with an offset", () => {
    expect(
      errorsOf({ ...valid, error: "RateLimitError: 429", timestamp: "2026-11-22T10:15:00+01:00" }),
    ).toEqual([]);
  });

  it.each([
    ["trace_id", { trace_id: "not-a-uuid" }, "trace_id: trace_id must be a UUID"],
    ["timestamp", { timestamp: "yesterday" }, "timestamp: timestamp must be an ISO-8601 date-time"],
    ["environment", { environment: "prod" }, "environment:"],
    ["customer_tier", { customer_tier: "gold" }, "customer_tier:"],
    [
      "relevance_score above 1",
      { retrieved_docs: [{ content: "x", relevance_score: 1.2, source: "a" }] },
      "retrieved_docs.0.relevance_score: relevance_score must be between 0.0 and 1.0",
    ],
    [
      "relevance_score below 0",
      { retrieved_docs: [{ content: "x", relevance_score: -0.1, source: "a" }] },
      "retrieved_docs.0.relevance_score",
    ],
    [
      "negative tool latency",
      { tool_calls: [{ ...valid.tool_calls[0], latency_ms: -5 }] },
      "tool_calls.0.latency_ms: latency_ms must be >= 0",
    ],
    ["fractional tokens", { total_tokens: 10.5 }, "total_tokens: total_tokens must be an integer"],
    ["negative latency", { latency_ms: -1 }, "latency_ms: latency_ms must be >= 0"],
    ["NaN latency", { latency_ms: Number.NaN }, "latency_ms:"],
    [
      "token sum",
      { total_tokens: 999 },
      "total_tokens: total_tokens (999) must equal prompt_tokens + completion_tokens (380 + 32 = 412)",
    ],
    [
      "quality_score above 100",
      { quality_score: 101 },
      "quality_score: quality_score must be between 0 and 100",
    ],
    ["tags not strings", { tags: ["ok", 3] }, "tags.1:"],
  ])("rejects %s with a path: message error", (_name, patch, expected) => {
    const errors = errorsOf({ ...valid, ...patch });
    expect(errors.some((e) => e.startsWith(expected))).toBe(true);
  });

  it("reports a token-sum mismatch in the same pass as unrelated errors", () => {
    const errors = errorsOf({ ...valid, environment: "prod", total_tokens: 10 });
    expect(errors.some((e) => e.startsWith("environment:"))).toBe(true);
    expect(errors.some((e) => e.startsWith("total_tokens: total_tokens (10) must equal"))).toBe(true);
  });

  it("names every missing required field", () => {
    const errors = errorsOf({});
    for (const field of requiredTraceFields()) expect(errors).toContain(`${field}: is required`);
  });

  it("formats issues without the data as zod's own messages", () => {
    const issues = TraceSchema.safeParse({ ...valid, latency_ms: undefined }).error!.issues;
    expect(formatIssues(issues)).toEqual(["latency_ms: Invalid input: expected number, received undefined"]);
    expect(formatIssues(issues, { ...valid, latency_ms: undefined })).toEqual(["latency_ms: is required"]);
  });

  it("treats non-objects as invalid data, not exceptions", () => {
    for (const input of [null, undefined, 42, "trace", [], new Date()]) {
      expect(parseTrace(input).ok).toBe(false);
    }
  });

  it("lists exactly the assignment's required fields", () => {
    expect(requiredTraceFields().sort()).toEqual(
      [
        "trace_id",
        "timestamp",
        "environment",
        "customer_tier",
        "prompt_version",
        "model_name",
        "input_text",
        "output_text",
        "retrieved_docs",
        "tool_calls",
        "total_tokens",
        "latency_ms",
        "tags",
      ].sort(),
    );
  });
});

describe("batches", () => {
  it("keeps valid traces and counts the rejected ones with their index", () => {
    const batch = parseTraces([valid, { ...valid, latency_ms: -1 }, valid]);
    expect(batch.traces).toHaveLength(2);
    expect(batch.rejected).toEqual([{ index: 1, errors: ["latency_ms: latency_ms must be >= 0"] }]);
  });

  it("reads JSONL, skipping blank lines and naming the line of bad JSON", () => {
    const text = `${JSON.stringify(valid)}\n\n{not json\n${JSON.stringify({ ...valid, environment: "qa" })}\n`;
    const batch = parseTraceJsonl(text);
    expect(batch.traces).toHaveLength(1);
    expect(batch.rejected.map((r) => r.errors[0].split(":")[0])).toEqual(["line 3", "line 4"]);
  });
});
