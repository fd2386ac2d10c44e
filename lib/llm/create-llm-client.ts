/**
 * The one way the workbook gets an LLM client: the official `openai` SDK. With an API key it
 * talks to the real API (or `baseURL`); without one, the embedded simulator answers through
 * the SDK's `fetch` option, so request building, response parsing, usage, retries and
 * streaming are the SDK's own code either way. Switching is configuration only.
 */
import OpenAI from "openai";
import { observedFetch, type FetchLike } from "./attempts";
import {
  createSimulatorFetch,
  SIMULATOR_NOTICE,
  type SimulatorOptions,
  type SimulatorStats,
} from "./simulator-fetch";

export interface LlmClientOptions {
  /** OPENAI_API_KEY. Absent or blank: the embedded simulator answers. */
  apiKey?: string;
  /** OPENAI_BASE_URL, for OpenAI-compatible gateways. Ignored by the simulator. */
  baseURL?: string;
  /** The model requests use (OPENAI_MODEL); recorded here so callers and /healthz can report it. */
  model?: string;
  /** The SDK's retry budget per call (attempts = maxRetries + 1). */
  maxRetries?: number;
  /** The SDK's per-attempt timeout. Default 30 s for the real API; for the simulator 10 s times `timeScale` (at least 50 ms). */
  timeoutMs?: number;
  simulator?: SimulatorOptions;
  /** The transport under the attempt observer when a key is set (default: global fetch). */
  fetch?: FetchLike;
}

export interface LlmClientInfo {
  simulated: boolean;
  model: string;
  baseURL: string;
  maxRetries: number;
  timeoutMs: number;
  /** Plain statement of who answers, for logs and notebook output. */
  notice: string;
  /** Simulator counters (requests, injected faults); undefined for the real API. */
  simulatorStats?: SimulatorStats;
}

export const DEFAULT_MODEL = "gpt-4o-mini";
const SIMULATOR_BASE_URL = "http://embedded-simulator.invalid/v1";
const infos = new WeakMap<OpenAI, LlmClientInfo>();

export function createLlmClient(options: LlmClientOptions = {}): OpenAI {
  const apiKey = options.apiKey?.trim() || undefined;
  const model = options.model ?? DEFAULT_MODEL;
  const maxRetries = options.maxRetries ?? 2;
  if (apiKey) {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const client = new OpenAI({
      apiKey,
      baseURL: options.baseURL,
      maxRetries,
      timeout: timeoutMs,
      fetch: observedFetch(options.fetch ?? globalThis.fetch),
    });
    infos.set(client, {
      simulated: false,
      model,
      baseURL: client.baseURL,
      maxRetries,
      timeoutMs,
      notice: `answered by the OpenAI API at ${client.baseURL} (${model})`,
    });
    return client;
  }
  const simulator = createSimulatorFetch(options.simulator);
  const timeScale = options.simulator?.timeScale ?? 1;
  const timeoutMs = options.timeoutMs ?? Math.max(50, Math.round(10_000 * timeScale));
  // The SDK insists on a key; this placeholder never leaves the process and looks like no real key format.
  const client = new OpenAI({
    apiKey: "embedded-simulator-no-key",
    baseURL: SIMULATOR_BASE_URL,
    maxRetries,
    timeout: timeoutMs,
    fetch: observedFetch(simulator),
  });
  // A batch run may scale simulated latency (LLM_SIM_TIME_SCALE); every output quoting the notice then says so.
  // Scale 0 is the tests' clock (no waiting at all), which no one mistakes for real latency.
  const notice =
    timeScale === 1 || timeScale === 0
      ? SIMULATOR_NOTICE
      : `${SIMULATOR_NOTICE} Simulated latencies run at ${timeScale}x real time.`;
  infos.set(client, {
    simulated: true,
    model,
    baseURL: SIMULATOR_BASE_URL,
    maxRetries,
    timeoutMs,
    notice,
    simulatorStats: simulator.stats,
  });
  return client;
}

/** What `createLlmClient` set up for `client`; a client built elsewhere is described as the real API. */
export function llmClientInfo(client: OpenAI): LlmClientInfo {
  return (
    infos.get(client) ?? {
      simulated: false,
      model: DEFAULT_MODEL,
      baseURL: client.baseURL,
      maxRetries: client.maxRetries,
      timeoutMs: client.timeout,
      notice: `answered by the OpenAI API at ${client.baseURL}`,
    }
  );
}
