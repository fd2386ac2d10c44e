import * as incubating from "@opentelemetry/semantic-conventions/incubating";
import { ATTR_ERROR_TYPE } from "@opentelemetry/semantic-conventions";
import { describe, expect, it } from "vitest";
import { ERROR_TYPE, GEN_AI, GEN_AI_OPERATION } from "./gen-ai-attributes";

describe("the GenAI attribute table", () => {
  it("matches what @opentelemetry/semantic-conventions/incubating publishes, entry by entry", () => {
    const published = incubating as unknown as Record<string, string>;
    const constantFor: Record<keyof typeof GEN_AI, string> = {
      operationName: "ATTR_GEN_AI_OPERATION_NAME",
      providerName: "ATTR_GEN_AI_PROVIDER_NAME",
      requestModel: "ATTR_GEN_AI_REQUEST_MODEL",
      requestTemperature: "ATTR_GEN_AI_REQUEST_TEMPERATURE",
      requestMaxTokens: "ATTR_GEN_AI_REQUEST_MAX_TOKENS",
      requestTopK: "ATTR_GEN_AI_REQUEST_TOP_K",
      responseModel: "ATTR_GEN_AI_RESPONSE_MODEL",
      responseId: "ATTR_GEN_AI_RESPONSE_ID",
      responseFinishReasons: "ATTR_GEN_AI_RESPONSE_FINISH_REASONS",
      responseTimeToFirstChunk: "ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK",
      inputTokens: "ATTR_GEN_AI_USAGE_INPUT_TOKENS",
      outputTokens: "ATTR_GEN_AI_USAGE_OUTPUT_TOKENS",
      inputMessages: "ATTR_GEN_AI_INPUT_MESSAGES",
      outputMessages: "ATTR_GEN_AI_OUTPUT_MESSAGES",
      toolName: "ATTR_GEN_AI_TOOL_NAME",
      toolType: "ATTR_GEN_AI_TOOL_TYPE",
      toolCallArguments: "ATTR_GEN_AI_TOOL_CALL_ARGUMENTS",
      toolCallResult: "ATTR_GEN_AI_TOOL_CALL_RESULT",
      dataSourceId: "ATTR_GEN_AI_DATA_SOURCE_ID",
      retrievalQueryText: "ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT",
      retrievalDocuments: "ATTR_GEN_AI_RETRIEVAL_DOCUMENTS",
    };
    for (const [key, constant] of Object.entries(constantFor)) {
      expect(published[constant], constant).toBeDefined();
      expect(GEN_AI[key as keyof typeof GEN_AI], key).toBe(published[constant]);
    }
    expect(Object.keys(GEN_AI).sort()).toEqual(Object.keys(constantFor).sort());
    expect(GEN_AI_OPERATION).toEqual({
      chat: incubating.GEN_AI_OPERATION_NAME_VALUE_CHAT,
      executeTool: incubating.GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
      retrieval: incubating.GEN_AI_OPERATION_NAME_VALUE_RETRIEVAL,
    });
    expect(ERROR_TYPE).toBe(ATTR_ERROR_TYPE);
  });
});
