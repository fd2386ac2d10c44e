/**
 * Sentences that compare numbers, computed from the traces instead of typed into markdown
 * ("X fails most", "failures cluster in Y", "N times the price"). Each claim returns its numbers
 * and the sentence; a difference is called out only when it is larger than chance would give at
 * these counts (a two-proportion z-test at |z| >= 2, about 95%), otherwise the sentence says so.
 */
import type { Trace } from "../schema";
import { breakdown, type BreakdownDimension } from "./breakdown";
import { percentile } from "./percentile";

/** |z| at or above which one slice "stands out" from the rest. */
export const STANDS_OUT_Z = 2;

/** Two-proportion z statistic of k1/n1 against k2/n2 (pooled); 0 when either side is empty or nothing varies. */
export function twoProportionZ(k1: number, n1: number, k2: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 0;
  const pooled = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return se === 0 ? 0 : (k1 / n1 - k2 / n2) / se;
}

const pct = (x: number) => `${x.toFixed(1)}%`;
const code = (s: string) => `\`${s}\``;

export interface ToolFailureClaim {
  tools: { tool: string; calls: number; failures: number; success_rate: number; share_of_failures: number }[];
  /** Lowest success rate. */
  worst: string | null;
  /** Most failed calls (not the same tool as `worst` when call volumes differ). */
  most_failures: string | null;
  /** Whether `worst` fails significantly more than the other tools together. */
  stands_out: boolean;
  z: number;
  sentence: string;
}

/** Which tool fails most, its share of all tool failures, and whether it really stands out. */
export function toolFailureClaim(traces: readonly Trace[]): ToolFailureClaim {
  const byTool = new Map<string, { calls: number; failures: number }>();
  for (const trace of traces) {
    for (const call of trace?.tool_calls ?? []) {
      const entry = byTool.get(call.tool_name) ?? { calls: 0, failures: 0 };
      entry.calls++;
      if (call.success !== true) entry.failures++;
      byTool.set(call.tool_name, entry);
    }
  }
  const totalFailures = [...byTool.values()].reduce((n, t) => n + t.failures, 0);
  const totalCalls = [...byTool.values()].reduce((n, t) => n + t.calls, 0);
  const tools = [...byTool.entries()]
    .map(([tool, t]) => ({
      tool,
      ...t,
      success_rate: (100 * (t.calls - t.failures)) / t.calls,
      share_of_failures: totalFailures ? (100 * t.failures) / totalFailures : 0,
    }))
    .sort((a, b) => a.success_rate - b.success_rate || a.tool.localeCompare(b.tool));
  if (tools.length === 0)
    return {
      tools,
      worst: null,
      most_failures: null,
      stands_out: false,
      z: 0,
      sentence: "No tool calls in this batch.",
    };
  const worst = tools[0];
  const most = [...tools].sort((a, b) => b.failures - a.failures || a.tool.localeCompare(b.tool))[0];
  const z = twoProportionZ(
    worst.failures,
    worst.calls,
    totalFailures - worst.failures,
    totalCalls - worst.calls,
  );
  const standsOut = tools.length > 1 && z >= STANDS_OUT_Z;
  const best = tools[tools.length - 1];
  const restRate = 100 - (100 * (totalFailures - worst.failures)) / (totalCalls - worst.calls);
  const shareText = `${code(most.tool)} carries the largest share of the ${totalFailures} tool failures (${pct(most.share_of_failures)}, over ${most.calls} calls)`;
  const sentence =
    tools.length === 1
      ? `Only ${code(worst.tool)} was called: ${pct(worst.success_rate)} of ${worst.calls} calls succeeded.`
      : standsOut
        ? `${code(worst.tool)} fails most: ${pct(worst.success_rate)} success over ${worst.calls} calls, against ${pct(restRate)} for the other tools together. ${shareText}.`
        : `No tool stands out: the lowest success rate, ${code(worst.tool)}'s ${pct(worst.success_rate)} over ${worst.calls} calls, is within chance of the other tools' ${pct(restRate)}; the highest is ${code(best.tool)}'s ${pct(best.success_rate)}. ${shareText}.`;
  return { tools, worst: worst.tool, most_failures: most.tool, stands_out: standsOut, z, sentence };
}

export interface ClusterClaim {
  dimension: BreakdownDimension;
  slices: { slice: string; traces: number; failures: number; failure_rate: number }[];
  /** The slice with the highest failure rate, when it differs from the rest beyond chance; else null. */
  cluster: string | null;
  z: number;
  sentence: string;
}

const DIMENSION_WORDS: Record<BreakdownDimension, string> = {
  environment: "environment",
  customer_tier: "tier",
  prompt_version: "prompt version",
  model_name: "model",
};

/** Where failures cluster along `dimension`, or "no clear cluster" when the spread is within chance. */
export function failureClusterClaim(traces: readonly Trace[], dimension: BreakdownDimension): ClusterClaim {
  const slices = breakdown(traces, dimension)
    .map((r) => ({
      slice: r.label,
      traces: r.metrics.traces,
      failures: r.metrics.failures,
      failure_rate: r.metrics.failure_rate ?? 0,
    }))
    .sort((a, b) => b.failure_rate - a.failure_rate || a.slice.localeCompare(b.slice));
  const words = DIMENSION_WORDS[dimension];
  if (slices.length < 2)
    return {
      dimension,
      slices,
      cluster: null,
      z: 0,
      sentence: `Only one ${words} in this batch: nothing to compare.`,
    };
  const [top] = slices;
  const low = slices[slices.length - 1];
  const total = slices.reduce(
    (a, s) => ({ traces: a.traces + s.traces, failures: a.failures + s.failures }),
    { traces: 0, failures: 0 },
  );
  const restRate = (100 * (total.failures - top.failures)) / (total.traces - top.traces);
  const z = twoProportionZ(
    top.failures,
    top.traces,
    total.failures - top.failures,
    total.traces - top.traces,
  );
  const cluster = z >= STANDS_OUT_Z ? top.slice : null;
  const sentence = cluster
    ? `Failures cluster in ${words} ${code(top.slice)}: ${pct(top.failure_rate)} (${top.failures} of ${top.traces}) against ${pct(restRate)} for the rest.`
    : `Failures show no clear cluster by ${words}: the highest rate, ${pct(top.failure_rate)} in ${code(top.slice)} (${top.failures} of ${top.traces}), is within chance of the rest's ${pct(restRate)}; the lowest is ${pct(low.failure_rate)} in ${code(low.slice)}.`;
  return { dimension, slices, cluster, z, sentence };
}

export interface CostRatioClaim {
  models: { model: string; avg_cost_per_request: number }[];
  /** Most expensive over cheapest average cost per request; null with fewer than two priced models. */
  ratio: number | null;
  sentence: string;
}

/** How many times the most expensive model's average request costs the cheapest one's, in honest words. */
export function costRatioClaim(traces: readonly Trace[]): CostRatioClaim {
  const models = breakdown(traces, "model_name")
    .filter((r) => r.metrics.avg_cost_per_request !== null && r.metrics.avg_cost_per_request > 0)
    .map((r) => ({ model: r.label, avg_cost_per_request: r.metrics.avg_cost_per_request as number }))
    .sort((a, b) => b.avg_cost_per_request - a.avg_cost_per_request);
  if (models.length < 2)
    return { models, ratio: null, sentence: "Fewer than two priced models: no cost ratio to state." };
  const [dear] = models;
  const cheap = models[models.length - 1];
  const ratio = dear.avg_cost_per_request / cheap.avg_cost_per_request;
  const scale =
    ratio >= 10
      ? "more than an order of magnitude"
      : ratio >= 2
        ? "well short of an order of magnitude"
        : "a modest gap";
  const sentence = `An average ${code(dear.model)} request costs $${dear.avg_cost_per_request.toFixed(5)}, ${ratio.toFixed(1)}× the $${cheap.avg_cost_per_request.toFixed(5)} of ${code(cheap.model)} (${scale}).`;
  return { models, ratio, sentence };
}

export interface QualityGapClaim {
  versions: { prompt_version: string; scored: number; passed: number; pass_rate: number }[];
  worst: string | null;
  best: string | null;
  /** Whether best and worst differ beyond chance. */
  significant: boolean;
  sentence: string;
}

/** The quality proxy's best and worst prompt versions, and whether the gap is real. */
export function qualityGapClaim(
  traces: readonly Trace[],
  options: { qualityPassThreshold?: number } = {},
): QualityGapClaim {
  const versions = breakdown(traces, "prompt_version", { qualityPassThreshold: options.qualityPassThreshold })
    .filter((r) => r.metrics.quality_scored > 0)
    .map((r) => ({
      prompt_version: r.label,
      scored: r.metrics.quality_scored,
      passed: r.metrics.quality_passed,
      pass_rate: r.metrics.quality_proxy_rate as number,
    }))
    .sort((a, b) => a.pass_rate - b.pass_rate || a.prompt_version.localeCompare(b.prompt_version));
  if (versions.length < 2)
    return {
      versions,
      worst: null,
      best: null,
      significant: false,
      sentence: "Fewer than two scored prompt versions: nothing to compare.",
    };
  const worst = versions[0];
  const best = versions[versions.length - 1];
  const significant =
    Math.abs(twoProportionZ(best.passed, best.scored, worst.passed, worst.scored)) >= STANDS_OUT_Z;
  const sentence = `${code(worst.prompt_version)} passes the quality proxy in ${pct(worst.pass_rate)} of ${worst.scored} scored requests, ${code(best.prompt_version)} in ${pct(best.pass_rate)} of ${best.scored}${significant ? "" : ", a gap within chance at these counts"}.`;
  return { versions, worst: worst.prompt_version, best: best.prompt_version, significant, sentence };
}

/** Where the middle half of latencies sits, and how far p95 is from it. */
export function latencyBulkClaim(traces: readonly Trace[]): {
  p25_ms: number | null;
  p75_ms: number | null;
  p95_ms: number | null;
  sentence: string;
} {
  const sorted = traces
    .map((t) => t?.latency_ms)
    .filter((x): x is number => Number.isFinite(x))
    .sort((a, b) => a - b);
  const [p25, p75, p95] = [25, 75, 95].map((p) => percentile(sorted, p));
  if (p25 === null || p75 === null || p95 === null)
    return { p25_ms: null, p75_ms: null, p95_ms: null, sentence: "No latencies in this batch." };
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return {
    p25_ms: p25,
    p75_ms: p75,
    p95_ms: p95,
    sentence: `Half of the ${sorted.length} requests took between ${s(p25)} and ${s(p75)}; p95 is ${s(p95)}, ${(p95 / p75).toFixed(1)}× the upper quartile.`,
  };
}
