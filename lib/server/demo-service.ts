/**
 * The service as the Prometheus scrape demo runs it: the real support bot (lib/server) on a
 * free loopback port, its records going to the Prometheus sink (served on /metrics) and to a
 * memory sink, so the collector can measure exactly the requests Prometheus counted.
 * The simulator's time scale and fault rates keep a few hundred requests quick yet realistic.
 */
import type OpenAI from "openai";
import { Registry } from "prom-client";
import type { Contract } from "../contract";
import { createLlmClient, llmClientInfo } from "../llm/create-llm-client";
import { createPrometheusSink } from "../prometheus";
import { expectedFactsLookup, loadEvalSet } from "../rag/eval-set";
import type { Environment, Trace } from "../schema";
import { createMemorySink, type MemorySink } from "./memory-sink";
import { startServer, type RunningServer } from "./start";
import { WorkbookError } from "../workbook-error";

export class DemoServiceOptionsError extends WorkbookError {
  override name = "DemoServiceOptionsError";
}

export interface DemoServiceOptions {
  /** The contract the service's traces follow (`loadContract()`). */
  contract: Contract;
  /** The configured client (`llmFromConfig(config, ...)`): the real API with a key. Default: the simulator with `faults`. */
  llm?: OpenAI;
  seed?: number;
  /** Simulated waits x this (default 0.5: a 1.5 s answer takes 0.75 s; the traces record what happened). */
  timeScale?: number;
  /** Per-attempt simulator faults; the SDK retries `maxRetries` times before a request fails. Only without `llm` (give them to `llmFromConfig` otherwise). */
  faults?: { rateLimit?: number; serverError?: number; timeout?: number };
  maxRetries?: number;
  environment?: Environment;
}

export interface DemoService {
  url: string;
  registry: Registry;
  memory: MemorySink;
  server: RunningServer;
  /** True when the embedded LLM simulator answers (unless `llm` is a client with a key). */
  simulated: boolean;
  /** Traces of every request the service answered or failed (what the sinks received). */
  traces(): Trace[];
  /** Waits until every record handed to the sinks has arrived. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the bot with a Prometheus sink on a fresh registry. Simulated unless `llm` is a client with a key. */
export async function startDemoService(options: DemoServiceOptions): Promise<DemoService> {
  const {
    seed = 42,
    timeScale = 0.5,
    faults = { rateLimit: 0.12, serverError: 0.08 },
    maxRetries = 1,
    environment = "production",
  } = options;
  const registry = new Registry();
  const memory = createMemorySink({ name: "demo-memory", limit: 100_000 });
  if (options.llm && (options.faults !== undefined || options.maxRetries !== undefined))
    throw new DemoServiceOptionsError(
      "startDemoService: faults and maxRetries shape the default simulated client; with `llm`, pass them to llmFromConfig(config, { faults, maxRetries }) instead",
    );
  const llm = options.llm ?? createLlmClient({ maxRetries, simulator: { seed, timeScale, faults } });
  const server = await startServer({
    port: 0,
    host: "127.0.0.1",
    llm,
    contract: options.contract,
    sinks: [createPrometheusSink(registry), memory],
    metricsRegistry: registry,
    environment,
    seed,
    timeScale,
    expectedFacts: expectedFactsLookup(loadEvalSet().queries),
  });
  return {
    url: server.url,
    registry,
    memory,
    server,
    simulated: llmClientInfo(llm).simulated,
    traces: () => memory.records.map((r) => r.trace),
    settle: () => server.app.settle(),
    close: async () => {
      await server.close({ drainTimeoutMs: 5000, flushTimeoutMs: 2000 });
    },
  };
}

/** The eval set's queries: the demo's traffic asks what real users asked. */
export function evalQueries(): string[] {
  return loadEvalSet().queries.map((q) => q.query);
}
