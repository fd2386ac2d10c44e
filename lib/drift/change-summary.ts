/**
 * What the drift detector found around a known change, in words: notebook 05 prints it. Every
 * number and every direction ("fell", "rose") comes from the report; nothing is typed.
 */
import { driftAroundChange, type DriftReport } from "../drift";
import type { DriftChange } from "../drift-traffic";

/** "fell from 0.61 to 0.42", "rose from …", "stayed at …"; "n/a" when a side has no data. */
function moved(from: number | null, to: number | null, digits = 3): string {
  if (from === null || to === null) return `went from ${from ?? "n/a"} to ${to ?? "n/a"}`;
  const show = (v: number) => Number(v.toFixed(digits));
  if (show(from) === show(to)) return `stayed at ${show(to)}`;
  return `${to < from ? "fell" : "rose"} from ${show(from)} to ${show(to)}`;
}

/**
 * The detector's verdict around `change`, and what moved in the change's week against the
 * reference. `failureAlertPct` is the contract's failure-rate alert line (its yellow line): the
 * sentence says whether a failure-rate alert would have named the change.
 */
export function driftChangeSummary(
  report: DriftReport,
  change: Pick<DriftChange, "at" | "description">,
  options: { failureAlertPct: number },
): string {
  const day = change.at.slice(0, 10);
  const { before, after } = driftAroundChange(report, change.at);
  const week = report.weeks.find((w) => w.week === day);
  const first = report.weeks[0];
  const psi = (v: number | null) => (v === null ? "n/a" : v.toFixed(3));
  const verdict =
    `The change shipped on ${day} (${change.description}). The detector flagged **${after.flagged} of the ${after.weeks} weeks** from that date on ` +
    `and **${before.flagged} of the ${before.weeks} stable weeks** before it (after the ${report.reference.weeks.length}-week reference). ` +
    `The largest PSI in a stable week was ${psi(before.max_psi)}, against ${psi(after.max_psi)} after the change (alert line ${report.thresholds.psi.alert}).`;
  if (!week || !first) return verdict;
  const [rel, tok] = [week.features.top_relevance, week.features.output_tokens];
  const quiet = week.failure_rate <= options.failureAlertPct; // the alert fires past its line
  return (
    `${verdict} Against the first reference week, in the week of the change the mean top relevance ${moved(first.features.top_relevance.mean, rel.mean)} ` +
    `(PSI ${psi(rel.psi)}, KS p = ${rel.ks_p_value ?? "n/a"}), mean output tokens ${moved(first.features.output_tokens.mean, tok.mean, 1)} (PSI ${psi(tok.psi)}), ` +
    `and mean quality (against the whole reference) ${moved(report.reference.quality_mean, week.quality.mean, 1)} ` +
    `(pass rate ${report.reference.quality_pass_rate ?? "n/a"}% to ${week.quality.pass_rate ?? "n/a"}%). ` +
    `The failure rate was ${report.reference.failure_rate ?? "n/a"}% in the reference weeks and ${week.failure_rate}% in the change week, ` +
    (quiet
      ? `under the contract's ${options.failureAlertPct}% alert line, so a failure-rate alert would not have named this change` +
        (after.flagged > 0 ? "; the week-over-reference comparison did." : ".")
      : `over the contract's ${options.failureAlertPct}% alert line, so a failure-rate alert would have fired too.`)
  );
}
