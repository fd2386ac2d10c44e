/**
 * Key learnings: LLM observability versus traditional monitoring, each backed by a number this
 * run produced.
 */
import type { ReportData } from "./report-data";
import { evalPair, http200Share } from "./task1-section";
import { environmentSampling } from "./task6-section";
import { fixed, int, ms, ofAll, pct, usd } from "./units";

export function keyLearnings({ outputs }: ReportData): string {
  const t1 = outputs.task1_gap;
  const t4 = outputs.task4_tracing;
  const m = outputs.task5_metrics.metrics;
  const t6 = outputs.task6_sampling;
  const [e1, e2] = evalPair(t1);
  const prod = environmentSampling(t6, "production");
  const items = [
    e1 && e2
      ? `**Success is not a status code.** Across the eval set ${http200Share(e1.summary.http_200_pct, e2.summary.http_200_pct, t1.single_query.v1.prompt_version, t1.single_query.v2.prompt_version)}, ` +
        `yet mean quality was ${fixed(e1.summary.mean_quality, 1)} and ${fixed(e2.summary.mean_quality, 1)} out of 100. Quality has to be measured and tracked per prompt version, which deploys like code but never shows in an error rate.`
      : undefined,
    "**The unit of observation is a tree of steps.** A slow or wrong answer is explained by retrieval scores, tool outcomes and token counts inside the request, so traces carry a span per step.",
    `**The payload is the risk.** LLM traces store prompts, documents and answers, so redaction sits inside the pipeline before every exporter: the backend received ${int(t4.pii_check.raw_values_found)} of the ${int(t4.pii_check.values_checked)} raw sensitive values planted in requests.`,
    m.avg_cost_per_request === null
      ? undefined
      : `**Cost is a per-request metric.** Tokens times price gave ${usd(m.avg_cost_per_request)} per request on average; a prompt or model change moves it overnight, so it gets thresholds and alerts like latency.`,
    m.p50_latency_ms !== null && m.p95_latency_ms !== null && m.p99_latency_ms !== null
      ? `**Tails, not averages.** p95 latency was ${ms(m.p95_latency_ms)} and p99 ${ms(m.p99_latency_ms)} against a p50 of ${ms(m.p50_latency_ms)}: retries, long completions and timeouts make LLM latency long-tailed.`
      : undefined,
    prod
      ? `**Sample by outcome, not uniformly.** Production stored ${pct(prod.kept_pct, 1)} of its traces yet kept ${ofAll(t6.guarantees.errors_kept, t6.guarantees.production_errors)} errors and ` +
        `${ofAll(t6.guarantees.slow_kept, t6.guarantees.production_slow)} slow traces` +
        (t6.guarantees.errors_kept === t6.guarantees.production_errors &&
        t6.guarantees.slow_kept === t6.guarantees.production_slow
          ? ": none of the traces an incident review needs was dropped."
          : ".")
      : undefined,
  ];
  return items
    .filter((i): i is string => i !== undefined)
    .map((i) => `- ${i}`)
    .join("\n");
}
