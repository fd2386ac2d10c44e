/** Task 3 in the report: the before/after table, the probe comparison and what the redaction tests proved. */
import type { ReportSection } from "./report-section";
import { table } from "./report-section";
import type { SampleTable } from "./sample-table";
import type { TaskOutput } from "./task-output";
import { code, fixed, html, int, ms } from "./units";

/** Field paths in data/outputs/task3_redaction.json, and the sample holding the before/after table. */
export const TASK3_FIELDS = {
  fieldsChanged: "fields_changed",
  /** Object: redaction token type → count in the redacted demo trace. */
  tokensByType: "tokens_by_type",
  probes: "probes",
  toyCorrect: "toy_correct",
  libraryCorrect: "library_correct",
  testsTotal: "unit_tests.total",
  testsPassed: "unit_tests.passed",
  testsFailed: "unit_tests.failed",
  /** Array of { chars, toy_ms }. */
  toyScaling: "toy_scaling_ms",
  toyChars: "chars",
  toyMs: "toy_ms",
  /** Array of { "1 MB of", first_call_ms, best_of_3_ms }. */
  adversarial: "library_adversarial_1mb_ms",
  adversarialBest: "best_of_3_ms",
  bareShaRecovered: "bare_sha256_recovered",
  /** "default (public)" or "configured". */
  hashKey: "hash_key",
  /** data/samples/<file>, a Markdown table with these columns. */
  beforeAfterSample: "task3_redaction_before_after.md",
  beforeAfterColumns: ["path", "before", "after"],
};

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

export function task3Section(out: TaskOutput, beforeAfter: SampleTable): ReportSection {
  const F = TASK3_FIELDS;
  const [total, passed, failed] = [out.num(F.testsTotal), out.num(F.testsPassed), out.num(F.testsFailed)];
  const probes = out.num(F.probes);
  const tokens = Object.keys(out.record(F.tokensByType)).map((type) => `${code(`[REDACTED_${type}]`)} × ${int(out.num(`${F.tokensByType}.${type}`))}`);
  const scaling = out.items(F.toyScaling);
  const [first, last] = [scaling[0], scaling[scaling.length - 1]];
  const growth =
    scaling.length >= 2
      ? `The toy's time grows faster than its input: ${int(last.num(F.toyChars) / first.num(F.toyChars))}× the characters took ${fixed(last.num(F.toyMs) / first.num(F.toyMs), 0)}× the time ` +
        `(${ms(first.num(F.toyMs))} → ${ms(last.num(F.toyMs))} for ${int(first.num(F.toyChars))} → ${int(last.num(F.toyChars))} characters), `
      : "";
  const worst = Math.max(...out.items(F.adversarial).map((a) => a.num(F.adversarialBest)));
  const recovered = out.bool(F.bareShaRecovered);
  const hashKey = out.str(F.hashKey);
  const defaultKey = hashKey !== "configured";

  const beforeAfterTable = table(
    ["field", "before", "after"],
    beforeAfter.rows.map((r) => {
      const [before, after] = aroundChange(r.before, r.after, 150);
      return [html(r.path), html(before), html(after)];
    }),
    "compact mono",
  );
  return {
    task: 3,
    title: out.info.title,
    approach:
      "Redaction is one boundary: `answer()` passes the whole request record through `stripPii` before any sink (JSON log, Prometheus, trace exporters) receives it, " +
      "and the tracing adapters and the SDKs' own hooks redact again. `redactPii` replaces API keys, credentials, private keys, emails, phones, SSNs, payment cards and IPv4 addresses " +
      "with tokens that name the type (e.g. `[REDACTED_EMAIL]`), so a reader knows what was there; `stripPii` applies it to every string at any depth without mutating its input, " +
      "and replaces user ids with `hashUserId`, an HMAC-SHA256 pseudonym (`uid_` + 32 hex) that stays stable for per-user joins. " +
      "Ids, timestamps, versions, prices and hashes are deliberately left alone, because they are what traces are for.",
    observations:
      `On ${int(probes)} probes (secrets that must disappear, and traps such as UUIDs, timestamps and order ids that must survive) the library was right ${int(out.num(F.libraryCorrect))} times, ` +
      `a five-line regex toy ${int(out.num(F.toyCorrect))} times. ${growth}while the library handled 1 MB of each adversarial shape in at most ${ms(worst)} (best of 3). ` +
      `On the demo trace below \`stripPii\` changed ${int(out.num(F.fieldsChanged))} fields, leaving ${tokens.join(", ")}. ` +
      `A bare SHA-256 of the demo user id ${recovered ? "was recovered by hashing guessed ids, which is why ids are HMAC'd" : "was not recovered by guessing"}. ` +
      `The redaction unit tests ran ${int(total)} cases: ${int(passed)} passed, ${int(failed)} failed.` +
      `\n\n${beforeAfterTable}`,
    simulated: defaultKey
      ? [`User-id hashing (Task 3): USER_ID_HASH_KEY was not set, so \`hashUserId\` used the workbook's public default key. The pseudonyms are reproducible, but with a public key the guessing attack works again; production must set its own key.`]
      : [],
  };
}
