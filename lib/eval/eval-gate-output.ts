/**
 * How the eval gate's result is shown and kept: three tables (per question, aggregates, gate
 * checks), one Markdown document, and `data/outputs/eval_gate.{json,md}` for the report.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { markdownTable, type Row } from "../format";
import { displayPath, packagePath } from "../package-root";
import type { EvalGateReport } from "./eval-gate";

export interface EvalGateTables {
  questions: Row[];
  aggregates: Row[];
  checks: Row[];
}

export function evalGateTables(report: EvalGateReport): EvalGateTables {
  const b = report.baseline.prompt_version;
  const c = report.candidate.prompt_version;
  const questions = report.questions.map((q) => ({
    id: q.id,
    topic: q.topic,
    [`quality ${b}`]: q.baseline_quality,
    [`quality ${c}`]: q.candidate_quality,
    difference: q.difference,
    [`output tokens ${b}`]: q.baseline_completion_tokens,
    [`output tokens ${c}`]: q.candidate_completion_tokens,
  }));
  const ci = report.quality_difference;
  const metric = (name: string, base: number | string, cand: number | string, change: number | string) => ({
    metric: name,
    [b]: base,
    [c]: cand,
    "change (candidate − baseline)": change,
  });
  const diff = (x: number, y: number, digits = 1) => Number((y - x).toFixed(digits));
  const a = report.baseline;
  const z = report.candidate;
  const aggregates = [
    metric("questions", a.questions, z.questions, ""),
    metric(
      "HTTP-equivalent success (%)",
      a.http_200_pct,
      z.http_200_pct,
      diff(a.http_200_pct, z.http_200_pct),
    ),
    metric(
      "mean quality (0–100)",
      a.mean_quality,
      z.mean_quality,
      `${ci.mean} (${ci.confidence * 100}% CI ${ci.lo} to ${ci.hi}, paired bootstrap)`,
    ),
    metric(
      `pass rate (score ≥ ${report.gate.quality_pass_threshold}, %)`,
      a.pass_rate,
      z.pass_rate,
      diff(a.pass_rate, z.pass_rate),
    ),
    metric(
      "questions better / worse / same",
      "",
      "",
      `${report.better} / ${report.worse} / ${report.same} (sign test p = ${report.sign_test_p})`,
    ),
    metric("p50 latency (ms)", a.p50_latency_ms, z.p50_latency_ms, diff(a.p50_latency_ms, z.p50_latency_ms)),
    metric("p95 latency (ms)", a.p95_latency_ms, z.p95_latency_ms, diff(a.p95_latency_ms, z.p95_latency_ms)),
    metric(
      "mean prompt tokens",
      a.mean_prompt_tokens,
      z.mean_prompt_tokens,
      diff(a.mean_prompt_tokens, z.mean_prompt_tokens),
    ),
    metric(
      "mean output tokens",
      a.mean_completion_tokens,
      z.mean_completion_tokens,
      diff(a.mean_completion_tokens, z.mean_completion_tokens),
    ),
    metric("total tokens", a.total_tokens, z.total_tokens, z.total_tokens - a.total_tokens),
    metric(
      "cost per request (USD)",
      a.cost_per_request_usd,
      z.cost_per_request_usd,
      Number((z.cost_per_request_usd - a.cost_per_request_usd).toPrecision(3)),
    ),
    metric(
      "total cost (USD)",
      a.total_cost_usd,
      z.total_cost_usd,
      Number((z.total_cost_usd - a.total_cost_usd).toPrecision(3)),
    ),
  ];
  const checks = report.checks.map((k) => ({
    check: k.check,
    [b]: k.baseline,
    [c]: k.candidate,
    change: k.change,
    tolerance: k.tolerance,
    verdict: k.regressed ? "REGRESSED" : "ok",
  }));
  return { questions, aggregates, checks };
}

export function evalGateMarkdown(report: EvalGateReport): string {
  const t = evalGateTables(report);
  return [
    `# Eval gate: candidate ${report.candidate.prompt_version} vs baseline ${report.baseline.prompt_version}`,
    "",
    `${report.eval_set.queries} questions from \`${report.eval_set.path}\`; LLM ${report.llm}; tool latency scale ${report.time_scale}; prices from table ${report.price_table_version}.`,
    "",
    "## Per question",
    "",
    markdownTable(t.questions),
    "",
    "## Aggregates",
    "",
    markdownTable(t.aggregates, undefined, { digits: 6 }),
    "",
    "## Gate (tolerances from observability_contract.json `eval_gate`)",
    "",
    markdownTable(t.checks, undefined, { digits: 6 }),
    "",
    `**${report.verdict.split("\n")[0]}**`,
    ...report.verdict.split("\n").slice(1),
    "",
  ].join("\n");
}

/** The package's data/outputs, wherever the process runs. */
/** Which side of zero an interval on a difference lies. */
const sideOfZero = (lo: number, hi: number) =>
  hi < 0 ? "entirely below zero" : lo > 0 ? "entirely above zero" : "which includes zero";

/**
 * The gate's verdict in words, every number from its report; `reverse` is the same answers judged
 * with the roles swapped (compareEvalRuns(candidate rows, baseline rows)), which needs no new requests.
 */
export function evalGateVerdict(report: EvalGateReport, reverse: { regressed: boolean }): string {
  const ci = report.quality_difference;
  const { baseline: b, candidate: c, requested } = report;
  const failed = report.checks.filter((x) => x.regressed).map((x) => x.check);
  const swapped = reverse.regressed
    ? `would ${report.regressed ? "also " : ""}fail`
    : `${report.regressed ? "" : "also "}pass the gate`;
  return (
    `The gate ${report.regressed ? "**fails**" : "passes"} the candidate: \`npm run eval -- --baseline ${requested.baseline} --candidate ${requested.candidate}\` exits **${report.exit_code}**. ` +
    `Mean quality goes from ${b.mean_quality} (${b.prompt_version}) to ${c.mean_quality} (${c.prompt_version}), a change of ${ci.mean} points with a ${ci.confidence * 100}% paired-bootstrap interval of [${ci.lo}, ${ci.hi}], ${sideOfZero(ci.lo, ci.hi)}; ` +
    `${report.worse} of ${report.questions.length} questions got worse and ${report.better} better (exact sign test p = ${report.sign_test_p}). ` +
    `The checks that regressed: ${failed.join(", ") || "none"}. The pass rate moved from ${b.pass_rate}% to ${c.pass_rate}% and the cost per request from $${b.cost_per_request_usd} to $${c.cost_per_request_usd}. ` +
    `With the roles swapped (${c.prompt_version} in production, ${b.prompt_version} proposed) the same answers ${swapped}, so \`--baseline ${requested.candidate} --candidate ${requested.baseline}\` exits ${reverse.regressed ? 1 : 0}. ` +
    `The LLM calls were ${report.llm.replace(/\.$/, "")}.`
  );
}

export const DEFAULT_EVAL_GATE_DIR = packagePath("data", "outputs");

/** Writes `<outDir>/eval_gate.json` and `.md` (default the package's `data/outputs/`); returns their paths as `displayPath` shows them. */
export function writeEvalGateOutputs(
  report: EvalGateReport,
  { outDir = DEFAULT_EVAL_GATE_DIR, name = "eval_gate" }: { outDir?: string; name?: string } = {},
): { json: string; markdown: string } {
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${name}.json`);
  const markdown = join(dir, `${name}.md`);
  // The raw rows stay out: the per-question table already pairs them, and the file is for people and the report.
  const { rows: _rows, ...kept } = report;
  writeFileSync(json, JSON.stringify({ written_at: new Date().toISOString(), ...kept }, null, 2) + "\n");
  writeFileSync(markdown, evalGateMarkdown(report));
  return { json: displayPath(json), markdown: displayPath(markdown) };
}
