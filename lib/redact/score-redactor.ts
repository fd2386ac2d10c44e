/**
 * Scores a redactor on the project's corpus: recall per format (a positive counts as caught
 * when none of its fragments survives), the false-positive rate on traps (any change counts),
 * and recall on nested payloads (each planted value, raw or JSON-escaped). It takes outputs, not a
 * function, so async scanners (secretlint) are scored the same way as `redactPii`.
 */
import { positiveCases, type PositiveCase, type TrapCase } from "./redaction-corpus";
import { trapCases } from "./redaction-traps";
import { nestedPayloads, type NestedCase } from "./nested-payloads";

export interface RedactionCorpus {
  positives: PositiveCase[];
  traps: TrapCase[];
  nested: NestedCase[];
}

/** The default corpus: 27 formats × 60 positives, 645 traps, 300 nested payloads; deterministic. */
export function redactionCorpus(): RedactionCorpus {
  return { positives: positiveCases(60), traps: trapCases(15), nested: nestedPayloads(300) };
}

export interface CorpusOutputs {
  /** One output per positive, per trap, and per nested payload (the payload's redacted JSON text). */
  positives: string[];
  traps: string[];
  nested: string[];
}

export interface RedactorScore {
  /** Caught / total per format, in corpus order. */
  byFormat: { format: string; caught: number; total: number; recall: number }[];
  recall: number;
  nestedRecall: number;
  nestedLeaks: { format: string; value: string }[];
  falsePositives: number;
  falsePositiveRate: number;
  /** Trap kinds with at least one changed trap, and an example. */
  changedTraps: { kind: string; text: string; output: string }[];
}

const escaped = (s: string) => JSON.stringify(s).slice(1, -1);
const survives = (output: string, fragment: string) =>
  output.includes(fragment) || output.includes(escaped(fragment));

export function scoreOutputs(corpus: RedactionCorpus, outputs: CorpusOutputs): RedactorScore {
  const byFormat = new Map<string, { caught: number; total: number }>();
  corpus.positives.forEach((c, i) => {
    const row = byFormat.get(c.format) ?? { caught: 0, total: 0 };
    row.total++;
    if (!c.fragments.some((f) => survives(outputs.positives[i], f))) row.caught++;
    byFormat.set(c.format, row);
  });
  const rows = [...byFormat].map(([format, r]) => ({ format, ...r, recall: r.caught / r.total }));
  const caught = rows.reduce((n, r) => n + r.caught, 0);

  const nestedLeaks = corpus.nested.flatMap((c, i) =>
    c.secrets.filter((s) => survives(outputs.nested[i], s.value)),
  );
  const planted = corpus.nested.reduce((n, c) => n + c.secrets.length, 0);

  const changed = corpus.traps
    .map((c, i) => ({ ...c, output: outputs.traps[i] }))
    .filter((c) => c.output !== c.text);
  const firstByKind = new Map<string, (typeof changed)[number]>();
  for (const c of changed) if (!firstByKind.has(c.kind)) firstByKind.set(c.kind, c);

  return {
    byFormat: rows,
    recall: caught / corpus.positives.length,
    nestedRecall: (planted - nestedLeaks.length) / planted,
    nestedLeaks,
    falsePositives: changed.length,
    falsePositiveRate: changed.length / corpus.traps.length,
    changedTraps: [...firstByKind.values()],
  };
}
