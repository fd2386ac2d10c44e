/**
 * The workbook library's public face. Notebooks import from here ("./lib"), never from
 * private helpers, so files can move without breaking a notebook. Types use `export type`.
 */

// --- configuration (the one place that reads process.env) ---
export { readConfig, ConfigError, DEFAULT_USER_ID_HASH_KEY } from "./config";
export type { WorkbookConfig, Env } from "./config";

// --- Task 2: the trace schema ---
export {
  TraceSchema,
  RetrievedDocSchema,
  ToolCallSchema,
  EnvironmentSchema,
  CustomerTierSchema,
  ENVIRONMENTS,
  CUSTOMER_TIERS,
  parseTrace,
  parseTraces,
  parseTraceJsonl,
  formatIssues,
  requiredTraceFields,
} from "./schema";
export type { Trace, RetrievedDoc, ToolCall, Environment, CustomerTier, ParseResult, BatchResult } from "./schema";

// --- what a request leaves behind, and the sinks that take it out of the process ---
export type { AnswerRecord, RetrievalStep, GenerationStep, ToolStep, PipelineEvent, RecordSink, ExportResult } from "./record";

// --- prices ---
export { PRICES, PRICE_TABLE_VERSION, priceFor, costUsd, costBreakdown, UnknownModelError } from "./pricing";
export type { ModelPrice, Cost } from "./pricing";

// --- notebook output helpers ---
export { htmlTable, markdownTable, formatCell, wordCount } from "./format";
export type { Row } from "./format";
export { writeOutput, readOutput, writeSample } from "./outputs";

// --- Task 3: redaction ---
export { redactApiKeys, redactPii, hashUserId, stripPii } from "./redact";

// --- the RAG bot, the LLM layer and quality scoring (Task 1) ---

// --- Task 4: tracing ---

// --- Task 5: synthetic traces, metrics, thresholds, charts, Prometheus ---

// --- Task 6: contract and sampler ---
