/** Task 3 in the report: the before/after table, the probe comparison and what the redaction tests proved. */
import { cellTable } from "../format";
import type { Task3Output } from "../outputs/task3-output";
import type { ReportSection } from "./report-section";
import type { SampleTable } from "./sample-table";
import { taskOfOutput } from "./tasks";
import { code, fixed, html, int, ms } from "./units";

/** Rows of the before/after table the report shows; the sample has them all. */
const MAX_BEFORE_AFTER_ROWS = 4;

/** The sample holding the before/after table, and the columns it must have. */
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

/** The library's slowest time on 1 MB of any adversarial shape (best of 3): the write-up and the stack cost. */
export const worstAdversarialMs = (data: Task3Output) =>
  Math.max(...data.library_adversarial_1mb_ms.map((a) => a.best_of_3_ms));

/** Notebook 03's write-up and the report's findings for Task 3, from `data` alone. */
export function task3WriteUp(data: Task3Output): string {
  const { passed, failed } = data.unit_tests;
  const tokens = Object.entries(data.tokens_by_type).map(
    ([type, n]) => `${code(`[REDACTED_${type}]`)} × ${int(n)}`,
  );
  const scaling = data.toy_scaling_ms;
  const [first, last] = [scaling[0], scaling[scaling.length - 1]];
  const growth =
    scaling.length >= 2 && first.toy_ms > 0 && last.toy_ms / first.toy_ms > last.chars / first.chars
      ? ` The toy's time grows faster than its input (${fixed(last.chars / first.chars, 0)}× the characters took ${fixed(last.toy_ms / first.toy_ms, 0)}× the time), while the library`
      : " The library";
  const worst = worstAdversarialMs(data);
  const hmac = data.bare_sha256_recovered
    ? `Ids are guessable, so a bare SHA-256 is reversed by hashing guesses: notebook 03 recovered the demo id in ${ms(data.bare_sha256_guess_ms)}. `
    : `A bare SHA-256 of the demo id was not recovered by guessing here, but ids follow patterns, so a plain hash is only as strong as their space is large. `;
  return [
    "**What is redacted.** Redaction is one boundary: every string that leaves the process passes `redactPii`, and payloads pass `stripPii`, which walks them at any depth (object keys included), before any sink sees them. " +
      `On the demo trace it changed ${int(data.fields_changed)} fields, leaving ${tokens.length ? tokens.join(", ") : "no redaction tokens"}. ` +
      "It covers API keys by vendor prefix, Authorization values, URL passwords, PEM private keys, labelled secrets, base64 runs that decode to a known key, emails, phones, SSNs, bare numbers after a cue word, Luhn-valid cards with any separator, and IPv4 and IPv6 addresses; ids, UUIDs and timestamps are never masked.",
    `**Measured.** On ${int(data.probes)} probes (secrets that must disappear, traps that must survive) the library was right ${int(data.library_correct)} times, a five-line regex toy ${int(data.toy_correct)} times.` +
      `${growth} handled 1 MB of each adversarial shape in at most ${ms(worst)}. ` +
      `The redaction unit tests ran ${int(passed + failed)} cases: ${failed === 0 ? `all ${int(passed)} passed` : `${int(passed)} passed, ${int(failed)} failed`}.`,
    `**Why HMAC.** ${hmac}A keyed HMAC keeps pseudonyms stable for per-user metrics while making guesses useless without the key.`,
    "**Limits.** Detection is pattern-based. Names, street addresses, dates of birth and free-text account details need an NER model or, better, an allow-list (send only the fields you need); " +
      "bare numbers without a cue word, non-ASCII email addresses and secrets with neither a known prefix nor a label also pass.",
  ].join("\n\n");
}

export function task3Section(data: Task3Output, beforeAfter: SampleTable): ReportSection {
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
    observations: `${task3WriteUp(data)}\n\n${beforeAfterTable}`,
    simulated: defaultKey
      ? [
          "User-id hashing: USER_ID_HASH_KEY was not set, so `hashUserId` used the public default key; production must set its own.",
        ]
      : [],
  };
}
