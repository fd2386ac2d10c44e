/**
 * The bot's own overhead, with the LLM's simulated waits at zero: retrieval per query, quality
 * scoring per answer, and a whole `answer()` (retrieval, tool, SDK call through the simulator,
 * redaction, schema check). Targets keep the pipeline negligible next to a real LLM call (~1 s).
 */
import { loadContract } from "../../contract";
import { createLlmClient } from "../../llm/create-llm-client";
import { scoreResponse } from "../../quality";
import { answer } from "../../rag/answer";
import { createDefaultTools, defaultRetriever } from "../../rag/defaults";
import { loadEvalSet } from "../../rag/eval-set";
import type { BenchResult } from "./index";

const time = async (runs: number, fn: (i: number) => unknown) => {
  const start = performance.now();
  for (let i = 0; i < runs; i++) await fn(i);
  return (performance.now() - start) / runs;
};

export default async function bench(): Promise<BenchResult[]> {
  const { queries } = loadEvalSet();
  const retriever = defaultRetriever();
  const llm = createLlmClient({ simulator: { timeScale: 0 } });
  const contract = loadContract();
  const tools = createDefaultTools({ timeScale: 0, failureRate: 0 });
  const answerText =
    "Annual plans can be refunded in full within 30 days of purchase. Approved refunds go back to the original payment method within 5-10 business days. ".repeat(
      4,
    );

  await time(20, (i) => answer(queries[i % queries.length].query, { llm, contract, tools })); // warm-up
  const retrievalMs = await time(2000, (i) => retriever.search(queries[i % queries.length].query, 3));
  const scoreMs = await time(2000, (i) =>
    scoreResponse(answerText, queries[i % queries.length].expected_facts),
  );
  const answerMs = await time(200, (i) =>
    answer(queries[i % queries.length].query, { llm, contract, tools, promptVersion: i % 2 ? "v1" : "v2" }),
  );
  return [
    {
      name: "BM25 retrieval, top 3 of the knowledge base",
      value: retrievalMs,
      unit: "ms/query",
      target: "<= 1 ms",
      ok: retrievalMs <= 1,
    },
    {
      name: "scoreResponse on a 4-sentence answer",
      value: scoreMs,
      unit: "ms/answer",
      target: "<= 1 ms",
      ok: scoreMs <= 1,
    },
    {
      name: "answer() end to end, simulator at timeScale 0",
      value: answerMs,
      unit: "ms/request",
      target: "<= 25 ms",
      ok: answerMs <= 25,
      note: "pipeline overhead only: retrieval, tool, SDK, redaction, schema",
    },
  ];
}
