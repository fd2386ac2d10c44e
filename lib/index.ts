/**
 * The workbook library's public face. Notebooks import from here ("./lib"), never from
 * private helpers, so files can move without breaking a notebook. Types use `export type`.
 */

// --- configuration (the one place that reads process.env) ---
export { readConfig, ConfigError, DEFAULT_USER_ID_HASH_KEY } from "./config";
export type { WorkbookConfig, Env, LangfuseIngestion } from "./config";

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
export type {
  Trace,
  RetrievedDoc,
  ToolCall,
  Environment,
  CustomerTier,
  ParseResult,
  BatchResult,
} from "./schema";

// --- what a request leaves behind, and the sinks that take it out of the process ---
export type {
  AnswerRecord,
  RetrievalStep,
  GenerationStep,
  ToolStep,
  PipelineEvent,
  RecordSink,
  ExportResult,
} from "./record";

// --- prices ---
export { PRICES, PRICE_TABLE_VERSION, priceFor, costUsd, costBreakdown, UnknownModelError } from "./pricing";
export type { ModelPrice, Cost } from "./pricing";

// --- notebook output helpers ---
export { htmlTable, markdownTable, formatCell, wordCount } from "./format";
export type { Row } from "./format";
export { writeOutput, writeSample } from "./outputs";
export type { TaskOutputs, TaskOutputName } from "./outputs/task-outputs";
export { WorkbookError } from "./workbook-error";
export { taskStory } from "./report/task-story";

// --- Task 3: redaction ---
export { redactApiKeys, redactPii, hashUserId, stripPii } from "./redact";
export type { StripPiiOptions } from "./redact";
export { isUserIdHash, USER_ID_HASH_PATTERN } from "./redact/hash-user-id";
export { redactionDiff, countRedactions } from "./redact/redaction-report";
export type { RedactionChange } from "./redact/redaction-report";
export { compareRedactors, judgeRedaction, correctCounts } from "./redact/compare-redactors";
export type { RedactionProbe, ProbeVerdict, ComparisonRow } from "./redact/compare-redactors";
export { adversarialInputs } from "./redact/adversarial-inputs";
export { runVitest } from "./jupyter/run-vitest";
export type { VitestRun, VitestGroup, RunVitestOptions } from "./jupyter/run-vitest";

// --- the RAG bot, the LLM layer and quality scoring (Task 1) ---
export { scoreResponse, normalizeForMatch } from "./quality";
export type { QualityScore, ExpectedFact } from "./quality";
export { createLlmClient, llmClientInfo, DEFAULT_MODEL } from "./llm/create-llm-client";
export type { LlmClientOptions, LlmClientInfo } from "./llm/create-llm-client";
export { createSimulatorFetch, SIMULATOR_NOTICE, SIMULATOR_HEADER } from "./llm/simulator-fetch";
export type { SimulatorOptions, FaultRates, SimulatorStats } from "./llm/simulator-fetch";
export { observeAttempts, observedFetch } from "./llm/attempts";
export type { LlmAttempt, Observed } from "./llm/attempts";
export { countPromptTokens, countTextTokens } from "./llm/token-count";
export { loadKnowledgeBase, KnowledgeBaseError, DEFAULT_KB_DIR } from "./rag/knowledge-base";
export type { KbDoc } from "./rag/knowledge-base";
export { Bm25Retriever } from "./rag/bm25-retriever";
export type { Retriever, ScoredDoc } from "./rag/bm25-retriever";
export {
  PROMPTS,
  DEFAULT_PROMPT_VERSION,
  getPrompt,
  findPrompt,
  knownPromptVersions,
  UnknownPromptVersionError,
} from "./rag/prompts";
export { checkFormat, splitSentences, looksLikeRawToolOutput, FORMAT_RULES } from "./rag/prompt-format";
export type { FormatCheck, FormatRules } from "./rag/prompt-format";
export type { PromptVersion } from "./rag/prompts";
export { answer, classifyLlmFailure, TraceBuildError, LOW_RETRIEVAL_THRESHOLD } from "./rag/answer";
export type { AnswerOptions, AnswerOutcome, AnswerFailure, AnswerFailureType } from "./rag/answer";
export { buildMessages } from "./rag/build-messages";
export { planToolCalls } from "./rag/plan-tool-calls";
export { createOrderLookupTool } from "./rag/tools/lookup-order";
export type { SupportTool, ToolResult } from "./rag/tools/support-tool";
export { defaultRetriever, createDefaultTools } from "./rag/defaults";
export { loadEvalSet, parseEvalSet, expectedFactsLookup, DEFAULT_EVAL_PATH } from "./rag/eval-set";
export type { EvalQuery, EvalSet } from "./rag/eval-set";
export { postAsk, runEval, summarizeEval, histogramHtml } from "./rag/eval-run";
export type { HttpExchange, EvalRow, RunEvalOptions, VersionSummary } from "./rag/eval-run";
export { requestSignals, compareRequests, meanSignals } from "./rag/request-signals";
export type { RequestSignals, ComparedRequest, SignalMeans } from "./rag/request-signals";
// --- The loop: the eval gate (npm run eval) and promotion of failing traces ---
export { runEvalGate, EvalGateInputError } from "./eval/eval-gate";
export type { EvalGateOptions, EvalGateReport } from "./eval/eval-gate";
export { evalGateTables, evalGateMarkdown, writeEvalGateOutputs } from "./eval/eval-gate-output";
export { compareEvalRuns } from "./eval/compare-eval-runs";
export type { EvalComparison, VersionAggregate, GateCheck } from "./eval/compare-eval-runs";
export { promoteTraces } from "./eval/promote-traces";
export type { EvalCandidate } from "./eval/promote-traces";
export { jsonlTraceSource } from "./eval/trace-source";
export type { TraceSource, TraceWithFeedback } from "./eval/trace-source";
export { createApp } from "./server/app";
export type { AppOptions, AppStats, BotApp } from "./server/app";
export { startServer, ServerStartError } from "./server/start";
export type { StartServerOptions, RunningServer, CloseOptions, CloseReport } from "./server/start";
export { createJsonLogSink, logLineFor } from "./server/json-log-sink";
export type { JsonLogSink } from "./server/json-log-sink";
export { createMemorySink } from "./server/memory-sink";
export type { MemorySink } from "./server/memory-sink";
export { flushSinks, SinkDispatcher } from "./server/sink-dispatch";
export type { RejectedRequest, RequestLogSink, FlushReport } from "./server/sink-dispatch";
export { parseAskRequest, AskRequestSchema } from "./server/ask-request";
export type { AskRequest } from "./server/ask-request";
export {
  parseFeedbackRequest,
  FeedbackRequestSchema,
  MAX_FEEDBACK_COMMENT_CHARS,
} from "./server/feedback-request";
export type { FeedbackRequest } from "./server/feedback-request";
export { postFeedback } from "./server/post-feedback";

// --- Task 4: tracing ---
export {
  createTracingSinks,
  DEFAULT_LANGFUSE_URL,
  DEFAULT_LANGSMITH_URL,
  LOCAL_KEYS,
} from "./tracing/create-tracing-sinks";
export type {
  TracingSetup,
  TracingSinksOptions,
  TraceDestination,
  DestinationKind,
} from "./tracing/create-tracing-sinks";
export {
  startLocalTraceBackend,
  DEFAULT_LANGSMITH_INFO,
  ZSTD_DECODABLE,
  BackendStartError,
  LANGFUSE_EMULATED_VERSION,
} from "./tracing/local-backend";
export {
  decodeLangfuseIngestion,
  EVENTS_ONLY_ALLOWED_TYPES,
  LANGFUSE_EVENT_TYPES,
} from "./tracing/langfuse-ingest";
export type { LangfuseWriteMode, IngestionError, IngestionResponse } from "./tracing/langfuse-ingest";
export { ingestionEventSchema } from "./tracing/langfuse-ingestion-schema";
export { langfuseEventsFromOtlp } from "./tracing/langfuse-otel-ingest";
export type {
  LocalTraceBackend,
  LocalTraceBackendOptions,
  LangSmithServerInfo,
} from "./tracing/local-backend";
export { TraceStore, DEFAULT_TRACE_BACKEND_DIR } from "./tracing/trace-store";
export type {
  ReceivedRequest,
  ReceivedEvent,
  LangfuseTraceView,
  LangfuseObservation,
  LangSmithRun,
  OtlpSpan,
  StoreSummary,
  TraceStoreOptions,
} from "./tracing/trace-store";
export { renderTrace, formatTree, langfuseTree, langsmithTree, otlpTree } from "./tracing/render-tree";
export type { TreeNode, TraceProtocol } from "./tracing/render-tree";
export { traceSteps, knownUsage, RETRIEVAL_DATA_SOURCE } from "./tracing/trace-steps";
export type {
  TraceSteps,
  TraceStepsOptions,
  TimedStep,
  RetrievalNode,
  GenerationNode,
  ToolNode,
  EventNode,
  StepMetadata,
} from "./tracing/trace-steps";
export type { TraceAdapter } from "./tracing/trace-adapter";
export { tracingSink } from "./tracing/tracing-sink";
export type {
  TracingSink,
  TracingStats,
  TracingSinkOptions,
  LossReport,
  RecordDropReason,
} from "./tracing/tracing-sink";
// --- Reliability: the DuckDB store, export/drop counters, shutdown accounting ---
export { StoreNotPersistedError, DEFAULT_WINDOW_BYTES } from "./tracing/trace-store";
export type { StoreTotals } from "./tracing/trace-store";
export { DuckDbPersistence } from "./tracing/duckdb-persistence";
export type { PersistenceStats, RetentionDays } from "./tracing/duckdb-persistence";
export { persistTraces, storeMetrics, storeMetricsSql } from "./tracing/store-metrics";
export type { StoreMetrics } from "./tracing/store-metrics";
export { registerExportMetrics, EXPORT_METRIC_NAMES } from "./tracing/export-metrics";
export { CountingBatchSpanProcessor } from "./tracing/counting-span-processor";
export type { DropReason } from "./tracing/export-fetch";
export { registerHttpMetrics, HTTP_REQUESTS_TOTAL } from "./server/http-metrics";
export { describeShutdown, describeLoss } from "./server/shutdown-report";
export { feedbackSink } from "./tracing/feedback-sink";
export type { FeedbackSink, FeedbackEvent, FeedbackSinkStats, FeedbackTarget } from "./tracing/feedback-sink";
export { LANGFUSE_FEEDBACK_SCORE, LANGSMITH_FEEDBACK_KEY } from "./tracing/feedback-targets";
export { feedbackRows } from "./tracing/feedback-view";
export type { FeedbackRow } from "./tracing/feedback-view";
export { createLangfuseAdapter } from "./tracing/langfuse-adapter";
export type { LangfuseAdapterOptions } from "./tracing/langfuse-adapter";
export { createLangfuseOtelAdapter, LANGFUSE_OTEL_PATH } from "./tracing/langfuse-otel-adapter";
export type { LangfuseOtelAdapterOptions } from "./tracing/langfuse-otel-adapter";
export { checkLangfuseIngestion } from "./tracing/langfuse-ingestion-check";
export type { LangfuseIngestionCheck, IngestionPathResult } from "./tracing/langfuse-ingestion-check";
export { createLangSmithAdapter } from "./tracing/langsmith-adapter";
export type { LangSmithAdapterOptions } from "./tracing/langsmith-adapter";
export { createOtelAdapter } from "./tracing/otel-adapter";
export type { OtelAdapterOptions } from "./tracing/otel-adapter";
export { GEN_AI, GEN_AI_OPERATION, ERROR_TYPE } from "./tracing/gen-ai-attributes";
export { genAiSpans, inputMessages, outputMessages } from "./tracing/gen-ai-spans";
export type { GenAiSpan, GenAiSpanOptions } from "./tracing/gen-ai-spans";
export { WorkbookIdGenerator, otelTraceId } from "./tracing/workbook-id-generator";
export { newTraceId } from "./trace-id";
export { createExportFetch, countItems } from "./tracing/export-fetch";
export type { ExportStats, ExportFetch, ExportFetchOptions } from "./tracing/export-fetch";
export { redactForExport, exportUserId, langfuseMask, langsmithAnonymizer } from "./tracing/redaction-hooks";
export type { RedactionOptions } from "./tracing/redaction-hooks";
export { piiProbeRequests, findLeaks } from "./tracing/pii-probe";
export type { ProbeRequest } from "./tracing/pii-probe";
export { hubComparison } from "./tracing/hub-comparison";
export type { HubRow } from "./tracing/hub-comparison";

// --- Task 5: synthetic traces, metrics, thresholds, charts, Prometheus ---
export { generateTraces, writeSyntheticTraces, SYNTHETIC_TRACES_PATH } from "./synth";
export type { SynthOptions } from "./synth";
export { ERROR_TYPES, classifyError } from "./error-types";
export type { ErrorType } from "./error-types";
export { percentile, percentilesInPlace } from "./collector/percentile";
export { MetricsCollector } from "./collector";
export type { CollectorOptions, TraceMetrics } from "./collector";
export { StreamingMetricsCollector } from "./collector/streaming-collector";
export type { StreamingCollectorOptions } from "./collector/streaming-collector";
export { breakdown, BREAKDOWN_DIMENSIONS, BreakdownDimensionError } from "./collector/breakdown";
export type { BreakdownRow, BreakdownDimension } from "./collector/breakdown";
export {
  evaluate,
  statusOf,
  loadThresholds,
  describeLimit,
  thresholdTable,
  THRESHOLD_METRICS,
} from "./thresholds";
export type { Thresholds, ThresholdMetric, Status, AlertLevel, MetricStatus } from "./thresholds";
export {
  latencyHistogram,
  ttftHistogram,
  failureRateByEnvironmentTier,
  costPerRequestDistribution,
  toolSuccessByTool,
  qualityByPromptVersion,
  task5Charts,
} from "./charts";
export type { PlotlyFigure, ChartOptions } from "./charts";
export {
  toolFailureClaim,
  failureClusterClaim,
  costRatioClaim,
  qualityGapClaim,
  latencyBulkClaim,
  twoProportionZ,
} from "./collector/data-claims";
export type {
  ToolFailureClaim,
  ClusterClaim,
  CostRatioClaim,
  QualityGapClaim,
} from "./collector/data-claims";
export { displayChart, chartBundle, PLOTLY_MIME } from "./charts/chart-display";
export { ChartRenderer, sharedChartRenderer } from "./charts/chart-renderer";
export { exportCharts } from "./charts/chart-export";
export { spanWaterfall, waterfallRows, ttftMs } from "./charts/span-waterfall";
export type { WaterfallRow, WaterfallSpan, WaterfallKind } from "./charts/span-waterfall";
export type { ChartExportOptions, ChartExportResult, ChartFormat } from "./charts/chart-export";
export type { ChartBundle, DisplayChartOptions } from "./charts/chart-display";
export {
  metricQuery,
  latencyQuantileQuery,
  ttftQuantileQuery,
  promqlUnit,
  toPromqlUnit,
  METRIC_NAMES,
} from "./prometheus/promql";
// --- Drift by week (notebook 05) ---
export { generateDriftTraffic } from "./drift-traffic";
export type { DriftTraffic, DriftTrafficOptions } from "./drift-traffic";
export { detectDrift, driftTable } from "./drift";
export type { DriftReport, WeekDrift } from "./drift";
export { driftByWeekChart } from "./charts/drift-chart";
export type { PromqlOptions } from "./prometheus/promql";
export {
  registerLlmMetrics,
  createPrometheusSink,
  createTraceObserver,
  LabelGuard,
  LATENCY_BUCKETS_SECONDS,
  TTFT_BUCKETS_SECONDS,
} from "./prometheus";
export type { LlmMetrics, ObserverOptions } from "./prometheus";
export {
  startPrometheus,
  findPrometheus,
  prometheusConfig,
  freePort,
  PrometheusNotFoundError,
  PrometheusStartError,
} from "./prometheus/prometheus-server";
export type { PrometheusServer, PrometheusOptions, QueryResult } from "./prometheus/prometheus-server";
export {
  compareWithCollector,
  histogramQuantile,
  bucketOf,
  LATENCY_BUCKETS_MS,
  TTFT_BUCKETS_MS,
} from "./prometheus/scrape-comparison";
export type {
  ScrapeComparison,
  MetricComparison,
  CompareOptions,
  QuantileCheck,
} from "./prometheus/scrape-comparison";
export { startDemoService, evalQueries } from "./prometheus/scrape-demo";
export type { DemoService, DemoServiceOptions } from "./prometheus/scrape-demo";
export { driveTraffic, trafficMix } from "./prometheus/drive-traffic";
export type { AskBody, TrafficOptions, TrafficResult } from "./prometheus/drive-traffic";
export {
  alertRules,
  alertRulesYaml,
  writeAlertRules,
  checkRulesWithPromtool,
  ALERT_RULES_PATH,
} from "./prometheus/alert-rules";
export { ruleTests, ruleTestsYaml, writeRuleTests, RULE_TESTS_PATH } from "./prometheus/rule-tests";
export { checkMetricsWithPromtool, testRulesWithPromtool, hasPromtool } from "./prometheus/promtool";
export {
  sloErrorRatioQuery,
  sloRecordingRules,
  burnRateAlerts,
  burnAlertName,
  sloErrorRatioRecord,
} from "./prometheus/slo-rules";
export {
  evaluateSlos,
  sloEvents,
  sloTable,
  errorBudget,
  budgetConsumedPercent,
  burnAlertReachable,
  SLO_NAMES,
} from "./slo";
export type { SloStatus, SloEvents, SloName, SloOptions, Slos, SloAlerting } from "./slo";
export type { AlertRule, AlertRuleOptions, PromtoolResult } from "./prometheus/alert-rules";
export {
  grafanaDashboard,
  grafanaDashboardJson,
  writeGrafanaDashboard,
  statusSteps,
  GRAFANA_DASHBOARD_PATH,
  DASHBOARD_MATCHERS,
} from "./prometheus/grafana-dashboard";
export type { DashboardOptions } from "./prometheus/grafana-dashboard";

// --- Task 6: contract and sampler ---
export {
  ContractSchema,
  ContractError,
  DEFAULT_CONTRACT_PATH,
  CONTRACT_JSON_SCHEMA_PATH,
  loadContract,
  parseContract,
  defaultContract,
  resolveContractPath,
  consistencyIssues,
  contractJsonSchema,
  contractJsonSchemaText,
} from "./contract";
export type {
  Contract,
  ContractResult,
  SamplingRule,
  RetentionRule,
  AlertThreshold,
  TagKey,
} from "./contract";
export { traceName, spanName, isValidTraceName, NamingError } from "./contract/naming";
export type { SpanKind } from "./contract/naming";
export { tagsFor, checkTags, TagError } from "./contract/tags";
export type { TaggableTrace } from "./contract/tags";
export {
  shouldSample,
  sampleDecision,
  describeSampler,
  traceIdHash32,
  traceIdToUnit,
  clampRate,
  SAMPLE_REASONS,
  UnknownEnvironmentError,
  TraceFieldError,
} from "./sampler";
export type { SampleDecision, SampleReason, SampleInput } from "./sampler";
export {
  summarizeSampling,
  checkHeadSampleRate,
  storageEstimate,
  HEAD_SAMPLE_TOLERANCE_POINTS,
} from "./contract/sampling-summary";
export type {
  SamplingSummary,
  EnvironmentSampling,
  RateCheck,
  StorageEstimate,
  StorageVolume,
} from "./contract/sampling-summary";
