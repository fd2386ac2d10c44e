/**
 * `npm run serve`: the support bot on PORT (default 8000) and HOST (default 127.0.0.1).
 * Configuration comes only from the environment, through `readConfig()`. On SIGTERM or SIGINT
 * it stops accepting, finishes in-flight requests, flushes every sink (bounded) and exits 0
 * within 15 s.
 */
import { readConfig } from "../config";
import { loadContract } from "../contract";
import { WorkbookError } from "../workbook-error";
import { describeError } from "./cli";
import { llmClientInfo } from "../llm/create-llm-client";
import type { RecordSink } from "../record";
import { expectedFactsLookup, loadEvalSet } from "../rag/eval-set";
import { Registry } from "prom-client";
import { createPrometheusSink } from "../prometheus";
import { createJsonLogSink } from "../server/json-log-sink";
import { llmFromConfig, serverOptionsFromConfig } from "../server/from-config";
import { startServer, ServerStartError } from "../server/start";
import { createTracingSinks } from "../tracing/create-tracing-sinks";
import { isTracingSink } from "../tracing/export-metrics";
import { describeLoss, describeShutdown } from "../server/shutdown-report";

// Bad configuration or a bad contract is misuse: one message naming what is wrong, exit 2, no stack.
let config;
let contract;
try {
  config = readConfig();
  contract = loadContract(); // the package's observability_contract.json, wherever the service starts
} catch (error) {
  // ConfigError and ContractError name the variable or the contract path; anything else is a bug.
  process.stderr.write(`error: ${describeError(error)}\n`);
  process.exit(WorkbookError.isInstance(error) ? 2 : 3);
}

const llm = llmFromConfig(config);

// ---- The sinks every request's redacted record goes to. Add exporters here, one line each. ----
const metricsRegistry = new Registry(); // served on GET /metrics
const tracing = await createTracingSinks(config, { contract, announce: true });
const sinks: RecordSink[] = [
  createJsonLogSink(),
  createPrometheusSink(metricsRegistry),
  // Langfuse, LangSmith, OTLP (the embedded local backend without keys), the local trace store
  // when that backend keeps one, and POST /feedback -> Langfuse scores and LangSmith feedback.
  ...tracing.serviceSinks(),
];
// ------------------------------------------------------------------------------------------------

const evalSet = loadEvalSet();
let server;
try {
  server = await startServer({
    ...serverOptionsFromConfig(config, llm),
    contract,
    sinks,
    metricsRegistry,
    expectedFacts: expectedFactsLookup(evalSet.queries),
  });
} catch (error) {
  process.stderr.write(`${error instanceof ServerStartError ? "" : "error: "}${(error as Error).message}\n`);
  process.exit(1);
}

const info = llmClientInfo(llm);
process.stderr.write(
  `support bot listening on ${server.url} (${config.environment}, release ${config.release}); LLM: ${info.notice}\n`,
);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`${signal}: draining in-flight requests and flushing ${sinks.length} sink(s) ...\n`);
  // Hard stop in case something ignores its bound: the contract is exit within 15 s.
  setTimeout(() => {
    const losses = sinks
      .filter(isTracingSink)
      .map(
        (s) => `  ${describeLoss(s.losses())} (so far; still pending: ${s.stats().records_pending} trace(s))`,
      );
    process.stderr.write(`shutdown took longer than 14 s; exiting anyway\n${losses.join("\n")}\n`);
    process.exit(0);
  }, 14_000).unref();
  const report = await server.close({ drainTimeoutMs: 8000, flushTimeoutMs: 4000, shutdownSinks: true });
  process.stderr.write(`${describeShutdown(report)}\n`);
  process.exit(0);
};
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
