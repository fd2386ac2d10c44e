/**
 * Runs the eval set against the bot's HTTP endpoint, as a client would: POST /ask, keep the raw
 * status and body, score the answer text the user actually received. `summarizeEval` then puts
 * numbers on what a status-code dashboard hides.
 */
import { percentile } from "../collector/percentile";
import { scoreResponse } from "../quality";
import { postJson, type HttpExchange } from "../post-json";
import type { EvalQuery } from "./eval-set";

export type { HttpExchange };

/** One POST /ask over real HTTP. Never throws for an HTTP error status; a network failure is status 0. */
export function postAsk(baseUrl: string, body: Record<string, unknown>): Promise<HttpExchange> {
  return postJson(`${baseUrl}/ask`, body);
}

export interface EvalRow {
  id: string;
  topic: string;
  prompt_version: string;
  status: number;
  trace_id: string | null;
  quality_score: number;
  hits: string[];
  misses: string[];
  client_latency_ms: number;
}

export interface RunEvalOptions {
  baseUrl: string;
  queries: readonly EvalQuery[];
  promptVersions: readonly string[];
  /** Requests in flight at once, per version. Versions run one after the other so runs are repeatable. */
  concurrency?: number;
}

export async function runEval({
  baseUrl,
  queries,
  promptVersions,
  concurrency = 4,
}: RunEvalOptions): Promise<EvalRow[]> {
  const rows: EvalRow[] = [];
  for (const version of promptVersions) {
    const results: EvalRow[] = new Array(queries.length);
    let next = 0;
    const worker = async () => {
      while (next < queries.length) {
        const i = next++;
        const q = queries[i];
        const res = await postAsk(baseUrl, {
          query: q.query,
          prompt_version: version,
          ...(q.user_id ? { user_id: q.user_id } : {}),
          ...(q.customer_tier ? { customer_tier: q.customer_tier } : {}),
        });
        const answer = res.status === 200 && typeof res.json?.answer === "string" ? res.json.answer : "";
        const score = scoreResponse(answer, q.expected_facts);
        results[i] = {
          id: q.id,
          topic: q.topic ?? "",
          prompt_version: typeof res.json?.prompt_version === "string" ? res.json.prompt_version : version,
          status: res.status,
          trace_id: typeof res.json?.trace_id === "string" ? res.json.trace_id : null,
          quality_score: score.score,
          hits: score.hits,
          misses: score.misses,
          client_latency_ms: Math.round(res.latency_ms),
        };
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
    rows.push(...results);
  }
  return rows;
}

export interface VersionSummary {
  prompt_version: string;
  requests: number;
  http_200_pct: number;
  mean_quality: number;
  median_quality: number;
  /** Answers that state every expected fact. */
  all_facts_pct: number;
  /** Answers that state none of them. */
  no_facts_pct: number;
  histogram: { bucket: string; count: number }[];
}

const BUCKETS: [string, number, number][] = [
  ["0-19", 0, 20],
  ["20-39", 20, 40],
  ["40-59", 40, 60],
  ["60-79", 60, 80],
  ["80-100", 80, 101],
];

const r1 = (v: number) => Math.round(v * 10) / 10;

/** Per prompt version: HTTP success, mean/median quality, all/none-of-the-facts shares and a 20-point histogram. */
export function summarizeEval(rows: readonly EvalRow[]): VersionSummary[] {
  const versions = [...new Set(rows.map((r) => r.prompt_version))];
  return versions.map((version) => {
    const mine = rows.filter((r) => r.prompt_version === version);
    const scores = mine.map((r) => r.quality_score).sort((a, b) => a - b);
    const n = scores.length;
    const median = percentile(scores, 50) ?? 0;
    const pct = (count: number) => (n === 0 ? 0 : r1((100 * count) / n));
    return {
      prompt_version: version,
      requests: n,
      http_200_pct: pct(mine.filter((r) => r.status === 200).length),
      mean_quality: n === 0 ? 0 : r1(scores.reduce((a, b) => a + b, 0) / n),
      median_quality: r1(median),
      all_facts_pct: pct(scores.filter((s) => s === 100).length),
      no_facts_pct: pct(scores.filter((s) => s === 0).length),
      histogram: BUCKETS.map(([bucket, lo, hi]) => ({
        bucket,
        count: scores.filter((s) => s >= lo && s < hi).length,
      })),
    };
  });
}

/** Side-by-side horizontal HTML bars of each version's histogram (no chart library needed). */
export function histogramHtml(
  summaries: readonly VersionSummary[],
  colors: readonly string[] = ["#ea580c", "#2563eb", "#16a34a"],
): string {
  const max = Math.max(1, ...summaries.flatMap((s) => s.histogram.map((h) => h.count)));
  const rows = BUCKETS.map(([bucket]) => {
    const bars = summaries
      .map((s, i) => {
        const count = s.histogram.find((h) => h.bucket === bucket)?.count ?? 0;
        const width = Math.round((count / max) * 260);
        return `<div style="display:flex;align-items:center;gap:6px;height:16px"><div style="width:${width}px;height:12px;background:${colors[i % colors.length]}"></div><span style="font-size:11px">${s.prompt_version}: ${count}</span></div>`;
      })
      .join("");
    return `<tr><td style="text-align:right;padding-right:8px;font-family:monospace">${bucket}</td><td style="text-align:left">${bars}</td></tr>`;
  }).join("");
  return `<table><caption style="text-align:left">Quality score (facts stated, %) per answer, by prompt version</caption><tbody>${rows}</tbody></table>`;
}
