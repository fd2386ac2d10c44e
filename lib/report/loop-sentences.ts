/**
 * The production loop in the report, one sentence per step, each computed from the run's outputs:
 * the eval gate (notebook 01), feedback joined to traces (04), SLO burn rates and drift (05).
 * A step whose output is absent says nothing rather than something typed.
 */
import type { Task1Output } from "../outputs/task1-output";
import type { Task4Output } from "../outputs/task4-output";
import type { Task5Output } from "../outputs/task5-output";
import type { Task5DriftOutput } from "../outputs/task5-drift-output";
import { code, fixed, int, ofAll, pct } from "./units";

export function evalGateSentence(data: Task1Output): string {
  const g = data.eval_gate;
  if (!g) return "";
  const d = g.quality_difference;
  const verdict =
    g.exit_code === 1
      ? `fails it (exit 1: ${g.regressions.length} regressed check${g.regressions.length === 1 ? "" : "s"})`
      : "passes it (exit 0)";
  return (
    ` **Eval gate.** With ${g.baseline} in production and ${g.candidate} proposed, ${code(`npm run eval -- --baseline ${g.baseline} --candidate ${g.candidate}`)} ${verdict}: mean quality ${fixed(g.baseline_mean_quality, 1)} → ${fixed(g.candidate_mean_quality, 1)}, ` +
    `a paired-bootstrap ${fixed(d.confidence * 100, 0)}% interval on the difference of [${fixed(d.lo, 1)}, ${fixed(d.hi, 1)}]; ${ofAll(g.worse, g.questions)} questions got worse and ${int(g.better)} better. ` +
    `With the roles swapped the same answers ${g.reverse_regressed ? "also fail" : "pass"}.`
  );
}

export function feedbackSentence(data: Task4Output): string {
  const f = data.feedback;
  if (!f) return "";
  return (
    ` **Feedback.** ${int(f.requests)} ${code("POST /feedback")} calls: ${int(f.accepted)} accepted (${int(f.known)} on traces this service issued, ${int(f.unknown)} on an id it never issued), the rest rejected with 400 naming the field. ` +
    `The thumbs-down arrived as Langfuse score ${code(f.langfuse_score)} and LangSmith feedback ${code(f.langsmith_feedback)} on the same trace id; ${ofAll(f.raw_values_found, f.planted_values)} values planted in its comment reached the backend, and the feedback sink lost ${int(f.lost + f.dropped)}.` +
    (f.promotion
      ? ` From the local trace store (${int(f.promotion.store_traces)} traces of this run, ${int(f.promotion.with_feedback)} with feedback), ${code("--promote")} made ${int(f.promotion.candidates)} candidate eval case${f.promotion.candidates === 1 ? "" : "s"} (${int(f.promotion.thumbs_down)} from a thumbs-down, ${int(f.promotion.low_quality)} from low quality), each with empty expected facts for review.`
      : "")
  );
}

export function sloSentence(data: Task5Output): string {
  const slos = data.slos;
  if (!slos?.length) return "";
  const burning = slos.filter((s) => s.burn_rate !== null && s.burn_rate > 1);
  const list = slos
    .map(
      (s) =>
        `${s.slo} ${s.sli_percent === null ? "n/a" : pct(s.sli_percent, 2)} against ${pct(s.objective_percent, 0)} (burn ${s.burn_rate === null ? "n/a" : fixed(s.burn_rate, 2)}×)`,
    )
    .join(", ");
  const tests = data.slo_rule_tests;
  const alerts = data.slo_burn_alerts?.length ?? 0;
  return (
    ` **SLOs.** On the synthetic batch: ${list}; ${burning.length === 0 ? "no SLO spends its budget faster than the window allows" : `${burning.map((s) => s.slo).join(" and ")} spend${burning.length === 1 ? "s" : ""} budget faster than the window allows`}. ` +
    `${int(alerts)} multiwindow burn-rate alerts are generated from the contract` +
    (tests
      ? `, and ${code("promtool test rules")} ${tests.ok ? "passes" : "fails"} on ${int(tests.scenarios)} synthetic series (each alert fires on a burn and stays quiet when healthy).`
      : ".")
  );
}

export function driftSentence(data: Task5DriftOutput | undefined): string {
  if (!data?.change || !data.around_change) return "";
  const { before, after } = data.around_change;
  return ` **Drift.** In ${int(data.weeks.length)} seeded weeks with a prompt and retrieval change on ${data.change.at.slice(0, 10)}, the detector (PSI and KS on relevance and output tokens, quality by week) flagged ${ofAll(after.flagged, after.weeks)} weeks from the change on and ${ofAll(before.flagged, before.weeks)} stable weeks before it.`;
}
