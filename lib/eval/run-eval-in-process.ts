/**
 * Runs the eval set through the bot in-process: `answer()` with the configured `openai` client
 * (the embedded simulator without a key), one prompt version at a time. Each answered request
 * becomes an `EvalRow` (the same row `runEval` builds over HTTP) plus what the gate compares:
 * latency, tokens and cost. Each record also goes to the given sinks carrying its score, so a
 * configured trace hub receives the eval traces with their quality attached: on the trace
 * (`quality_score`, an `eval_score` event) and, through a feedback sink among `sinks`, as the
 * hub's own score (a Langfuse `eval_quality` score, a LangSmith `eval_quality` feedback).
 */
import type OpenAI from "openai";
import type { Contract } from "../contract";
import { scoreResponse } from "../quality";
import type { PipelineEvent, RecordSink } from "../record";
import { answer } from "../rag/answer";
import { createDefaultTools } from "../rag/defaults";
import type { EvalRow } from "../rag/eval-run";
import type { EvalQuery } from "../rag/eval-set";
import type { SupportTool } from "../rag/tools/support-tool";
import { isFeedbackSink } from "../tracing/feedback-sink";

/** The Langfuse score name and LangSmith feedback key of an eval trace's quality (NUMERIC, 0-100). */
export const EVAL_QUALITY_SCORE = "eval_quality";

export interface EvalCaseRow extends EvalRow {
  /** Server-side latency of the whole request (retrieval, tool, LLM), ms. */
  latency_ms: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  /** The failure type when the LLM call failed after the SDK's retries. */
  error: string | null;
}

export interface RunEvalInProcessOptions {
  llm: OpenAI;
  /** The contract each eval trace's name and tags follow. */
  contract: Contract;
  queries: readonly EvalQuery[];
  promptVersion: string;
  /** Requests in flight at once (default 4). Rows come back in eval-set order whatever the concurrency. */
  concurrency?: number;
  /** Seed and time scale of the tools (the simulator's are set on `llm`). */
  seed?: number;
  timeScale?: number;
  /** Default: a fresh default tool set per run, so every version meets the same tool outcomes in the same order. */
  tools?: readonly SupportTool[];
  /** Where each eval record goes (trace hubs, a memory sink); each carries its `quality_score` and an `eval_score` event. A feedback sink here also gets each trace's `eval_quality` score. */
  sinks?: readonly RecordSink[];
  userIdHashKey?: string;
  release?: string;
  /** Label stamped on each record's `eval_score` event, e.g. "baseline" or "candidate". */
  role?: string;
}

/** One row per query, in eval-set order. Never throws for an LLM failure: the row gets status 502/503 and score 0. */
export async function runEvalInProcess(options: RunEvalInProcessOptions): Promise<EvalCaseRow[]> {
  const { llm, queries, promptVersion, concurrency = 4, sinks = [] } = options;
  const tools = options.tools ?? createDefaultTools({ seed: options.seed, timeScale: options.timeScale });
  const rows: EvalCaseRow[] = new Array(queries.length);
  let next = 0;
  const worker = async () => {
    while (next < queries.length) {
      const i = next++;
      const q = queries[i];
      const outcome = await answer(q.query, {
        llm,
        contract: options.contract,
        promptVersion,
        userId: q.user_id,
        customerTier: q.customer_tier,
        expectedFacts: q.expected_facts,
        tools,
        userIdHashKey: options.userIdHashKey,
        release: options.release,
        environment: "dev",
      });
      const { trace, generation } = outcome;
      // A failed call answered nothing the user could use: it scores 0, as it does over HTTP.
      const score = outcome.failure
        ? { score: 0, hits: [], misses: q.expected_facts.map(String) }
        : scoreResponse(trace.output_text, q.expected_facts);
      rows[i] = {
        id: q.id,
        topic: q.topic ?? "",
        prompt_version: trace.prompt_version,
        status: outcome.failure?.status ?? 200,
        trace_id: trace.trace_id,
        quality_score: score.score,
        hits: score.hits,
        misses: score.misses,
        client_latency_ms: Math.round(trace.latency_ms),
        latency_ms: trace.latency_ms,
        prompt_tokens: trace.prompt_tokens ?? 0,
        completion_tokens: trace.completion_tokens ?? 0,
        cost_usd: generation.cost_usd.total,
        error: outcome.failure?.type ?? null,
      };
      if (sinks.length) {
        const event: PipelineEvent = {
          name: "eval_score",
          at: new Date().toISOString(),
          level: "DEFAULT",
          detail: {
            eval_id: q.id,
            quality_score: score.score,
            facts_expected: q.expected_facts.length,
            facts_stated: score.hits.length,
            ...(options.role ? { role: options.role } : {}),
          },
        };
        const record = {
          ...outcome,
          trace: { ...trace, quality_score: score.score },
          events: [...outcome.events, event],
        };
        for (const sink of sinks) {
          sink.record(record);
          if (isFeedbackSink(sink))
            sink.score({
              trace_id: trace.trace_id,
              name: { langfuse: EVAL_QUALITY_SCORE, langsmith: EVAL_QUALITY_SCORE },
              data_type: "NUMERIC",
              value: score.score,
              metadata: { ...event.detail, prompt_version: trace.prompt_version },
            });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return rows;
}
