/**
 * The eval gate's judgement: baseline and candidate rows on the same questions, paired by id,
 * become a per-question table, each version's aggregates (mean quality, pass rate, p95 latency,
 * tokens, cost) and one check per gated metric against the contract's `eval_gate` tolerances.
 */
import { percentile } from "../collector/percentile";
import type { EvalGateSection } from "../contract/eval-gate-section";
import { PRICE_TABLE_VERSION } from "../pricing";
import type { EvalCaseRow } from "./run-eval-in-process";
import { pairedBootstrap, type BootstrapInterval } from "./paired-bootstrap";
import { signTestP } from "./sign-test";

export interface VersionAggregate {
  prompt_version: string;
  questions: number;
  http_200_pct: number;
  mean_quality: number;
  /** Share of answers scoring at least the gate's `quality_pass_threshold`, %. */
  pass_rate: number;
  p50_latency_ms: number;
  p95_latency_ms: number;
  mean_prompt_tokens: number;
  mean_completion_tokens: number;
  total_tokens: number;
  cost_per_request_usd: number;
  total_cost_usd: number;
}

export interface QuestionComparison {
  id: string;
  topic: string;
  baseline_quality: number;
  candidate_quality: number;
  /** candidate − baseline, quality points. */
  difference: number;
  baseline_completion_tokens: number;
  candidate_completion_tokens: number;
  baseline_latency_ms: number;
  candidate_latency_ms: number;
}

export type GateCheckName = "mean_quality" | "pass_rate" | "p95_latency_ms" | "cost_per_request_usd";

export interface GateCheck {
  check: GateCheckName;
  baseline: number;
  candidate: number;
  /** candidate − baseline, in the metric's unit. */
  change: number;
  /** When this check fails, from the contract's tolerances, in words. */
  tolerance: string;
  regressed: boolean;
}

export interface EvalComparison {
  baseline: VersionAggregate;
  candidate: VersionAggregate;
  questions: QuestionComparison[];
  /** Paired bootstrap interval on mean quality (candidate − baseline). */
  quality_difference: BootstrapInterval;
  /** Questions the candidate answered better, worse, or the same (a sign test's counts). */
  better: number;
  worse: number;
  same: number;
  /** Exact two-sided sign-test p-value of better vs worse (ties left out). */
  sign_test_p: number;
  checks: GateCheck[];
  regressed: boolean;
  /** One line per regressed check, naming the metric and the numbers. */
  regressions: string[];
  price_table_version: string;
}

export class EvalPairingError extends Error {
  override name = "EvalPairingError";
}

const round = (value: number, digits = 1) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
const mean = (values: readonly number[]) =>
  values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0;

/** Aggregates of one version's rows; latency percentiles use the collector's definition. */
export function aggregateRows(rows: readonly EvalCaseRow[], passThreshold: number): VersionAggregate {
  const n = rows.length;
  const latencies = Float64Array.from(rows.map((r) => r.latency_ms)).sort();
  const cost = rows.reduce((s, r) => s + r.cost_usd, 0);
  return {
    prompt_version: rows[0]?.prompt_version ?? "",
    questions: n,
    http_200_pct: n ? round((100 * rows.filter((r) => r.status === 200).length) / n) : 0,
    mean_quality: round(mean(rows.map((r) => r.quality_score))),
    pass_rate: n ? round((100 * rows.filter((r) => r.quality_score >= passThreshold).length) / n) : 0,
    p50_latency_ms: round(percentile(latencies, 50) ?? 0),
    p95_latency_ms: round(percentile(latencies, 95) ?? 0),
    mean_prompt_tokens: round(mean(rows.map((r) => r.prompt_tokens))),
    mean_completion_tokens: round(mean(rows.map((r) => r.completion_tokens))),
    total_tokens: rows.reduce((s, r) => s + r.prompt_tokens + r.completion_tokens, 0),
    cost_per_request_usd: n ? Number((cost / n).toPrecision(4)) : 0,
    total_cost_usd: Number(cost.toPrecision(4)),
  };
}

/** Compares two runs over the same questions. Throws `EvalPairingError` if the question ids differ. */
export function compareEvalRuns(
  baselineRows: readonly EvalCaseRow[],
  candidateRows: readonly EvalCaseRow[],
  gate: EvalGateSection,
): EvalComparison {
  const byId = new Map(candidateRows.map((r) => [r.id, r]));
  const unpaired = [
    ...baselineRows.filter((r) => !byId.has(r.id)).map((r) => r.id),
    ...candidateRows.filter((r) => !baselineRows.some((b) => b.id === r.id)).map((r) => r.id),
  ];
  if (unpaired.length || baselineRows.length !== candidateRows.length) {
    throw new EvalPairingError(
      `baseline and candidate must answer the same questions; unpaired ids: ${unpaired.join(", ") || "(duplicates)"}`,
    );
  }
  const questions: QuestionComparison[] = baselineRows.map((b) => {
    const c = byId.get(b.id)!;
    return {
      id: b.id,
      topic: b.topic,
      baseline_quality: b.quality_score,
      candidate_quality: c.quality_score,
      difference: round(c.quality_score - b.quality_score),
      baseline_completion_tokens: b.completion_tokens,
      candidate_completion_tokens: c.completion_tokens,
      baseline_latency_ms: round(b.latency_ms),
      candidate_latency_ms: round(c.latency_ms),
    };
  });
  const baseline = aggregateRows(baselineRows, gate.quality_pass_threshold);
  const candidate = aggregateRows(candidateRows, gate.quality_pass_threshold);
  const interval = pairedBootstrap(
    questions.map((q) => q.candidate_quality - q.baseline_quality),
    gate.bootstrap,
  );
  const quality_difference = {
    ...interval,
    mean: round(interval.mean, 2),
    lo: round(interval.lo, 2),
    hi: round(interval.hi, 2),
  };

  const pctChange = (from: number, to: number) =>
    from === 0 ? (to === 0 ? 0 : Infinity) : (100 * (to - from)) / from;
  const latencyChange = candidate.p95_latency_ms - baseline.p95_latency_ms;
  const costChange = candidate.cost_per_request_usd - baseline.cost_per_request_usd;
  const checks: GateCheck[] = [
    {
      check: "mean_quality",
      baseline: baseline.mean_quality,
      candidate: candidate.mean_quality,
      change: round(candidate.mean_quality - baseline.mean_quality),
      tolerance: `fails if down more than ${gate.max_mean_quality_drop} points with the ${gate.bootstrap.confidence * 100}% CI below 0`,
      regressed: interval.mean < -gate.max_mean_quality_drop && interval.hi < 0,
    },
    {
      check: "pass_rate",
      baseline: baseline.pass_rate,
      candidate: candidate.pass_rate,
      change: round(candidate.pass_rate - baseline.pass_rate),
      tolerance: `fails if down more than ${gate.max_pass_rate_drop} points`,
      regressed: candidate.pass_rate - baseline.pass_rate < -gate.max_pass_rate_drop,
    },
    {
      check: "p95_latency_ms",
      baseline: baseline.p95_latency_ms,
      candidate: candidate.p95_latency_ms,
      change: round(latencyChange),
      tolerance: `fails if up more than ${gate.max_p95_latency_increase_pct}% and at least ${gate.min_p95_latency_increase_ms} ms`,
      regressed:
        pctChange(baseline.p95_latency_ms, candidate.p95_latency_ms) > gate.max_p95_latency_increase_pct &&
        latencyChange >= gate.min_p95_latency_increase_ms,
    },
    {
      check: "cost_per_request_usd",
      baseline: baseline.cost_per_request_usd,
      candidate: candidate.cost_per_request_usd,
      change: Number(costChange.toPrecision(3)),
      tolerance: `fails if up more than ${gate.max_cost_increase_pct}%`,
      regressed:
        pctChange(baseline.cost_per_request_usd, candidate.cost_per_request_usd) > gate.max_cost_increase_pct,
    },
  ];
  const better = questions.filter((q) => q.difference > 0).length;
  const worse = questions.filter((q) => q.difference < 0).length;
  const regressions = checks
    .filter((c) => c.regressed)
    .map((c) => describeRegression(c, baseline, candidate, quality_difference));
  return {
    baseline,
    candidate,
    questions,
    quality_difference,
    better,
    worse,
    same: questions.length - better - worse,
    sign_test_p: Number(signTestP(better, worse).toPrecision(3)),
    checks,
    regressed: regressions.length > 0,
    regressions,
    price_table_version: PRICE_TABLE_VERSION,
  };
}

function describeRegression(
  c: GateCheck,
  baseline: VersionAggregate,
  candidate: VersionAggregate,
  ci: BootstrapInterval,
): string {
  const who = `${candidate.prompt_version} vs ${baseline.prompt_version}`;
  switch (c.check) {
    case "mean_quality":
      return `mean quality ${c.candidate} vs ${c.baseline} (${who}): ${c.change} points, ${ci.confidence * 100}% CI [${ci.lo}, ${ci.hi}]; ${c.tolerance}`;
    case "pass_rate":
      return `pass rate ${c.candidate}% vs ${c.baseline}% (${who}): ${c.change} points; ${c.tolerance}`;
    case "p95_latency_ms":
      return `p95 latency ${c.candidate} ms vs ${c.baseline} ms (${who}): +${c.change} ms; ${c.tolerance}`;
    case "cost_per_request_usd":
      return `cost per request $${c.candidate} vs $${c.baseline} (${who}): +${Math.round((100 * c.change) / c.baseline)}%; ${c.tolerance}`;
  }
}
