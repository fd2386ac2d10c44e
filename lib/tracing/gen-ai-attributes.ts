/**
 * The OpenTelemetry GenAI semantic-convention names the exporters use. They are still
 * "incubating": @opentelemetry/semantic-conventions exports them only from its `/incubating`
 * subpath, which the notebook kernel's module resolution cannot load (tslab resolves the
 * package's `main` and ignores `exports` subpaths). So they live here as a table, and
 * `gen-ai-attributes.test.ts` checks every entry against that subpath: a rename upstream fails
 * the test, not a trace.
 */

export const GEN_AI = {
  operationName: "gen_ai.operation.name",
  providerName: "gen_ai.provider.name",
  requestModel: "gen_ai.request.model",
  requestTemperature: "gen_ai.request.temperature",
  requestMaxTokens: "gen_ai.request.max_tokens",
  requestTopK: "gen_ai.request.top_k",
  responseModel: "gen_ai.response.model",
  responseId: "gen_ai.response.id",
  responseFinishReasons: "gen_ai.response.finish_reasons",
  /** Seconds from issuing the request to the first chunk of the stream (a double). */
  responseTimeToFirstChunk: "gen_ai.response.time_to_first_chunk",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  inputMessages: "gen_ai.input.messages",
  outputMessages: "gen_ai.output.messages",
  toolName: "gen_ai.tool.name",
  toolType: "gen_ai.tool.type",
  toolCallArguments: "gen_ai.tool.call.arguments",
  toolCallResult: "gen_ai.tool.call.result",
  dataSourceId: "gen_ai.data_source.id",
  retrievalQueryText: "gen_ai.retrieval.query.text",
  retrievalDocuments: "gen_ai.retrieval.documents",
} as const;

/** Values of `gen_ai.operation.name` this service produces. */
export const GEN_AI_OPERATION = {
  chat: "chat",
  executeTool: "execute_tool",
  retrieval: "retrieval",
} as const;

/** `error.type` (stable conventions): a low-cardinality class of failure, set only when the operation failed. */
export const ERROR_TYPE = "error.type";

/** The conventions' fallback `error.type` when nothing more specific is known. */
export const ERROR_TYPE_OTHER = "_OTHER";
