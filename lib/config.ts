/**
 * The one place that reads the environment. Everything else takes an options object,
 * so notebooks and tests pass values explicitly. Call `readConfig()` at an edge
 * (the server's main, a notebook's setup cell), never at import time.
 */
import type { Environment } from "./schema";
import { WorkbookError } from "./workbook-error";
import { DEFAULT_USER_ID_HASH_KEY } from "./redact/hash-user-id";

export type Env = Record<string, string | undefined>;

export interface WorkbookConfig {
  /** Deployment environment stamped on traces. */
  environment: Environment;
  release: string;
  port: number;
  /** Interface `npm run serve` binds (HOST); loopback unless you mean to expose it. */
  host: string;
  /** Seed for every simulated part (LLM simulator, synthetic traces). */
  seed: number;
  /** TRACE_STORE_DIR: the embedded backend's DuckDB folder (the local trace store); default the package's data/runtime/trace-backend. */
  traceStoreDir?: string;
  /** HMAC key for `hashUserId`. The default is documented and public: set USER_ID_HASH_KEY in production. */
  userIdHashKey: string;
  openai: { apiKey?: string; baseURL?: string; model: string };
  /** The embedded LLM simulator (used when no OPENAI_API_KEY): LLM_SIM_TIME_SCALE and fault rates LLM_SIM_RATE_LIMIT / LLM_SIM_SERVER_ERROR / LLM_SIM_TIMEOUT (0..1). */
  simulator: { timeScale: number; faults: { rateLimit: number; serverError: number; timeout: number } };
  /**
   * `ingestion`: how traces reach Langfuse. `otel` (default): OTLP on `/api/public/otel/v1/traces`
   * through the JS SDK v5 span processor, which Langfuse v3 and v4 servers accept. `legacy`: the v3
   * SDK's events on `/api/public/ingestion`, for servers that predate the OTel endpoint
   * (LANGFUSE_INGESTION=legacy); a v4 server in `events_only` mode rejects those.
   */
  langfuse: { publicKey?: string; secretKey?: string; baseUrl?: string; ingestion: LangfuseIngestion };
  langsmith: { tracing: boolean; apiKey?: string; endpoint?: string; project: string };
  /**
   * Where the OTLP exporter will send (full URL, `/v1/traces` included), or undefined when no
   * OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set. Used to decide and to say where traces go; the
   * exporter reads its own OTEL_EXPORTER_OTLP_* variables (endpoint, headers, timeout) itself.
   */
  otlp: { endpoint?: string };
}

export type LangfuseIngestion = "otel" | "legacy";

export class ConfigError extends WorkbookError {
  override name = "ConfigError";
}

const truthy = (value: string | undefined) => value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
const blankToUndefined = (value: string | undefined) => (value && value.trim() ? value.trim() : undefined);

export function readConfig(env: Env = process.env): WorkbookConfig {
  const environment = (blankToUndefined(env.APP_ENV) ?? "dev") as Environment;
  if (!["dev", "staging", "production"].includes(environment)) {
    throw new ConfigError(`APP_ENV must be one of dev, staging, production (got "${environment}")`);
  }
  const port = Number(blankToUndefined(env.PORT) ?? 8000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer between 0 and 65535 (got "${env.PORT}")`);
  }
  const share = (name: string, fallback: number, max = 1) => {
    const value = Number(blankToUndefined(env[name]) ?? fallback);
    if (!Number.isFinite(value) || value < 0 || value > max)
      throw new ConfigError(`${name} must be a number between 0 and ${max} (got "${env[name]}")`);
    return value;
  };
  const seed = Number(blankToUndefined(env.WORKBOOK_SEED) ?? 42);
  if (!Number.isFinite(seed))
    throw new ConfigError(`WORKBOOK_SEED must be a number (got "${env.WORKBOOK_SEED}")`);

  const ingestion = (blankToUndefined(env.LANGFUSE_INGESTION)?.toLowerCase() ?? "otel") as LangfuseIngestion;
  if (ingestion !== "otel" && ingestion !== "legacy") {
    throw new ConfigError(
      `LANGFUSE_INGESTION must be "otel" (default: OTLP, Langfuse v3 and v4 servers) or "legacy" (/api/public/ingestion, servers without the OTel endpoint) (got "${env.LANGFUSE_INGESTION}")`,
    );
  }

  return {
    environment,
    release: blankToUndefined(env.RELEASE) ?? "workbook-local",
    port,
    host: blankToUndefined(env.HOST) ?? "127.0.0.1",
    seed,
    traceStoreDir: blankToUndefined(env.TRACE_STORE_DIR),
    userIdHashKey: blankToUndefined(env.USER_ID_HASH_KEY) ?? DEFAULT_USER_ID_HASH_KEY,
    openai: {
      apiKey: blankToUndefined(env.OPENAI_API_KEY),
      baseURL: blankToUndefined(env.OPENAI_BASE_URL),
      model: blankToUndefined(env.OPENAI_MODEL) ?? "gpt-4o-mini",
    },
    simulator: {
      timeScale: share("LLM_SIM_TIME_SCALE", 1, 100),
      faults: {
        rateLimit: share("LLM_SIM_RATE_LIMIT", 0),
        serverError: share("LLM_SIM_SERVER_ERROR", 0),
        timeout: share("LLM_SIM_TIMEOUT", 0),
      },
    },
    langfuse: {
      publicKey: blankToUndefined(env.LANGFUSE_PUBLIC_KEY),
      secretKey: blankToUndefined(env.LANGFUSE_SECRET_KEY),
      // LANGFUSE_HOST is the name the assignment uses; LANGFUSE_BASEURL is the SDK's.
      baseUrl: blankToUndefined(env.LANGFUSE_BASEURL) ?? blankToUndefined(env.LANGFUSE_HOST),
      ingestion,
    },
    langsmith: {
      // LANGCHAIN_* are the names the assignment uses; LANGSMITH_* win when both are set.
      tracing: truthy(env.LANGSMITH_TRACING ?? env.LANGSMITH_TRACING_V2 ?? env.LANGCHAIN_TRACING_V2),
      apiKey: blankToUndefined(env.LANGSMITH_API_KEY) ?? blankToUndefined(env.LANGCHAIN_API_KEY),
      endpoint: blankToUndefined(env.LANGSMITH_ENDPOINT) ?? blankToUndefined(env.LANGCHAIN_ENDPOINT),
      project:
        blankToUndefined(env.LANGSMITH_PROJECT) ??
        blankToUndefined(env.LANGCHAIN_PROJECT) ??
        "llm-observability-workbook",
    },
    otlp: {
      // The OTel spec: the TRACES variable is used as is, the generic one gets `/v1/traces` appended.
      endpoint:
        blankToUndefined(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) ??
        (blankToUndefined(env.OTEL_EXPORTER_OTLP_ENDPOINT)
          ? `${blankToUndefined(env.OTEL_EXPORTER_OTLP_ENDPOINT)!.replace(/\/+$/, "")}/v1/traces`
          : undefined),
    },
  };
}
