/**
 * The production loop in the report, one sentence per step, each computed from the run's outputs:
 * the eval gate (notebook 01), feedback joined to traces (04), SLO burn rates and drift (05).
 * A step whose output is absent says nothing rather than something typed.
 */
import type { Task1Output } from "../outputs/task1-output";
import type { Task4Output } from "../outputs/task4-output";
import type { Task5Output } from "../outputs/task5-output";
import type { Task5DriftOutput } from "../outputs/task5-drift-output";
import { capitalised } from "../format";
import { code, fixed, int, listed, ofAll } from "./units";

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
    `With the roles swapped the same answers ${g.reverse_regressed === (g.exit_code === 1) ? "also " : ""}${g.reverse_regressed ? "fail" : "pass"}.`
  );
}

export function feedbackSentence(data: Task4Output): string {
  const f = data.feedback;
  if (!f) return "";
  const p = f.promotion;
  const promoted = p
    ? `; ${code("--promote")} turned this run's ${int(p.store_traces)} stored traces into ${int(p.candidates)} candidate eval case${p.candidates === 1 ? "" : "s"} (${int(p.thumbs_down)} from a thumbs-down, ${int(p.low_quality)} from low quality)`
    : "";
  return (
    ` **Feedback.** Of ${int(f.requests)} ${code("POST /feedback")} calls, ${int(f.accepted)} were accepted (${int(f.unknown)} on an id the service never issued) and ${int(f.requests - f.accepted)} rejected. ` +
    `The thumbs-down became Langfuse score ${code(f.langfuse_score)} and LangSmith feedback ${code(f.langsmith_feedback)} on the same trace, with ${ofAll(f.raw_values_found, f.planted_values)} planted values leaked and ${int(f.lost + f.dropped)} lost${promoted}.`
  );
}

export function sloSentence(data: Task5Output): string {
  const slos = data.slos;
  if (!slos?.length) return "";
  type Slo = (typeof slos)[number];
  const list = (items: Slo[]) =>
    listed(items.map((s) => (s.burn_rate === null ? s.slo : `${s.slo} (${fixed(s.burn_rate, 2)}×)`)));
  const burning = slos.filter((s) => s.burn_rate !== null && s.burn_rate > 1);
  const within = slos.filter((s) => s.burn_rate !== null && s.burn_rate <= 1);
  const noData = slos.filter((s) => s.burn_rate === null);
  const parts = [
    burning.length
      ? `${capitalised(list(burning))} ${burning.length === 1 ? "burns its" : "burn their"} error budget faster than allowed`
      : "No SLO burns its error budget faster than allowed",
    within.length && `${list(within)} ${within.length === 1 ? "does" : "do"} not`,
    noData.length && `${list(noData)} had no data`,
  ].filter(Boolean);
  const tests = data.slo_rule_tests;
  const alerts = data.slo_burn_alerts?.length ?? 0;
  const tested = tests
    ? ` ${tests.ok ? (alerts === 1 ? "passes" : "pass") : "FAIL"} ${code("promtool test rules")} on ${int(tests.scenarios)} series.`
    : ` ${alerts === 1 ? "was" : "were"} not tested.`;
  return (
    ` **SLOs.** ${parts[0]}${parts.length > 1 ? `; ${parts.slice(1).join("; ")}` : ""}. ` +
    (alerts === 0
      ? "No burn-rate alerts were generated from the contract."
      : `${alerts === 1 ? "The burn-rate alert" : `The ${int(alerts)} burn-rate alerts`} generated from the contract${tested}`)
  );
}

export function driftSentence(data: Task5DriftOutput | undefined): string {
  if (!data?.change || !data.around_change) return "";
  const { before, after } = data.around_change;
  return ` **Drift.** Around a seeded prompt and retrieval change (${data.change.at.slice(0, 10)}), the detector flagged ${ofAll(after.flagged, after.weeks)} weeks from the change on and ${ofAll(before.flagged, before.weeks)} stable weeks before it.`;
}
