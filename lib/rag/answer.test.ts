import { describe, expect, it } from "vitest";
import { createLlmClient } from "../llm/create-llm-client";
import { hashUserId } from "../redact";
import { parseTrace } from "../schema";
import { answer } from "./answer";
import { createDefaultTools } from "./defaults";
import { loadEvalSet } from "./eval-set";
import { createOrderLookupTool } from "./tools/lookup-order";
import { loadContract } from "../contract";

const contract = loadContract();

const llm = createLlmClient({ simulator: { timeScale: 0 } });
const tools = createDefaultTools({ timeScale: 0, failureRate: 0 });
const PII_QUERY = "I'm jane.doe@example.com, phone (415) 555-2671. Where is the refund for order ORD-31552?";

describe("answer()", () => {
  it("returns a record whose trace passes the schema, with the contract's name and tags", async () => {
    const record = await answer("How long is the refund window for monthly Pro?", {
      contract,
      llm,
      tools,
      promptVersion: "v2",
      customerTier: "pro",
      environment: "staging",
      release: "r42",
    });
    expect(parseTrace(record.trace)).toEqual({ ok: true, trace: record.trace });
    expect(record.name).toBe("support-bot.ask.v2");
    expect(record.trace.prompt_version).toBe("v2.1");
    expect(record.trace.tags).toEqual(["env:staging", "tier:pro", "prompt:v2.1", "model:gpt-4o-mini"]);
    expect(record.trace.release).toBe("r42");
    expect(record.trace.retrieved_docs[0].source).toBe("data/kb/refund-policy.md");
    expect(record.generation.simulated).toBe(true);
    expect(record.generation.attempts).toBe(1);
    expect(record.trace.quality_score).toBeUndefined();
  });

  it("takes tokens from the SDK's usage and prices them with the price table", async () => {
    const record = await answer("What are the API rate limits?", { contract, llm, tools });
    const { prompt_tokens: p = 0, completion_tokens: c = 0, total_tokens } = record.trace;
    expect(p).toBeGreaterThan(100);
    expect(c).toBeGreaterThan(10);
    expect(total_tokens).toBe(p + c);
    expect(record.generation.cost_usd.total).toBeCloseTo((p * 0.15 + c * 0.6) / 1e6, 12);
    expect(record.trace.ttft_ms).toBeGreaterThanOrEqual(0);
  });

  it("calls the order tool when an order id is named, and nothing raw leaves: query, tool input, tool output, messages", async () => {
    const record = await answer(PII_QUERY, {
      contract,
      llm,
      tools,
      userId: "jane.doe@example.com",
      userIdHashKey: "k",
    });
    expect(record.tools).toHaveLength(1);
    expect(record.tools[0]).toMatchObject({ tool_name: "lookup_order", success: true });
    expect(record.trace.tool_calls[0].input).toEqual({
      order_id: "ORD-31552",
      user_id: hashUserId("jane.doe@example.com", "k"),
      email: "[REDACTED_EMAIL]",
    });
    expect(record.trace.user_id_hash).toBe(hashUserId("jane.doe@example.com", "k"));
    expect(record.trace.tags).toContain("tool:lookup_order");
    const everything = JSON.stringify(record);
    expect(everything).not.toContain("jane.doe@example.com");
    expect(everything).not.toContain("555-2671");
    expect(everything).toContain("ORD-31552");
  });

  it("records a failing tool as a value and still answers", async () => {
    const failing = [createOrderLookupTool({ timeScale: 0, failureRate: 1 })];
    const record = await answer("Status of the refund for ORD-18830?", { contract, llm, tools: failing });
    expect(record.trace.error).toBeUndefined();
    expect(record.trace.tool_calls[0]).toMatchObject({
      success: false,
      error: "order service timed out after 800 ms",
    });
    expect(record.events.map((e) => e.name)).toContain("tool_error");
    expect(record.trace.output_text).toMatch(/could not look up that order/);
  });

  it("scores quality only when expected facts are known", async () => {
    const record = await answer("What is the refund window for a monthly Pro subscription?", {
      contract,
      llm,
      tools,
      expectedFacts: ["14 days"],
    });
    expect(record.trace.quality_score).toBe(100);
  });

  it("flags a low top retrieval score", async () => {
    const record = await answer("Can you recommend a good pizza place in Naples?", { contract, llm, tools });
    expect(record.events).toContainEqual(
      expect.objectContaining({ name: "low_retrieval_score", level: "WARNING" }),
    );
  });

  it("after the SDK's retries run out, returns a value: trace.error set, failure mapped to 503, one retry event per retry", async () => {
    const flaky = createLlmClient({ maxRetries: 2, simulator: { timeScale: 0, faults: { rateLimit: 1 } } });
    const record = await answer("What are the API rate limits?", {
      contract,
      llm: flaky,
      tools,
      userId: "u1",
    });
    expect(parseTrace(record.trace).ok).toBe(true);
    expect(record.trace.error).toMatch(/RateLimitError: 429.*after 3 attempts/);
    expect(record.trace.tags).toContain("error:rate_limit");
    expect(record.failure).toMatchObject({ status: 503, type: "llm_rate_limited" });
    expect(record.events.filter((e) => e.name === "retry")).toHaveLength(2);
    expect(record.trace.total_tokens).toBe(0);
    expect(record.trace.output_text).toBe("");
  });

  it.each([
    [{ serverError: 1 }, 502, "llm_upstream_error", "error:provider_5xx"],
    [{ timeout: 1 }, 503, "llm_timeout", "error:timeout"],
  ])("maps %j to HTTP %i (%s)", async (faults, status, type, tag) => {
    const flaky = createLlmClient({ maxRetries: 1, timeoutMs: 30, simulator: { timeScale: 0, faults } });
    const record = await answer("What are the API rate limits?", { contract, llm: flaky, tools });
    expect(record.failure).toMatchObject({ status, type });
    expect(record.trace.tags).toContain(tag);
  });

  it("v2 states meaningfully more expected facts than v1 over the eval set", async () => {
    const { queries } = loadEvalSet();
    const mean = async (version: string) => {
      let total = 0;
      for (const q of queries)
        total +=
          (
            await answer(q.query, {
              contract,
              llm,
              tools,
              promptVersion: version,
              expectedFacts: q.expected_facts,
            })
          ).trace.quality_score ?? 0;
      return total / queries.length;
    };
    const [v1, v2] = [await mean("v1.0"), await mean("v2.1")];
    expect(v2).toBeGreaterThan(75);
    expect(v2 - v1).toBeGreaterThan(40);
  });
});
