/**
 * Scores redactors on probes: text that holds something sensitive (which must vanish) or
 * nothing (which must come back unchanged). The notebook uses it to show where a toy
 * redactor fails and the library does not.
 */
export interface RedactionProbe {
  name: string;
  text: string;
  /** The part that must not survive; `null` when the text must come back unchanged (a trap). */
  sensitive: string | null;
}

export type ProbeVerdict = "redacted" | "LEAKED" | "kept" | "MANGLED";

/** A probe's outcome: redacted/kept are right, LEAKED/MANGLED are wrong. */
export function judgeRedaction(probe: RedactionProbe, output: string): ProbeVerdict {
  if (probe.sensitive === null) return output === probe.text ? "kept" : "MANGLED";
  return output.includes(probe.sensitive) ? "LEAKED" : "redacted";
}

export interface ComparisonRow {
  probe: string;
  input: string;
  [redactor: string]: string;
}

/** One row a probe: the input, then each redactor's output and verdict (`<name>` and `<name> verdict`). */
export function compareRedactors(
  probes: readonly RedactionProbe[],
  redactors: Record<string, (text: string) => string>,
): ComparisonRow[] {
  return probes.map((probe) => {
    const row: ComparisonRow = { probe: probe.name, input: probe.text };
    for (const [name, redact] of Object.entries(redactors)) {
      const output = redact(probe.text);
      row[name] = output;
      row[`${name} verdict`] = judgeRedaction(probe, output);
    }
    return row;
  });
}

/** How many probes each redactor got right. */
export function correctCounts(
  rows: readonly ComparisonRow[],
  redactors: readonly string[],
): Record<string, number> {
  return Object.fromEntries(
    redactors.map((name) => [
      name,
      rows.filter((r) => r[`${name} verdict`] === "redacted" || r[`${name} verdict`] === "kept").length,
    ]),
  );
}
