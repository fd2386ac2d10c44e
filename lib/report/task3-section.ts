/** Task 3 in the report: the before/after table, the probe comparison and what the redaction tests proved. */
import { cellTable } from "../format";
import type { Task3Output } from "../outputs/task3-output";
import type { ReportSection } from "./report-section";
import type { SampleTable } from "./sample-table";
import { taskOfOutput } from "./tasks";
import { code, fixed, html, int, ms } from "./units";

/** The sample holding the before/after table, and the columns it must have. */
/** Rows of the before/after table the report shows; the sample has them all. */
const MAX_BEFORE_AFTER_ROWS = 6;

export const BEFORE_AFTER_SAMPLE = {
  file: "task3_redaction_before_after.md",
  columns: ["path", "before", "after"],
} as const;

/**
 * Shortens a long before/after pair to a window that starts just before their first difference,
 * so the redaction token stays visible, saying how much was cut on each side.
 */
export function aroundChange(before: string, after: string, max: number): [string, string] {
  if (before.length <= max && after.length <= max) return [before, after];
  let at = 0;
  while (at < before.length && at < after.length && before[at] === after[at]) at++;
  const start = Math.max(0, Math.min(at - 30, Math.max(before.length, after.length) - max));
  const cut = (value: string) => {
    const from = Math.min(start, value.length);
    const body = value.slice(from, from + max);
    const left = from > 0 ? `(+${from} chars) …` : "";
    const right = from + max < value.length ? `… (+${value.length - from - max} chars)` : "";
    return `${left}${body}${right}`;
  };
  return [cut(before), cut(after)];
}

export function task3Section(data: Task3Output, beforeAfter: SampleTable): ReportSection {
  const { total, passed, failed } = data.unit_tests;
  const tokens = Object.entries(data.tokens_by_type).map(
    ([type, n]) => `${code(`[REDACTED_${type}]`)} × ${int(n)}`,
  );
  const scaling = data.toy_scaling_ms;
  const [first, last] = [scaling[0], scaling[scaling.length - 1]];
  const growth =
    scaling.length >= 2 && first.toy_ms > 0
      ? `The toy's time grows faster than its input: ${fixed(last.chars / first.chars, 0)}× the characters took ${fixed(last.toy_ms / first.toy_ms, 0)}× the time ` +
        `(${ms(first.toy_ms)} → ${ms(last.toy_ms)}), while `
      : "";
  const worst = Math.max(...data.library_adversarial_1mb_ms.map((a) => a.best_of_3_ms));
  const defaultKey = data.hash_key !== "configured";
  const shownRows = beforeAfter.rows.slice(0, MAX_BEFORE_AFTER_ROWS);
  const more = beforeAfter.rows.length - shownRows.length;
  const beforeAfterTable = cellTable(
    ["field", "before", more > 0 ? `after (${int(more)} more rows in ${html(beforeAfter.file)})` : "after"],
    shownRows.map((r) => {
      const [before, after] = aroundChange(r.before, r.after, 120);
      return [html(r.path), html(before), html(after)];
    }),
    { className: "compact mono" },
  );
  return {
    task: 3,
    title: taskOfOutput("task3_redaction").title,
    approach:
      "Redaction is one boundary: the request record passes `stripPii` before any sink (log, Prometheus, trace exporters) sees it, and the SDKs' hooks redact again. " +
      "`redactPii` replaces keys, credentials, emails, phones, SSNs, cards and IP addresses with typed tokens (`[REDACTED_EMAIL]`); user ids become HMAC-SHA256 pseudonyms that still join per user. " +
      "Ids, timestamps, versions and prices stay, because they are what traces are for.",
    observations:
      `On ${int(data.probes)} probes (secrets that must disappear, and traps such as UUIDs and order ids that must survive) the library was right ${int(data.library_correct)} times, ` +
      `a five-line regex toy ${int(data.toy_correct)} times. ${growth}${growth ? "the" : "The"} library handled 1 MB of each adversarial shape in at most ${ms(worst)} (best of 3). ` +
      `On the demo trace below \`stripPii\` changed ${int(data.fields_changed)} fields, leaving ${tokens.join(", ")}. ` +
      `A bare SHA-256 of the demo user id ${data.bare_sha256_recovered ? "was recovered by hashing guessed ids, which is why ids are HMAC'd" : "was not recovered by guessing"}. ` +
      `The redaction unit tests ran ${int(total)} cases: ${failed === 0 ? `all ${int(passed)} passed` : `${int(passed)} passed, ${int(failed)} failed`}.` +
      `\n\n${beforeAfterTable}`,
    simulated: defaultKey
      ? [
          "User-id hashing: USER_ID_HASH_KEY was not set, so `hashUserId` used the public default key; production must set its own.",
        ]
      : [],
  };
}
