/** Trade-offs, risks and limitations of the design, each bounded by a number from the run where one exists. */
import type { ReportData } from "./report-data";
import { fractionPct, int, ms, ofAll, pct } from "./units";

export function risksAndLimitations({ outputs, contract }: ReportData): string {
  const t1 = outputs.task1_gap;
  const t3 = outputs.task3_redaction;
  const t5 = outputs.task5_metrics;
  const t6 = outputs.task6_sampling;
  const prod = contract.sampling.production;
  const bucket = t5.prometheus.p95_bucket_ms;
  const scored = t5.metrics.quality_scored;
  const simulated = t1.single_query.v1.simulated && t1.single_query.v2.simulated;
  const items = [
    `**Sampling trades detail for cost.** Production keeps every error and every trace over ${prod.latency_threshold_ms === null ? "the slow threshold" : ms(prod.latency_threshold_ms)}, ` +
      `but only ${fractionPct(prod.rate, 0)} of ordinary traces (${t6.production_rate_check.achieved_rate_pct === null ? "not measured" : pct(t6.production_rate_check.achieved_rate_pct, 2)} achieved). ` +
      "A worse answer that raises no error and stays fast is seen in that sample only; rates and percentiles stay unbiased, single conversations may be missing.",
    `**The quality proxy is narrow.** It matches expected facts, so only questions with known facts are scored (${int(scored)} of ${int(t5.metrics.traces)} synthetic traces), ` +
      "and it judges facts, not tone or helpfulness: a regression alarm, not a grade, to complement with user feedback and reviewed evals.",
    `**Redaction is pattern-based.** It was right on ${ofAll(t3.library_correct, t3.probes)} probes, but names, postal addresses and free-text account details have no pattern; ` +
      "so hubs should receive only the fields they need. Raw text is gone when debugging; HMAC'd user ids keep per-user joins.",
    `**PromQL sees buckets.** Prometheus's p95 is only known to its histogram bucket, here ${ms(bucket.upper - bucket.lower)} wide; alerts near a threshold need finer buckets there.`,
    simulated
      ? "**Simulated parts.** The LLM and the trace hubs were emulated, so latencies, failure rates and the quality gap describe this workbook, not a provider."
      : "**Simulated parts.** The synthetic traces of Tasks 5 and 6 are generated; the live requests used the real LLM API.",
    "**Three exporters, one record.** Each hub is a small adapter over one redacted record and OTLP is the portable path; the price is three wire formats to keep in step with their servers.",
  ];
  return items.map((i) => `- ${i}`).join("\n");
}
