/**
 * Hand-built `AnswerRecord`s shaped like the ones the RAG service emits: a healthy answer, an
 * answer whose tool call failed, and a record carrying raw PII and secrets (as if upstream
 * redaction had been skipped), which tracing must still scrub before any byte leaves.
 */
import type { AnswerRecord } from "../../record";

const T0 = Date.parse("2025-06-02T09:15:00.000Z");
const iso = (offsetMs: number) => new Date(T0 + offsetMs).toISOString();

export function healthyRecord(overrides: { trace_id?: string; offsetMs?: number } = {}): AnswerRecord {
  const o = overrides.offsetMs ?? 0;
  const at = (ms: number) => iso(o + ms);
  const query = "How many days do I have to request a refund on the Pro plan?";
  const answer = "Pro plan purchases can be refunded within 14 days of the charge.";
  return {
    name: "support-bot.ask.v2",
    trace: {
      trace_id: overrides.trace_id ?? "3f0c8f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
      timestamp: at(0),
      environment: "dev",
      customer_tier: "pro",
      prompt_version: "v2.1",
      model_name: "gpt-4o-mini",
      input_text: query,
      output_text: answer,
      retrieved_docs: [
        {
          source: "kb/refunds.md",
          relevance_score: 1,
          content: "Refunds: Pro plan purchases can be refunded within 14 days.",
        },
        {
          source: "kb/plans.md",
          relevance_score: 0.41,
          content: "Plans: Free, Pro ($29/month) and Enterprise.",
        },
      ],
      tool_calls: [],
      total_tokens: 231,
      prompt_tokens: 214,
      completion_tokens: 17,
      latency_ms: 642,
      tags: ["env:dev", "tier:pro", "prompt:v2.1", "model:gpt-4o-mini"],
      user_id_hash: "uid_0123456789abcdef0123456789abcdef",
      release: "2025.06.1",
      ttft_ms: 180,
    },
    retrieval: {
      query,
      top_k: 2,
      method: "bm25 (k1=1.2, b=0.75), divided by the top score",
      started_at: at(4),
      latency_ms: 11,
      docs: [
        {
          source: "kb/refunds.md",
          relevance_score: 1,
          content: "Refunds: Pro plan purchases can be refunded within 14 days.",
        },
        {
          source: "kb/plans.md",
          relevance_score: 0.41,
          content: "Plans: Free, Pro ($29/month) and Enterprise.",
        },
      ],
    },
    generation: {
      model: "gpt-4o-mini",
      request_model: "gpt-4o-mini",
      response_id: "chatcmpl-sim0healthy",
      finish_reasons: ["stop"],
      usage_reported: true,
      provider: "openai",
      simulated: true,
      model_parameters: { temperature: 0, max_tokens: 256 },
      messages: [
        {
          role: "system",
          content:
            "Answer from the context only. Context: Refunds: Pro plan purchases can be refunded within 14 days.",
        },
        { role: "user", content: query },
      ],
      completion: answer,
      usage: { input: 214, output: 17, total: 231 },
      cost_usd: { input: 0.0000321, output: 0.0000102, total: 0.0000423 },
      ttft_ms: 180,
      started_at: at(20),
      latency_ms: 610,
      attempts: 1,
    },
    tools: [],
    events: [{ name: "cache_miss", at: at(2), level: "DEFAULT", detail: { cache: "answer" } }],
  };
}

export function toolErrorRecord(): AnswerRecord {
  const base = healthyRecord({ trace_id: "9b2e4d6f-8a0c-4e1f-9a3b-5c7d9e1f3a5b", offsetMs: 5_000 });
  const at = (ms: number) => iso(5_000 + ms);
  const query = "Where is my refund for order 88123?";
  const toolCall = {
    tool_name: "order_lookup",
    input: { order_id: "88123" },
    output: null,
    latency_ms: 2_000,
    success: false,
    error: "timeout after 2000 ms",
  };
  return {
    ...base,
    trace: {
      ...base.trace,
      input_text: query,
      output_text: "I could not look up order 88123 right now; please try again in a few minutes.",
      tool_calls: [toolCall],
      latency_ms: 2_731,
      tags: [...base.trace.tags, "tool:order_lookup"],
    },
    retrieval: { ...base.retrieval, query, started_at: at(3) },
    tools: [{ ...toolCall, started_at: at(20) }],
    generation: { ...base.generation, started_at: at(2_030), latency_ms: 690, attempts: 2 },
    events: [
      { name: "retry", at: at(2_400), level: "WARNING", detail: { attempt: 1, reason: "429 rate limited" } },
      { name: "tool_error", at: at(2_021), level: "ERROR", detail: { tool_name: "order_lookup" } },
    ],
  };
}

/**
 * An LLM call that failed after the SDK's retries: no response arrived, so there is no response
 * model, id, finish reason or usage. The response model a real key would report is a dated
 * snapshot, which must never be mistaken for the requested model.
 */
export function llmFailureRecord(): AnswerRecord {
  const base = healthyRecord({ trace_id: "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b", offsetMs: 15_000 });
  const error = "429 Rate limit reached for gpt-4o-mini (after 3 attempts)";
  const { response_id: _id, finish_reasons: _fr, ...generation } = base.generation;
  return {
    ...base,
    trace: {
      ...base.trace,
      output_text: "",
      total_tokens: 0,
      prompt_tokens: undefined,
      completion_tokens: undefined,
      ttft_ms: undefined,
      latency_ms: 1_900,
      error,
    },
    generation: {
      ...generation,
      completion: "",
      usage: { input: 0, output: 0, total: 0 },
      usage_reported: false,
      cost_usd: { input: 0, output: 0, total: 0 },
      ttft_ms: undefined,
      latency_ms: 1_850,
      attempts: 3,
      error,
      error_type: "llm_rate_limited",
    },
    events: [
      {
        name: "llm_error",
        at: iso(15_000 + 1_880),
        level: "ERROR",
        detail: { type: "llm_rate_limited", attempts: 3 },
      },
    ],
  };
}

/** Raw values a PII test plants in a request; none of them may reach a trace backend. */
export const RAW_PII = {
  email: "jane.doe@example.com",
  phone: "(415) 555-0172",
  ssn: "123-45-6789",
  openaiKey: "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx1234567890",
  userId: "customer-42-jane",
} as const;

/** A record where upstream redaction was skipped: raw PII everywhere a string can be. */
export function unredactedRecord(): AnswerRecord {
  const base = healthyRecord({ trace_id: "c1d2e3f4-a5b6-4c7d-8e9f-a0b1c2d3e4f5", offsetMs: 10_000 });
  const p = RAW_PII;
  const query = `I'm ${p.email}, call me at ${p.phone}. My SSN is ${p.ssn} and my key ${p.openaiKey} stopped working.`;
  return {
    ...base,
    trace: {
      ...base.trace,
      input_text: query,
      output_text: `Thanks ${p.email}, we will call ${p.phone}.`,
      user_id_hash: p.userId,
      tool_calls: [
        {
          tool_name: "account_lookup",
          input: { email: p.email, user_id: p.userId },
          output: { ssn: p.ssn },
          latency_ms: 30,
          success: true,
        },
      ],
    },
    retrieval: { ...base.retrieval, query },
    generation: {
      ...base.generation,
      messages: [{ role: "user", content: query }],
      completion: `Thanks ${p.email}, we will call ${p.phone}.`,
      error: `401 invalid api key ${p.openaiKey}`,
    },
    tools: [
      {
        tool_name: "account_lookup",
        input: { email: p.email, user_id: p.userId },
        output: { ssn: p.ssn },
        started_at: iso(10_020),
        latency_ms: 30,
        success: true,
      },
    ],
    events: [
      {
        name: "guardrail_block",
        at: iso(10_001),
        level: "WARNING",
        detail: { matched: p.ssn, user_id: p.userId },
      },
    ],
  };
}
