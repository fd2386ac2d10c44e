/**
 * The `langfuse` v3 client as the workbook uses it (legacy trace ingestion and scores): it sends
 * through a counting export fetch instead of the global one, and its queue can be read.
 */
import { Langfuse } from "langfuse";
import { createExportFetch, type ExportFetch } from "./export-fetch";

export class GuardedLangfuse extends Langfuse {
  guardedFetch: typeof fetch = (input, init) => fetch(input, init);
  fetch(url: string, options: Parameters<Langfuse["fetch"]>[1]): ReturnType<Langfuse["fetch"]> {
    return this.guardedFetch(url, options as never);
  }
}

/** The SDK's in-memory queue (`LangfusePersistedProperty.Queue`, an enum the package does not re-export). */
export const queueLength = (client: Langfuse) =>
  (client.getPersistedProperty<unknown[]>("queue" as Parameters<Langfuse["getPersistedProperty"]>[0]) ?? [])
    .length;

/** Flush rounds beyond the batches queued when a drain starts: room for items that arrive meanwhile. */
const EXTRA_FLUSH_ROUNDS = 20;

/** Where and as whom a Langfuse client sends, and how it batches: what every Langfuse client here takes. */
export interface LangfuseConnection {
  publicKey: string;
  secretKey: string;
  baseUrl: string;
  /** Langfuse's environment attribute (lower case, `[a-z0-9-_]`, not starting with `langfuse`). */
  environment?: string;
  release?: string;
  /** Items per request; the client sends when this many are queued or every `flushIntervalMs`. */
  flushAt?: number;
  flushIntervalMs?: number;
  requestTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface GuardedLangfuseOptions extends LangfuseConnection {
  /** The export fetch's name in logs and stats, e.g. "langfuse" or "langfuse-feedback". */
  name: string;
  retries?: number;
  fetchImpl?: typeof fetch;
  /** The SDK's last redaction pass on everything it sends. */
  mask?: (params: { data: unknown }) => unknown;
}

/** A `GuardedLangfuse` sending through its own counting export fetch, and one bounded way to drain it. */
export function createGuardedLangfuse(options: GuardedLangfuseOptions): {
  client: GuardedLangfuse;
  exporter: ExportFetch;
  /** Sends what is queued (one batch per SDK flush) and waits for requests on the wire. */
  drain(): Promise<void>;
} {
  const flushAt = options.flushAt ?? 50;
  const exporter = createExportFetch({
    name: options.name,
    timeoutMs: options.requestTimeoutMs ?? 5_000,
    retries: options.retries,
    log: options.log,
    fetchImpl: options.fetchImpl,
  });
  const client = new GuardedLangfuse({
    publicKey: options.publicKey,
    secretKey: options.secretKey,
    baseUrl: options.baseUrl,
    environment: options.environment,
    release: options.release,
    flushAt,
    flushInterval: options.flushIntervalMs ?? 1_000,
    requestTimeout: options.requestTimeoutMs ?? 5_000,
    // Retries happen in the export fetch (bounded, counted); the SDK's own would add 3 x 3 s.
    fetchRetryCount: 0,
    ...(options.mask ? { mask: options.mask } : {}),
    sdkIntegration: "llm-observability-workbook",
  });
  client.guardedFetch = exporter.fetch;
  return {
    client,
    exporter,
    async drain() {
      // flushAsync sends one batch; a hub that keeps failing leaves items queued, and the caller's
      // deadline, not this loop, decides when to give up.
      const rounds = Math.ceil(queueLength(client) / flushAt) + EXTRA_FLUSH_ROUNDS;
      for (let round = 0; round < rounds && (round === 0 || queueLength(client) > 0); round++)
        await client.flushAsync();
      while (exporter.inFlight() > 0) await new Promise((r) => setTimeout(r, 10));
    },
  };
}
