/**
 * One request's child spans under the OpenTelemetry GenAI semantic conventions, shared by the
 * plain OTLP exporter and the Langfuse OTel exporter so both send the same spans:
 * - `chat {requested model}` (CLIENT): operation `chat`, provider, requested and response model,
 *   response id, finish reasons, input/output tokens when the provider reported them, time to
 *   first chunk in seconds.
 * - `execute_tool {tool}` (INTERNAL): operation `execute_tool`, tool name and type.
 * - `retrieval {data source}` (CLIENT): operation `retrieval`, data source, top_k, document ids
 *   and scores.
 * A failed step gets `error.type` and an error status. Prompts, completions, tool arguments and
 * results, and the retrieval query are content: recorded (redacted) only when `recordContent`.
 * Integer attributes stay integers (tokens, top_k, max_tokens), so each attribute has one type.
 */
import type { Attributes } from "@opentelemetry/api";
import { ERROR_TYPE, ERROR_TYPE_OTHER, GEN_AI, GEN_AI_OPERATION } from "./gen-ai-attributes";
import {
  knownUsage,
  RETRIEVAL_DATA_SOURCE,
  type GenerationNode,
  type ToolNode,
  type TraceSteps,
} from "./trace-steps";

export type GenAiStep = "retrieval" | "tool" | "generation";

export interface GenAiSpan {
  step: GenAiStep;
  name: string;
  /** `client` for calls to another system (the model, the knowledge base), else `internal`. */
  kind: "client" | "internal";
  start: Date;
  end: Date;
  attributes: Attributes;
  /** Set when the step failed: `type` goes to `error.type`, `message` to the span status. */
  error?: { type: string; message: string };
  /** The tool call a `tool` span stands for. */
  tool?: ToolNode;
}

export interface GenAiSpanOptions {
  recordContent: boolean;
  /** The redaction boundary: every content value passes through it. */
  clean: <T>(value: T) => T;
}

/** The conventions' message shape: `{ role, parts: [{ type: "text", content }] }`. */
export function inputMessages(messages: GenerationNode["messages"]) {
  return messages.map((m) => ({ role: m.role, parts: [{ type: "text", content: m.content }] }));
}

/** The answer as an output message, with the finish reason the provider gave. */
export function outputMessages(g: Pick<GenerationNode, "completion" | "finish_reasons">) {
  return [
    {
      role: "assistant",
      parts: [{ type: "text", content: g.completion }],
      finish_reason: g.finish_reasons?.[0] ?? "stop",
    },
  ];
}

/** A tool failure as a low-cardinality `error.type`. */
export function toolErrorType(message: string | undefined): string {
  if (message && /time(d)?\s*out|timeout/i.test(message)) return "timeout";
  return "tool_error";
}

const int = (n: number) => Math.round(n);

export function genAiSpans(steps: TraceSteps, options: GenAiSpanOptions): GenAiSpan[] {
  const { clean, recordContent } = options;
  const spans: GenAiSpan[] = [];

  const r = steps.retrieval;
  spans.push({
    step: "retrieval",
    name: r.name,
    kind: "client",
    start: r.start,
    end: r.end,
    attributes: {
      [GEN_AI.operationName]: GEN_AI_OPERATION.retrieval,
      [GEN_AI.dataSourceId]: RETRIEVAL_DATA_SOURCE,
      [GEN_AI.requestTopK]: int(r.top_k),
      // Ids and scores only, no document text: the conventions' minimal document shape.
      [GEN_AI.retrievalDocuments]: JSON.stringify(
        r.docs.map((d) => ({ id: clean(d.source), score: d.relevance_score })),
      ),
      ...(recordContent ? { [GEN_AI.retrievalQueryText]: clean(r.query) } : {}),
    },
  });

  for (const tool of steps.tools) {
    spans.push({
      step: "tool",
      tool,
      name: tool.name,
      kind: "internal",
      start: tool.start,
      end: tool.end,
      attributes: {
        [GEN_AI.operationName]: GEN_AI_OPERATION.executeTool,
        [GEN_AI.toolName]: tool.tool_name,
        [GEN_AI.toolType]: "function",
        ...(recordContent ? { [GEN_AI.toolCallArguments]: JSON.stringify(clean(tool.input) ?? null) } : {}),
        ...(recordContent && tool.success
          ? { [GEN_AI.toolCallResult]: JSON.stringify(clean(tool.output) ?? null) }
          : {}),
      },
      error: tool.success
        ? undefined
        : { type: toolErrorType(tool.error), message: clean(tool.error ?? "tool call failed") },
    });
  }

  const g = steps.generation;
  const usage = knownUsage(g);
  // A response model exists only when a response arrived; records from before `response_id`
  // existed say so by having no error.
  const responded = g.response_id !== undefined || g.error === undefined;
  const temperature = g.model_parameters.temperature;
  const maxTokens = g.model_parameters.max_tokens;
  spans.push({
    step: "generation",
    name: g.name,
    kind: "client",
    start: g.start,
    end: g.end,
    attributes: {
      [GEN_AI.operationName]: GEN_AI_OPERATION.chat,
      [GEN_AI.providerName]: g.provider,
      [GEN_AI.requestModel]: g.request_model ?? g.model,
      ...(typeof temperature === "number" ? { [GEN_AI.requestTemperature]: temperature } : {}),
      ...(typeof maxTokens === "number" ? { [GEN_AI.requestMaxTokens]: int(maxTokens) } : {}),
      ...(responded ? { [GEN_AI.responseModel]: g.model } : {}),
      ...(g.response_id ? { [GEN_AI.responseId]: g.response_id } : {}),
      ...(g.finish_reasons?.length ? { [GEN_AI.responseFinishReasons]: g.finish_reasons } : {}),
      ...(usage ? { [GEN_AI.inputTokens]: int(usage.input), [GEN_AI.outputTokens]: int(usage.output) } : {}),
      ...(g.ttft_ms !== undefined && Number.isFinite(g.ttft_ms)
        ? { [GEN_AI.responseTimeToFirstChunk]: g.ttft_ms / 1000 }
        : {}),
      ...(recordContent ? { [GEN_AI.inputMessages]: JSON.stringify(clean(inputMessages(g.messages))) } : {}),
      ...(recordContent && responded
        ? { [GEN_AI.outputMessages]: JSON.stringify(clean(outputMessages(g))) }
        : {}),
    },
    error:
      g.error === undefined ? undefined : { type: g.error_type ?? ERROR_TYPE_OTHER, message: clean(g.error) },
  });

  spans.sort((a, b) => a.start.getTime() - b.start.getTime());
  return spans;
}

/** `error.type` for a failed span, nothing for a successful one. */
export const errorAttributes = (span: GenAiSpan): Attributes =>
  span.error ? { [ERROR_TYPE]: span.error.type } : {};
