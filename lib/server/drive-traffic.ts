/**
 * Drives real HTTP traffic through the service's `POST /ask` (the scrape demo's load): a
 * deterministic mix of queries, tiers and prompt versions, a few requests in flight at once.
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

/** Posts every body to `${baseUrl}/ask` and counts the outcomes. Never throws for a failed request. */
export async function driveTraffic(
  baseUrl: string,
  bodies: readonly AskBody[],
  options: TrafficOptions = {},
): Promise<TrafficResult> {
  const { concurrency = 16, timeoutMs = 60_000 } = options;
  const statuses: Record<string, number> = {};
  const traceIds: string[] = [];
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      let key = "error";
      try {
        const response = await fetch(`${baseUrl}/ask`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        key = String(response.status);
        const traceId = response.headers.get("x-trace-id");
        if (traceId) traceIds.push(traceId);
        await response.arrayBuffer();
      } catch {
        // counted under "error"
      }
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, bodies.length)) }, worker));
  return { sent: bodies.length, statuses, traceIds, seconds: (performance.now() - started) / 1000 };
}
