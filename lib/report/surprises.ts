/**
 * What surprised us: findings of this run that a reader would not predict. Each sentence is
 * written only when the run's numbers bear it out.
 */
import type { ReportData } from "./report-data";
import { hubName } from "./task4-section";
import { int, ms, pct, times } from "./units";

export function surprises({ outputs }: ReportData): string {
  const t4 = outputs.task4_tracing;
  const t5 = outputs.task5_metrics;
  const t6 = outputs.task6_sampling;
  const found: string[] = [];

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
