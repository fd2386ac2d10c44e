/**
 * The workbook library's public face. Notebooks import from here ("./lib"), never from
 * private helpers, so files can move without breaking a notebook. Types use `export type`.
 */

// --- configuration (the one place that reads process.env) ---
export { readConfig } from "./config";
export type { WorkbookConfig, Env, LangfuseIngestion } from "./config";

// --- Task 2: the trace schema ---
export { TraceSchema, parseTrace, parseTraces, parseTraceJsonl, requiredTraceFields } from "./schema";
export type {
  Trace,
  RetrievedDoc,
  ToolCall,
  Environment,
  CustomerTier,
  ParseResult,
  BatchResult,
} from "./schema";

// --- prices ---
export { PRICE_TABLE_VERSION } from "./pricing";
export type { ModelPrice, Cost } from "./pricing";

// --- notebook output helpers ---
export { htmlTable, markdownTable } from "./format";
export type { Row } from "./format";
export { writeOutput, writeSample } from "./outputs";
export type { TaskOutputs } from "./outputs/task-outputs";
// Each task's write-up, told once: the notebook shows it and the report prints it (lib/report/taskN-section.ts).
export { writeUpMarkdown } from "./report/tasks";
export { task1WriteUp } from "./report/task1-section";
export { task2WriteUp } from "./report/task2-section";
export { task3WriteUp } from "./report/task3-section";
export { task4WriteUp } from "./report/task4-section";
export { task5WriteUp } from "./report/task5-section";
export { task6WriteUp } from "./report/task6-section";

// --- Task 3: redaction ---
export { redactApiKeys, redactPii, hashUserId, stripPii } from "./redact";
export { DEFAULT_USER_ID_HASH_KEY } from "./redact/hash-user-id";
export type { StripPiiOptions } from "./redact";
export { redactionDiff, countRedactions } from "./redact/redaction-report";
export type { RedactionChange } from "./redact/redaction-report";
export { compareRedactors, correctCounts } from "./redact/compare-redactors";
export type { RedactionProbe, ProbeVerdict, ComparisonRow } from "./redact/compare-redactors";
export { adversarialInputs } from "./redact/adversarial-inputs";

// --- the RAG bot, the LLM layer and quality scoring (Task 1) ---
export { scoreResponse } from "./quality";
export type { QualityScore, ExpectedFact } from "./quality";
export { createLlmClient, llmClientInfo } from "./llm/create-llm-client";
export { llmFromConfig, serverOptionsFromConfig } from "./server/from-config";
export type { LlmOverrides } from "./server/from-config";
export type { LlmClientOptions, LlmClientInfo } from "./llm/create-llm-client";
export { answer } from "./rag/answer";
export type { AnswerOptions, AnswerOutcome, AnswerFailure, AnswerFailureType } from "./rag/answer";
export { createDefaultTools } from "./rag/defaults";
export { loadEvalSet, expectedFactsLookup } from "./rag/eval-set";
export type { EvalQuery, EvalSet } from "./rag/eval-set";
export { postAsk, runEval, summarizeEval, histogramHtml } from "./rag/eval-run";
export type { HttpExchange, EvalRow, RunEvalOptions, VersionSummary } from "./rag/eval-run";
export { requestSignals, compareRequests, meanSignals } from "./rag/request-signals";
export type { RequestSignals, ComparedRequest, SignalMeans } from "./rag/request-signals";

// --- The loop: the eval gate (npm run eval) and promotion of failing traces ---
export { runEvalGate } from "./eval/eval-gate";
export type { EvalGateOptions, EvalGateReport } from "./eval/eval-gate";
export { evalGateTables, evalGateVerdict, writeEvalGateOutputs } from "./eval/eval-gate-output";
export { compareEvalRuns } from "./eval/compare-eval-runs";
export { promoteTraces } from "./eval/promote-traces";
export type { EvalCandidate, PromotionResult } from "./eval/promote-traces";
export { liveStoreTraceSource } from "./eval/store-trace-source";
export type { EvalComparison, VersionAggregate, GateCheck } from "./eval/compare-eval-runs";
export { startServer } from "./server/start";
export type { StartServerOptions, RunningServer, CloseOptions, CloseReport } from "./server/start";
export { createJsonLogSink } from "./server/json-log-sink";
export type { JsonLogSink } from "./server/json-log-sink";
export { createMemorySink } from "./server/memory-sink";
export type { MemorySink } from "./server/memory-sink";
export { flushSinks } from "./server/sink-dispatch";
export type { RejectedRequest, RequestLogSink, FlushReport } from "./server/sink-dispatch";
export { postFeedback } from "./server/post-feedback";

// --- Task 4: tracing ---
export { createTracingSinks } from "./tracing/create-tracing-sinks";
export type {
  TracingSetup,
  TracingSinksOptions,
  TraceDestination,
  DestinationKind,
} from "./tracing/create-tracing-sinks";
export { startLocalTraceBackend } from "./tracing/local-backend";
export type {
  LocalTraceBackend,
  LocalTraceBackendOptions,
  LangSmithServerInfo,
} from "./tracing/local-backend";
export { langfuseTree, langsmithTree } from "./tracing/render-tree";
export type { TreeNode, TraceProtocol } from "./tracing/render-tree";
export { feedbackRows } from "./tracing/feedback-view";
export type { FeedbackRow } from "./tracing/feedback-view";
export { checkLangfuseIngestion } from "./tracing/langfuse-ingestion-check";
export type { LangfuseIngestionCheck, IngestionPathResult } from "./tracing/langfuse-ingestion-check";
export { piiProbeRequests, findLeaks } from "./tracing/pii-probe";
export type { ProbeRequest } from "./tracing/pii-probe";
export { hubComparison } from "./tracing/hub-comparison";
export type { HubRow } from "./tracing/hub-comparison";

// --- Task 5: synthetic traces, metrics, thresholds, charts, Prometheus ---
export { generateTraces, writeSyntheticTraces } from "./synth";
export { synthProfile } from "./synth/profile";
export type { SynthOptions } from "./synth";
export { classifyError } from "./error-types";
export type { ErrorType } from "./error-types";
export { MetricsCollector } from "./collector";
export type { CollectorOptions, TraceMetrics } from "./collector";
export { StreamingMetricsCollector } from "./collector/streaming-collector";
export type { StreamingCollectorOptions } from "./collector/streaming-collector";
export { breakdown, slowTail } from "./collector/breakdown";
export type { BreakdownRow, BreakdownDimension } from "./collector/breakdown";
export { evaluate, thresholdTable, THRESHOLD_METRICS } from "./thresholds";
export type { Thresholds, ThresholdMetric, Status, AlertLevel, MetricStatus } from "./thresholds";
export { task5Charts } from "./charts";
export type { PlotlyFigure, ChartOptions } from "./charts";
export {
  toolFailureClaim,
  failureClusterClaim,
  costRatioClaim,
  qualityGapClaim,
  latencyBulkClaim,
} from "./collector/data-claims";
export type {
  ToolFailureClaim,
  ClusterClaim,
  CostRatioClaim,
  QualityGapClaim,
} from "./collector/data-claims";
export { displayChart } from "./charts/chart-display";
export { sharedChartRenderer } from "./charts/chart-renderer";
export { exportCharts } from "./charts/chart-export";
export { spanWaterfall } from "./charts/span-waterfall";
export type { WaterfallRow, WaterfallSpan, WaterfallKind } from "./charts/span-waterfall";
export type { ChartExportOptions, ChartExportResult, ChartFormat } from "./charts/chart-export";
export type { ChartBundle, DisplayChartOptions } from "./charts/chart-display";
export { metricQuery } from "./prometheus/promql";

// --- Drift by week (notebook 05) ---
export { generateDriftTraffic } from "./drift-traffic";
export type { DriftTraffic, DriftTrafficOptions } from "./drift-traffic";
export { detectDrift, driftTable, driftAroundChange } from "./drift";
export { driftChangeSummary } from "./drift/change-summary";
export type { DriftReport, WeekDrift, DriftSide } from "./drift";
export { driftByWeekChart } from "./charts/drift-chart";
export type { PromqlOptions } from "./prometheus/promql";
export { startPrometheus } from "./prometheus/prometheus-server";
export type { PrometheusServer, PrometheusOptions, QueryResult } from "./prometheus/prometheus-server";
export { compareWithCollector } from "./prometheus/scrape-comparison";
export type {
  ScrapeComparison,
  MetricComparison,
  CompareOptions,
  QuantileCheck,
} from "./prometheus/scrape-comparison";
export { startDemoService, evalQueries } from "./server/demo-service";
export type { DemoService, DemoServiceOptions } from "./server/demo-service";
export { driveTraffic, trafficMix } from "./server/drive-traffic";
export type { AskBody, TrafficOptions, TrafficResult } from "./server/drive-traffic";
export { writeAlertRules, checkRulesWithPromtool } from "./prometheus/alert-rules";
export { ruleTests, writeRuleTests } from "./prometheus/rule-tests";
export { testRulesWithPromtool } from "./prometheus/promtool";
export { burnRateAlerts } from "./prometheus/slo-rules";
export { evaluateSlos, sloTable, budgetConsumedPercent } from "./slo";
export type { SloStatus, SloEvents, SloName, SloOptions, Slos, SloAlerting } from "./slo";
export type { AlertRule, AlertRuleOptions, PromtoolResult, RulesContract } from "./prometheus/alert-rules";
export { writeGrafanaDashboard } from "./prometheus/grafana-dashboard";
export type { DashboardOptions } from "./prometheus/grafana-dashboard";

// --- Task 6: contract and sampler ---
export { DEFAULT_CONTRACT_PATH, loadContract, parseContract } from "./contract";
export type {
  Contract,
  ContractResult,
  SamplingRule,
  RetentionRule,
  AlertThreshold,
  TagKey,
} from "./contract";
export { traceName, spanName } from "./contract/naming";
export type { SpanKind } from "./contract/naming";
export { tagsFor, checkTags } from "./contract/tags";
export type { TaggableTrace } from "./contract/tags";
export { shouldSample, sampleDecision, describeSampler, traceIdToUnit, SAMPLE_REASONS } from "./sampler";
export type { SampleDecision, SampleReason, SampleInput } from "./sampler";
export { summarizeSampling, checkHeadSampleRate, storageEstimate } from "./sampler/sampling-summary";
export type {
  SamplingSummary,
  EnvironmentSampling,
  RateCheck,
  StorageEstimate,
  StorageVolume,
} from "./sampler/sampling-summary";
