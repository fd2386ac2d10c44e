/**
 * Configuration to the service's parts, in one place: the LLM client the environment names and
 * the server options that come from it. `tools/serve.ts`, the notebooks, the eval CLI and the
 * Task 5 demo service all build from here, so "real keys, no code change" holds for each.
 */
import type OpenAI from "openai";
import type { WorkbookConfig } from "../config";
import { createLlmClient } from "../llm/create-llm-client";
import type { FaultRates } from "../llm/simulator-fetch";
import type { StartServerOptions } from "./start";

/** What a caller may set differently from the environment (the simulator's knobs apply only without a key). */
export interface LlmOverrides {
  seed?: number;
  timeScale?: number;
  faults?: FaultRates;
  maxRetries?: number;
}

/** The official `openai` SDK: the real API with OPENAI_API_KEY, the embedded simulator without. */
export function llmFromConfig(config: WorkbookConfig, overrides: LlmOverrides = {}): OpenAI {
  return createLlmClient({
    apiKey: config.openai.apiKey,
    baseURL: config.openai.baseURL,
    model: config.openai.model,
    maxRetries: overrides.maxRetries,
    simulator: {
      seed: overrides.seed ?? config.seed,
      timeScale: overrides.timeScale ?? config.simulator.timeScale,
      faults: { ...config.simulator.faults, ...overrides.faults },
    },
  });
}

/** The server options the configuration decides; add sinks, port and the rest per caller. */
export function serverOptionsFromConfig(
  config: WorkbookConfig,
  llm: OpenAI,
): Required<
  Pick<
    StartServerOptions,
    "port" | "host" | "llm" | "model" | "environment" | "release" | "userIdHashKey" | "seed" | "timeScale"
  >
> {
  return {
    port: config.port,
    host: config.host,
    llm,
    model: config.openai.model,
    environment: config.environment,
    release: config.release,
    userIdHashKey: config.userIdHashKey,
    seed: config.seed,
    timeScale: config.simulator.timeScale,
  };
}
