/**
 * `npm run eval -- --promote --from <traces.jsonl>`: production traces a user disliked (thumbs
 * down) or the quality proxy scored low become candidate eval cases in a review file. The query
 * and the failing answer are redacted again (idempotent) before they are written; `expected_facts`
 * is left empty on purpose: only an engineer knows what the right answer states, and
 * `EvalQuerySchema` rejects the case until someone fills it in.
 */
import { isFailed } from "../schema";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { packagePath } from "../package-root";
import { redactPii } from "../redact";
import type { FeedbackValue, TraceWithFeedback } from "./trace-source";

export type PromotionReason = "thumbs_down" | "low_quality";

export interface EvalCandidate {
  id: string;
  query: string;
  failing_answer: string;
  /** Empty: for an engineer to fill in before the case joins data/eval/queries.jsonl. */
  expected_facts: string[];
  customer_tier: string;
  reasons: PromotionReason[];
  source: {
    trace_id: string;
    timestamp: string;
    environment: string;
    prompt_version: string;
    model_name: string;
    quality_score: number | null;
    feedback: FeedbackValue | null;
  };
}

export interface PromotionResult {
  candidates: EvalCandidate[];
  /** Traces read. */
  considered: number;
  /** Failing traces whose query was already a candidate (same redacted query, case and spaces ignored). */
  duplicates: number;
  /** Failed requests (trace.error set) are left to the failure-rate alerts: they have no answer to judge. */
  errors_skipped: number;
}

export interface PromoteOptions {
  /** A trace scored below this is a candidate (the contract's `eval_gate.promote_below_quality`). */
  belowQuality: number;
}

const normalize = (query: string) => query.trim().toLowerCase().replace(/\s+/g, " ");

/** Picks and shapes the candidates, worst first (thumbs-down and lowest score). Pure: no I/O. */
export function promoteTraces(
  items: readonly TraceWithFeedback[],
  { belowQuality }: PromoteOptions,
): PromotionResult {
  const seen = new Set<string>();
  const candidates: EvalCandidate[] = [];
  let duplicates = 0;
  let errorsSkipped = 0;
  const reasonsOf = ({ trace, feedback }: TraceWithFeedback): PromotionReason[] => [
    ...(feedback === "down" ? (["thumbs_down"] as const) : []),
    ...(trace.quality_score !== undefined && trace.quality_score < belowQuality
      ? (["low_quality"] as const)
      : []),
  ];
  const failing = items.filter((item) => reasonsOf(item).length > 0);
  const rank = (item: TraceWithFeedback) =>
    (item.feedback === "down" ? -1000 : 0) + (item.trace.quality_score ?? 100);
  for (const item of [...failing].sort(
    (a, b) => rank(a) - rank(b) || a.trace.timestamp.localeCompare(b.trace.timestamp),
  )) {
    const { trace } = item;
    if (isFailed(trace)) {
      errorsSkipped++;
      continue;
    }
    const query = redactPii(trace.input_text);
    const key = normalize(query);
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    candidates.push({
      id: `cand-${trace.trace_id.slice(0, 8)}`,
      query,
      failing_answer: redactPii(trace.output_text),
      expected_facts: [],
      customer_tier: trace.customer_tier,
      reasons: reasonsOf(item),
      source: {
        trace_id: trace.trace_id,
        timestamp: trace.timestamp,
        environment: trace.environment,
        prompt_version: trace.prompt_version,
        model_name: trace.model_name,
        quality_score: trace.quality_score ?? null,
        feedback: item.feedback ?? null,
      },
    });
  }
  return { candidates, considered: items.length, duplicates, errors_skipped: errorsSkipped };
}

/** The package's review file, wherever the process runs (`npm run eval -- --promote` writes it). */
export const DEFAULT_REVIEW_PATH = packagePath("data", "outputs", "eval_candidates.review.jsonl");

/** Writes one candidate a line (JSONL, like the eval set it is meant to join). */
export function writeReviewFile(path: string, candidates: readonly EvalCandidate[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, candidates.map((c) => JSON.stringify(c)).join("\n") + (candidates.length ? "\n" : ""));
}
