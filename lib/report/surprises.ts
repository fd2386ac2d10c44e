/**
 * What surprised us: findings of this run that a reader would not predict. Each sentence is
 * written only when the run's numbers bear it out.
 */
import type { ReportData } from "./report-data";
import { evalPair } from "./task1-section";
import { hubName } from "./task4-section";
import { fixed, int, ms, pct, times, usd } from "./units";

export function surprises({ outputs }: ReportData): string {
  const t1 = outputs.task1_gap;
  const t4 = outputs.task4_tracing;
  const t5 = outputs.task5_metrics;
  const t6 = outputs.task6_sampling;
  const found: string[] = [];

  const [e1, e2] = evalPair(t1);
  if (
    e1?.means &&
    e2?.means &&
    e1.summary.mean_quality < e2.summary.mean_quality &&
    e1.means.cost_per_1k_requests_usd > e2.means.cost_per_1k_requests_usd
  ) {
    found.push(
      `**The worse prompt was also the dearer one.** ${t1.single_query.v1.prompt_version} averaged ${fixed(e1.means.mean_completion_tokens, 0)} completion tokens against ${fixed(e2.means.mean_completion_tokens, 0)} ` +
        `and cost ${usd(e1.means.cost_per_1k_requests_usd)} per 1,000 requests against ${usd(e2.means.cost_per_1k_requests_usd)}: padding costs money and facts.`,
    );
  }
  const toy = t6.toy_sampler;
  if (toy.errors_dropped_by_A_pct > 50) {
    found.push(
      `**Random sampling loses what matters.** A one-line \`Math.random()\` sampler dropped ${pct(toy.errors_dropped_by_A_pct)} of errors, and two services sampling independently kept only ${pct(toy.complete_in_both_pct)} of traces complete in both.`,
    );
  }
  const bySize = [...t4.hubs].sort((a, b) => a.wire_bytes - b.wire_bytes);
  if (bySize.length >= 2 && bySize[bySize.length - 1].wire_bytes > 1.2 * bySize[0].wire_bytes) {
    const [small, big] = [bySize[0], bySize[bySize.length - 1]];
    found.push(
      `**The same trace weighs differently per hub.** ${hubName(big.hub)} put ${times(big.wire_bytes, small.wire_bytes)} the bytes of ${hubName(small.hub)} on the wire for the same ${int(t4.requests)} requests.`,
    );
  }
  const p = t5.prometheus;
  const gap = Math.abs(p.p95_latency_ms - p.collector_p95_latency_ms);
  if (p.agree && gap > 0) {
    found.push(
      `**Agreeing numbers can differ.** PromQL's p95 (${ms(p.p95_latency_ms)}) and the exact one (${ms(p.collector_p95_latency_ms)}) are ${ms(gap)} apart yet agree: both lie in one histogram bucket.`,
    );
  }
  return found.length
    ? found.map((f) => `- ${f}`).join("\n")
    : "Nothing in this run contradicted what the design expected.";
}
