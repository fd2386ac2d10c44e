/**
 * Drives real HTTP traffic through the service's `POST /ask`: `driveLoad` is the one closed-loop
 * generator (the load and fault suite uses it directly); `driveTraffic` sends a deterministic mix
 * of queries, tiers and prompt versions through it and counts the outcomes (the scrape demo's load).
 */
import type { CustomerTier } from "../schema";

export interface AskBody {
  query: string;
  user_id?: string;
  customer_tier?: CustomerTier;
  prompt_version?: string;
}

export interface TrafficOptions {
  /** Requests in flight at once (default 16). */
  concurrency?: number;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
}

export interface TrafficResult {
  sent: number;
  /** Count per HTTP status ("error" when the request itself failed). */
  statuses: Record<string, number>;
  traceIds: string[];
  seconds: number;
}

/** Builds `n` request bodies cycling through `queries`, tiers and prompt versions (no randomness). */
export function trafficMix(
  queries: readonly string[],
  n: number,
  options: { tiers?: readonly CustomerTier[]; promptVersions?: readonly string[] } = {},
): AskBody[] {
  const tiers = options.tiers ?? ["free", "free", "pro", "enterprise"];
  const versions = options.promptVersions ?? ["v1.0", "v2.1", "v2.1"];
  if (queries.length === 0) return [];
  return Array.from({ length: n }, (_, i) => ({
    query: queries[i % queries.length],
    customer_tier: tiers[i % tiers.length],
    prompt_version: versions[Math.floor(i / queries.length + i) % versions.length],
    user_id: `demo-user-${i % 25}`,
  }));
}

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

const LOAD_QUERIES = [
  "What are the API rate limits?",
  "How do I reset my password?",
  "Where is my order 12345?",
  "Can I get a refund for my annual plan?",
  "How do I export my data?",
];

/**
 * `concurrency` workers each send one request after another, until `total` have been sent or
 * `stop()` is called. Every outcome is kept: status, latency, trace id, or the network error.
 */
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

/** Posts every body to `${baseUrl}/ask` and counts the outcomes. Never throws for a failed request. */
export async function driveTraffic(
  baseUrl: string,
  bodies: readonly AskBody[],
  options: TrafficOptions = {},
): Promise<TrafficResult> {
  const { concurrency = 16, timeoutMs = 60_000 } = options;
  const started = performance.now();
  const outcomes = await driveLoad({
    url: baseUrl,
    total: bodies.length,
    concurrency: Math.max(1, Math.min(concurrency, bodies.length)),
    body: (i) => bodies[i],
    timeoutMs,
  }).done;
  const statuses: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.status === null ? "error" : String(o.status);
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  return {
    sent: bodies.length,
    statuses,
    traceIds: outcomes.flatMap((o) => (o.trace_id ? [o.trace_id] : [])),
    seconds: (performance.now() - started) / 1000,
  };
}
