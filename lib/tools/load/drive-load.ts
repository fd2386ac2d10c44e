/**
 * A closed-loop load generator for the service's `POST /ask` (loopback only): `concurrency`
 * workers each send one request after another, until `total` have been sent or `stop()` is
 * called. Every outcome is kept: status, latency, trace id, or the network error.
 */

export interface LoadOutcome {
  i: number;
  status: number | null;
  latency_ms: number;
  trace_id?: string;
  /** `error.type` of a non-200 answer, or the network error's code. */
  error?: string;
}

export interface LoadOptions {
  url: string;
  total: number;
  concurrency: number;
  /** Request body for request `i` (default: a rotating support question). */
  body?: (i: number) => unknown;
  /** Called after each outcome, in completion order (e.g. to sample memory or send SIGTERM). */
  onOutcome?: (outcome: LoadOutcome, done: number) => void | Promise<void>;
  timeoutMs?: number;
}

export interface LoadRun {
  outcomes: LoadOutcome[];
  /** Stops issuing new requests; those in flight finish. */
  stop(): void;
  /** Requests sent and not yet answered. */
  inFlight(): number;
  done: Promise<LoadOutcome[]>;
}

export const LOAD_QUERIES = [
  "What are the API rate limits?",
  "How do I reset my password?",
  "Where is my order 12345?",
  "Can I get a refund for my annual plan?",
  "How do I export my data?",
];

export function driveLoad(options: LoadOptions): LoadRun {
  const { url, total, concurrency, timeoutMs = 30_000 } = options;
  const body = options.body ?? ((i: number) => ({ query: LOAD_QUERIES[i % LOAD_QUERIES.length] }));
  const outcomes: LoadOutcome[] = [];
  let next = 0;
  let stopped = false;
  let active = 0;

  const worker = async () => {
    while (!stopped && next < total) {
      const i = next++;
      active += 1;
      const t0 = performance.now();
      let outcome: LoadOutcome;
      try {
        // Node's fetch keeps sockets alive between requests, as a real client pool does (and what the drain must close cleanly).
        const res = await fetch(`${url}/ask`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body(i)),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const json = (await res.json().catch(() => ({}))) as { trace_id?: string; error?: { type?: string } };
        outcome = {
          i,
          status: res.status,
          latency_ms: performance.now() - t0,
          trace_id: json.trace_id,
          ...(json.error?.type ? { error: json.error.type } : {}),
        };
      } catch (error) {
        const e = error as { message?: string; cause?: { code?: string; message?: string } };
        outcome = {
          i,
          status: null,
          latency_ms: performance.now() - t0,
          error: e.cause?.code ?? e.cause?.message ?? e.message ?? String(error),
        };
      }
      active -= 1;
      outcomes.push(outcome);
      await options.onOutcome?.(outcome, outcomes.length);
    }
  };
  const done = Promise.all(Array.from({ length: concurrency }, worker)).then(() => outcomes);
  return { outcomes, stop: () => void (stopped = true), inFlight: () => active, done };
}

/** Nearest-rank percentile of the latencies of answered requests (status 200). */
export function latencyPercentile(outcomes: readonly LoadOutcome[], p: number): number {
  const sorted = outcomes
    .filter((o) => o.status === 200)
    .map((o) => o.latency_ms)
    .sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
