/**
 * Counting the SDK's HTTP attempts (and so its retries) per call. The openai SDK retries inside
 * `create()`, invisibly; a fetch wrapper sees every attempt, and AsyncLocalStorage ties each
 * attempt to the call that caused it, so concurrent requests sharing one client never mix counts.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { SIMULATOR_HEADER } from "./simulator-fetch";

export interface LlmAttempt {
  /** 1-based. */
  attempt: number;
  /** The SDK's `x-stainless-retry-count` header: 0 for the first try. */
  retry_count: number;
  started_at: string;
  /** Until response headers (or the failure). */
  latency_ms: number;
  status?: number;
  /** Connection-level failure, e.g. "AbortError" when the SDK's timeout fired. */
  error?: string;
  simulated: boolean;
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const store = new AsyncLocalStorage<LlmAttempt[]>();

/** Wraps a fetch so every attempt made inside `observeAttempts` is recorded. */
export function observedFetch(inner: FetchLike): FetchLike {
  return async (input, init) => {
    const log = store.getStore();
    const startedAt = new Date();
    const start = performance.now();
    const retryCount = Number(new Headers(init?.headers).get("x-stainless-retry-count") ?? 0);
    const entry: LlmAttempt = {
      attempt: (log?.length ?? 0) + 1,
      retry_count: retryCount,
      started_at: startedAt.toISOString(),
      latency_ms: 0,
      simulated: false,
    };
    log?.push(entry);
    try {
      const response = await inner(input, init);
      entry.status = response.status;
      entry.simulated = response.headers.has(SIMULATOR_HEADER);
      return response;
    } catch (error) {
      entry.error = (error as Error)?.name ?? "Error";
      throw error;
    } finally {
      entry.latency_ms = performance.now() - start;
    }
  };
}

export type Observed<T> =
  { ok: true; value: T; attempts: LlmAttempt[] } | { ok: false; error: unknown; attempts: LlmAttempt[] };

/** Runs `fn`, returning its value or error together with the attempts its SDK calls made. */
export async function observeAttempts<T>(fn: () => Promise<T>): Promise<Observed<T>> {
  const attempts: LlmAttempt[] = [];
  try {
    const value = await store.run(attempts, fn);
    return { ok: true, value, attempts };
  } catch (error) {
    return { ok: false, error, attempts };
  }
}
