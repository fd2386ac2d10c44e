/**
 * `answer(query, options)`: the support bot's whole request path. Retrieve, call a tool when
 * the question names an order, call the LLM through the openai SDK (streamed, so TTFT is
 * measured), then build one `AnswerRecord` and pass ALL of it through `stripPii` before it is
 * returned: nothing the caller can forward to a sink is unredacted. An LLM failure after the
 * SDK's retries is a value: the record's `trace.error` is set and `failure` says which HTTP
 * status the service should answer (503 for rate limits and timeouts, 502 otherwise).
 */
import OpenAI from "openai";
import type { Contract } from "../contract";
import { traceName } from "../contract/naming";
import { tagsFor } from "../contract/tags";
import { observeAttempts, type LlmAttempt } from "../llm/attempts";
import { llmClientInfo } from "../llm/create-llm-client";
import { costBreakdown } from "../pricing";
import { scoreResponse, type ExpectedFact } from "../quality";
import type { AnswerRecord, PipelineEvent, ToolStep } from "../record";
import { hashUserId, stripPii } from "../redact";
import { parseTrace, type CustomerTier, type Environment, type Trace } from "../schema";
import { buildMessages, type ToolOutcome } from "./build-messages";
import type { Retriever } from "./bm25-retriever";
import { defaultRetriever, defaultTools } from "./defaults";
import { planToolCalls } from "./plan-tool-calls";
import { getPrompt } from "./prompts";
import type { SupportTool } from "./tools/support-tool";
import { WorkbookError } from "../workbook-error";
import { newTraceId } from "../trace-id";

export interface AnswerOptions {
  /** An `openai` client, usually from `createLlmClient` (simulator without a key). */
  llm: OpenAI;
  /** The contract whose naming and tag taxonomy the trace follows (`loadContract()`, once per process). */
  contract: Contract;
  /** Default: the model `createLlmClient` was given (gpt-4o-mini). */
  model?: string;
  retriever?: Retriever;
  tools?: readonly SupportTool[];
  /** A registry id or alias (`v1`, `v2.1`, ...). Default v2.1. */
  promptVersion?: string;
  /** Raw user id; only its HMAC hash leaves (`user_id_hash`, tool inputs). */
  userId?: string;
  customerTier?: CustomerTier;
  environment?: Environment;
  release?: string;
  /** HMAC key for `hashUserId` (config `userIdHashKey`). */
  userIdHashKey?: string;
  /** Known facts for this query (eval set): sets `quality_score`. */
  expectedFacts?: readonly ExpectedFact[];
  topK?: number;
  /** Below this top relevance score a `low_retrieval_score` event is added. */
  lowRetrievalThreshold?: number;
  temperature?: number;
  maxTokens?: number;
  /** Seed and time scale for the default tools when `tools` is not given. */
  seed?: number;
  timeScale?: number;
  signal?: AbortSignal;
}

export type AnswerFailureType =
  | "llm_rate_limited"
  | "llm_timeout"
  | "llm_upstream_error"
  | "llm_unreachable"
  | "llm_error"
  | "trace_build_failed";

export interface AnswerFailure {
  status: 500 | 502 | 503;
  type: AnswerFailureType;
  message: string;
}

/** An `AnswerRecord` plus, when the LLM failed, how the HTTP layer should answer. Fully redacted. */
export interface AnswerOutcome extends AnswerRecord {
  failure?: AnswerFailure;
}

export class TraceBuildError extends WorkbookError {
  override name = "TraceBuildError";
}

export const LOW_RETRIEVAL_THRESHOLD = 0.2;

const ms = (value: number) => Math.round(value * 10) / 10;

/** Maps an SDK error (after its retries) to the status the service answers with. */
export function classifyLlmFailure(error: unknown): AnswerFailure {
  const name = (error as Error)?.constructor?.name ?? "Error";
  const message = `${name}: ${(error as Error)?.message ?? String(error)}`;
  if (error instanceof OpenAI.RateLimitError) return { status: 503, type: "llm_rate_limited", message };
  if (error instanceof OpenAI.APIConnectionTimeoutError) return { status: 503, type: "llm_timeout", message };
  if (error instanceof OpenAI.APIConnectionError) return { status: 502, type: "llm_unreachable", message };
  if (error instanceof OpenAI.APIError && (error.status ?? 0) >= 500)
    return { status: 502, type: "llm_upstream_error", message };
  return { status: 502, type: "llm_error", message };
}

interface Generation {
  text: string;
  model?: string;
  id?: string;
  finishReasons?: string[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  ttftMs?: number;
}

async function streamCompletion(
  llm: OpenAI,
  request: OpenAI.Chat.ChatCompletionCreateParamsStreaming,
  start: number,
  signal?: AbortSignal,
  onPartial?: (g: Generation) => void,
): Promise<Generation> {
  const stream = await llm.chat.completions.create(request, { signal });
  const generation: Generation = { text: "" };
  for await (const chunk of stream) {
    if (chunk.model) generation.model = chunk.model;
    if (chunk.id) generation.id = chunk.id;
    const finish = chunk.choices[0]?.finish_reason;
    if (finish) generation.finishReasons = [finish];
    const delta = chunk.choices[0]?.delta?.content;
    if (delta) {
      if (generation.ttftMs === undefined) generation.ttftMs = performance.now() - start;
      generation.text += delta;
      onPartial?.(generation);
    }
    if (chunk.usage) generation.usage = chunk.usage;
  }
  return generation;
}

export async function answer(query: string, options: AnswerOptions): Promise<AnswerOutcome> {
  const prompt = getPrompt(options.promptVersion);
  const info = llmClientInfo(options.llm);
  const model = options.model ?? info.model;
  const environment = options.environment ?? "dev";
  const tier = options.customerTier ?? "free";
  const topK = options.topK ?? 3;
  const threshold = options.lowRetrievalThreshold ?? LOW_RETRIEVAL_THRESHOLD;
  const retriever = options.retriever ?? defaultRetriever();
  const tools = options.tools ?? defaultTools({ seed: options.seed, timeScale: options.timeScale });
  const events: PipelineEvent[] = [];
  const event = (
    name: string,
    level: PipelineEvent["level"],
    detail?: Record<string, unknown>,
    at = new Date().toISOString(),
  ) => events.push({ name, at, level, detail });

  const traceId = newTraceId();
  const startedAt = new Date().toISOString();
  const t0 = performance.now();

  // 1. Retrieval.
  const retrievalStart = new Date().toISOString();
  const r0 = performance.now();
  const docs = retriever.search(query, topK);
  const retrievalMs = performance.now() - r0;
  const topScore = docs[0]?.relevance_score ?? 0;
  if (topScore < threshold) event("low_retrieval_score", "WARNING", { top_score: topScore, threshold });

  // 2. Tools the question needs.
  const toolSteps: ToolStep[] = [];
  const toolOutcomes: ToolOutcome[] = [];
  for (const call of planToolCalls(query, { userId: options.userId })) {
    const tool = tools.find((t) => t.name === call.tool_name);
    const result = tool
      ? await tool.run(call.input, options.signal)
      : {
          ok: false,
          output: null,
          error: `no tool named ${call.tool_name} is configured`,
          started_at: new Date().toISOString(),
          latency_ms: 0,
        };
    toolSteps.push({
      tool_name: call.tool_name,
      input: call.input,
      output: result.output,
      started_at: result.started_at,
      latency_ms: ms(result.latency_ms),
      success: result.ok,
      ...(result.error ? { error: result.error } : {}),
    });
    toolOutcomes.push({
      tool_name: call.tool_name,
      ok: result.ok,
      output: result.output,
      error: result.error,
    });
    if (!result.ok) event("tool_error", "ERROR", { tool_name: call.tool_name, error: result.error });
  }

  // 3. The LLM, streamed; the fetch observer counts the SDK's attempts.
  const messages = buildMessages(prompt, query, docs, toolOutcomes);
  const modelParameters = {
    temperature: options.temperature ?? 0.2,
    max_tokens: options.maxTokens ?? 500,
    stream: true,
  };
  const generationStart = new Date().toISOString();
  const g0 = performance.now();
  let partial: Generation = { text: "" };
  const observed = await observeAttempts(() =>
    streamCompletion(
      options.llm,
      {
        model,
        messages,
        temperature: modelParameters.temperature,
        max_tokens: modelParameters.max_tokens,
        stream: true,
        stream_options: { include_usage: true },
      },
      g0,
      options.signal,
      (g) => (partial = g),
    ),
  );
  const generationMs = performance.now() - g0;
  const attempts: LlmAttempt[] = observed.attempts;
  attempts.slice(1).forEach((a, i) => {
    const previous = attempts[i];
    event(
      "retry",
      "WARNING",
      {
        attempt: a.attempt,
        retry_count: a.retry_count,
        previous_status: previous.status ?? null,
        previous_error: previous.error ?? null,
      },
      a.started_at,
    );
  });
  const failure = observed.ok === true ? undefined : classifyLlmFailure(observed.error);
  const generation: Generation = observed.ok === true ? observed.value : partial;
  const simulated = attempts.some((a) => a.simulated) || (attempts.length === 0 && info.simulated);
  if (failure) event("llm_error", "ERROR", { type: failure.type, attempts: attempts.length });

  const modelName = generation.model ?? model;
  const usage = generation.usage;
  let cost = { input: 0, output: 0, total: 0 };
  if (usage) {
    try {
      cost = costBreakdown(modelName, usage.prompt_tokens, usage.completion_tokens);
    } catch (error) {
      event("cost_unknown", "WARNING", { model: modelName, error: (error as Error).message });
    }
  }
  const errorText = failure
    ? `${failure.message} (after ${attempts.length} attempt${attempts.length === 1 ? "" : "s"})`
    : undefined;
  const quality =
    options.expectedFacts && !failure
      ? scoreResponse(generation.text, options.expectedFacts, {
          context: docs.map((d) => d.content).join("\n"),
        }).score
      : undefined;

  const trace: Trace = {
    trace_id: traceId,
    timestamp: startedAt,
    environment,
    customer_tier: tier,
    prompt_version: prompt.id,
    model_name: modelName,
    input_text: query,
    output_text: generation.text,
    retrieved_docs: docs.map((d) => ({
      content: d.content,
      relevance_score: d.relevance_score,
      source: d.source,
    })),
    tool_calls: toolSteps.map((s) => ({
      tool_name: s.tool_name,
      input: s.input as Trace["tool_calls"][number]["input"],
      output: s.output as Trace["tool_calls"][number]["output"],
      latency_ms: s.latency_ms,
      success: s.success,
      ...(s.error ? { error: s.error } : {}),
    })),
    total_tokens: usage?.total_tokens ?? 0,
    latency_ms: ms(performance.now() - t0),
    ...(errorText ? { error: errorText } : {}),
    tags: [],
    ...(usage ? { prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens } : {}),
    ...(quality !== undefined ? { quality_score: quality } : {}),
    ...(options.userId ? { user_id_hash: hashUserId(options.userId, options.userIdHashKey) } : {}),
    ...(options.release ? { release: options.release } : {}),
    ...(generation.ttftMs !== undefined ? { ttft_ms: ms(generation.ttftMs) } : {}),
  };

  // Tags and the trace name come from the contract's taxonomy and naming convention.
  trace.tags = tagsFor(trace, options.contract);

  const record: AnswerOutcome = {
    trace,
    name: traceName(options.contract.service, "ask", `v${prompt.major}`, options.contract),
    retrieval: {
      query,
      top_k: topK,
      method: retriever.method,
      started_at: retrievalStart,
      latency_ms: ms(retrievalMs),
      docs: trace.retrieved_docs.map((d) => ({ ...d })),
    },
    generation: {
      model: modelName,
      request_model: model,
      ...(generation.id ? { response_id: generation.id } : {}),
      ...(generation.finishReasons ? { finish_reasons: generation.finishReasons } : {}),
      usage_reported: usage !== undefined,
      provider: "openai",
      simulated,
      model_parameters: { ...modelParameters, prompt_version: prompt.id, prompt_hash: prompt.hash },
      messages,
      completion: generation.text,
      usage: {
        input: usage?.prompt_tokens ?? 0,
        output: usage?.completion_tokens ?? 0,
        total: usage?.total_tokens ?? 0,
      },
      cost_usd: cost,
      ...(generation.ttftMs !== undefined ? { ttft_ms: ms(generation.ttftMs) } : {}),
      started_at: generationStart,
      latency_ms: ms(generationMs),
      attempts: attempts.length,
      ...(errorText ? { error: errorText } : {}),
      ...(failure ? { error_type: failure.type } : {}),
    },
    tools: toolSteps,
    events,
    ...(failure ? { failure } : {}),
  };

  // The redaction boundary: everything below this line has been through stripPii.
  let problem: string;
  try {
    const redacted = stripPii(record, { hashKey: options.userIdHashKey });
    const checked = parseTrace(redacted.trace);
    if (checked.ok === true) return { ...redacted, trace: checked.trace };
    problem = `the redacted trace failed the schema (${checked.errors.join("; ")})`;
  } catch (error) {
    // Only the class name: the message of a redaction failure could quote the unredacted value.
    problem = `redaction threw ${(error as Error)?.name ?? "an error"}`;
  }
  return withheldRecord(record, problem);
}

/**
 * When the redacted trace cannot be built, the request still leaves a valid trace: the
 * structural fields (ids, timestamps, enums, numbers, which never need redaction) are kept, every
 * text field is withheld, and `error` says what happened, so the failure is recorded and counted
 * by every sink like any other. The caller answers with a typed 500 (`trace_build_failed`).
 */
export function withheldRecord(record: AnswerOutcome, problem: string): AnswerOutcome {
  const t = record.trace;
  const message = `TraceBuildError: ${problem}`;
  const trace: Trace = {
    trace_id: t.trace_id,
    timestamp: t.timestamp,
    environment: t.environment,
    customer_tier: t.customer_tier,
    prompt_version: t.prompt_version,
    model_name: t.model_name,
    input_text: WITHHELD,
    output_text: WITHHELD,
    retrieved_docs: t.retrieved_docs.map((d) => ({
      content: WITHHELD,
      relevance_score: d.relevance_score,
      source: d.source,
    })),
    tool_calls: t.tool_calls.map((c) => ({
      tool_name: c.tool_name,
      input: null,
      output: null,
      latency_ms: c.latency_ms,
      success: c.success,
    })),
    total_tokens: t.total_tokens,
    latency_ms: t.latency_ms,
    error: message,
    tags: t.tags,
    ...(t.prompt_tokens !== undefined && t.completion_tokens !== undefined
      ? { prompt_tokens: t.prompt_tokens, completion_tokens: t.completion_tokens }
      : {}),
    ...(t.user_id_hash !== undefined ? { user_id_hash: t.user_id_hash } : {}),
    ...(t.release !== undefined ? { release: t.release } : {}),
    ...(t.ttft_ms !== undefined ? { ttft_ms: t.ttft_ms } : {}),
  };
  const checked = parseTrace(trace);
  if (checked.ok !== true)
    throw new TraceBuildError(
      `${message}; even the structural trace is invalid (${checked.errors.join("; ")})`,
    );
  const g = record.generation;
  return {
    trace: checked.trace,
    name: record.name,
    retrieval: { ...record.retrieval, query: WITHHELD, docs: trace.retrieved_docs.map((d) => ({ ...d })) },
    generation: {
      ...g,
      model_parameters: { ...g.model_parameters },
      messages: [],
      completion: WITHHELD,
      error: message,
    },
    tools: record.tools.map((s) => ({
      tool_name: s.tool_name,
      input: null,
      output: null,
      started_at: s.started_at,
      latency_ms: s.latency_ms,
      success: s.success,
    })),
    events: [
      ...record.events.map((e) => ({ name: e.name, at: e.at, level: e.level })),
      { name: "trace_build_failed", at: new Date().toISOString(), level: "ERROR" as const },
    ],
    failure: {
      status: 500,
      type: "trace_build_failed",
      message: "the answer could not be recorded safely, so it was withheld; see the trace",
    },
  };
}

const WITHHELD = "[WITHHELD: trace build failed]";
