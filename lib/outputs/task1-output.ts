/**
 * `data/outputs/task1_gap.json`, written by notebook 01: one question through two prompt
 * versions, then the eval set. Request and eval rows come from lib/rag (requestSignals,
 * summarizeEval, meanSignals); only the fields the report reads are declared for them.
 */
import { z } from "zod";

const nonNegative = z.number().finite().nonnegative();

/** One `/ask` request: its HTTP status, quality score and the signals of its trace record. */
export const Task1RequestSchema = z.object({
  http_status: z.number().int(),
  quality_score: z.number().finite(),
  prompt_version: z.string(),
  model: z.string(),
  /** True when the embedded simulator answered. */
  simulated: z.boolean(),
  top_retrieval_score: z.number().finite(),
  /** The retrieved documents and their relevance scores, in rank order. */
  retrieved_sources: z.array(z.string()),
  retrieval_scores: z.array(z.number().finite()),
  prompt_tokens: nonNegative,
  completion_tokens: nonNegative,
  cost_usd: nonNegative,
  /** "none", or e.g. "lookup_order: ok (92 ms)". */
  tool_outcome: z.string(),
  /** Null when no stream started (a failed call). */
  ttft_ms: nonNegative.nullable(),
  total_ms: nonNegative,
});

export const Task1OutputSchema = z.object({
  /** The LLM client's plain notice, e.g. "answered by the embedded simulator (no OPENAI_API_KEY)". */
  llm: z.string(),
  /** The simulator's seed (absent in outputs written before it was recorded). */
  seed: z.number().int().optional(),
  query_id: z.string(),
  /** A fact is a phrase, or a list of phrases any one of which counts (lib/rag/eval-set.ts). */
  expected_facts: z.array(z.union([z.string(), z.array(z.string())])),
  single_query: z.object({ v1: Task1RequestSchema, v2: Task1RequestSchema }),
  eval_set: z.object({
    queries: z.number().int().nonnegative(),
    /** One row per prompt version (summarizeEval). */
    summary: z.array(
      z.object({
        prompt_version: z.string(),
        requests: z.number().int().nonnegative(),
        http_200_pct: nonNegative,
        mean_quality: z.number().finite(),
        all_facts_pct: nonNegative,
        no_facts_pct: nonNegative,
      }),
    ),
    /** One row per prompt version (meanSignals). */
    signal_means: z.array(
      z.object({
        prompt_version: z.string(),
        mean_completion_tokens: nonNegative,
        cost_per_1k_requests_usd: nonNegative,
        mean_decode_ms: nonNegative,
        mean_total_ms: nonNegative,
      }),
    ),
  }),
  /** The eval gate of notebook 01 (v2 baseline, v1 candidate); the full report is data/outputs/eval_gate.json. */
  eval_gate: z
    .object({
      baseline: z.string(),
      candidate: z.string(),
      exit_code: z.number().int(),
      regressions: z.array(z.string()),
      baseline_mean_quality: z.number().finite(),
      candidate_mean_quality: z.number().finite(),
      /** Paired bootstrap interval on the mean quality difference (candidate − baseline). */
      quality_difference: z.object({
        mean: z.number().finite(),
        lo: z.number().finite(),
        hi: z.number().finite(),
        confidence: z.number().finite(),
      }),
      worse: z.number().int().nonnegative(),
      better: z.number().int().nonnegative(),
      questions: z.number().int().nonnegative(),
      sign_test_p: z.number().finite(),
      /** Whether the same answers with the roles swapped (v1 baseline, v2 candidate) would regress. */
      reverse_regressed: z.boolean(),
    })
    .optional(),
});

export type Task1Output = z.input<typeof Task1OutputSchema>;
