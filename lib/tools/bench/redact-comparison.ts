/**
 * Side by side on the project's own redaction corpus, in one run: this project (`redactPii`,
 * and `stripPii` for nested payloads), redact-pii (the npm PII redactor) and secretlint's
 * recommended preset through `@secretlint/core` (a maintained secret scanner; its findings are
 * masked by their ranges). Each gets the same texts; nested payloads are given to the other two as
 * their JSON text. Speed is CPU time over the dense texts (positives and traps, one call each),
 * best of the rounds after a warm-up.
 */
import { lintSource } from "@secretlint/core";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";
import { SyncRedactor } from "redact-pii";
import { redactPii, stripPii } from "../../redact";
import {
  scoreOutputs,
  type CorpusOutputs,
  type RedactionCorpus,
  type RedactorScore,
} from "../../redact/score-redactor";

export interface ComparedRedactor {
  name: string;
  score: RedactorScore;
  /** MB/s over the dense texts, CPU time of this process. */
  mbPerSecond: number;
}

type TextRedactor = (text: string) => string | Promise<string>;

const secretlintConfig = {
  rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: recommended }],
};

/** secretlint reports findings with ranges; masking each range is what a redactor built on it would do. */
async function secretlintRedact(text: string): Promise<string> {
  const result = await lintSource({
    source: { filePath: "/corpus.txt", content: text, ext: ".txt", contentType: "text" },
    options: { config: secretlintConfig },
  });
  const ranges = result.messages.map((m) => m.range).sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [from, to] of ranges) out = out.slice(0, from) + "[SECRET]" + out.slice(to);
  return out;
}

async function outputsOf(
  corpus: RedactionCorpus,
  redact: TextRedactor,
  nested: (payload: unknown) => string | Promise<string>,
): Promise<CorpusOutputs> {
  const all = async (texts: string[]) => {
    const out: string[] = [];
    for (const t of texts) out.push(await redact(t));
    return out;
  };
  const nestedOut: string[] = [];
  for (const c of corpus.nested) nestedOut.push(await nested(c.payload));
  return {
    positives: await all(corpus.positives.map((c) => c.text)),
    traps: await all(corpus.traps.map((c) => c.text)),
    nested: nestedOut,
  };
}

async function cpuMs(pass: () => Promise<unknown> | unknown): Promise<number> {
  const start = process.cpuUsage();
  await pass();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** One pass over `texts`: a plain loop for a synchronous redactor (an `await` per call would be timed too). */
function timedPass(redact: TextRedactor, texts: readonly string[], isAsync: boolean): Promise<number> {
  if (!isAsync) {
    return cpuMs(() => {
      for (let i = 0; i < texts.length; i++) redact(texts[i]);
    });
  }
  return cpuMs(async () => {
    for (const t of texts) await redact(t);
  });
}

/**
 * The dense texts (positives and traps), one fresh copy per round: a round suffix, flattened,
 * built before any timing, so no redactor's cache answers and no round pays for its input.
 */
export function denseRounds(corpus: RedactionCorpus, rounds: number): string[][] {
  const texts = [...corpus.positives.map((c) => c.text), ...corpus.traps.map((c) => c.text)];
  return Array.from({ length: rounds }, (_, r) =>
    texts.map((t) => JSON.parse(JSON.stringify(`${t} #${r}`)) as string),
  );
}

const megabytes = (texts: readonly string[]) =>
  texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / (1024 * 1024);

/**
 * MB/s of a synchronous redactor over the dense texts: input bytes over CPU time, best round
 * after the warm-up rounds (up to 3: V8 compiles the regexes and hot functions over the first
 * few thousand calls). One round is one call per text, about 4 ms of work; a shared machine
 * disturbs some rounds, so many rounds are run and the least disturbed one counts.
 */
export function denseMbPerSecond(redact: (text: string) => string, rounds: readonly string[][]): number {
  const warmUp = Math.min(3, rounds.length - 1);
  let best = Infinity;
  for (let r = 0; r < rounds.length; r++) {
    const texts = rounds[r];
    const start = process.cpuUsage();
    for (let i = 0; i < texts.length; i++) redact(texts[i]);
    const used = process.cpuUsage(start);
    if (r >= warmUp) best = Math.min(best, (used.user + used.system) / 1000);
  }
  return megabytes(rounds[0]) / (best / 1000);
}

/**
 * Scores every redactor and times it over the dense texts (`bestOf` rounds, the first a warm-up).
 * `ownMbPerSecond`, when given, is this project's dense rate measured earlier (the bench measures
 * it first, before the other parts of the run fill the heap), used instead of timing it again.
 */
export async function compareRedactors(
  corpus: RedactionCorpus,
  bestOf = 4,
  ownMbPerSecond?: number,
): Promise<ComparedRedactor[]> {
  const redactPiiLib = new SyncRedactor();
  const candidates: [string, TextRedactor, (payload: unknown) => string | Promise<string>][] = [
    ["this project", redactPii, (p) => JSON.stringify(stripPii(p))],
    ["redact-pii 3.4", (t) => redactPiiLib.redact(t), (p) => redactPiiLib.redact(JSON.stringify(p))],
    ["secretlint 13 (recommended preset)", secretlintRedact, (p) => secretlintRedact(JSON.stringify(p))],
  ];
  const rounds = denseRounds(corpus, bestOf);
  const mb = megabytes(rounds[0]);
  const results: ComparedRedactor[] = [];
  for (const [name, redact, nested] of candidates) {
    const score = scoreOutputs(corpus, await outputsOf(corpus, redact, nested));
    if (redact === redactPii && ownMbPerSecond !== undefined) {
      results.push({ name, score, mbPerSecond: ownMbPerSecond });
      continue;
    }
    let best = Infinity;
    for (let r = 0; r < bestOf; r++) {
      const ms = await timedPass(redact, rounds[r], redact === secretlintRedact);
      if (r > 0 || bestOf === 1) best = Math.min(best, ms); // round 0 warms up
    }
    results.push({ name, score, mbPerSecond: mb / (best / 1000) });
  }
  return results;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** A markdown table: one row per format, then recall, nested recall, false positives and speed. */
export function comparisonTable(results: readonly ComparedRedactor[]): string {
  const head = `| format | ${results.map((r) => r.name).join(" | ")} |\n|---|${results.map(() => "---:").join("|")}|`;
  const formats = results[0].score.byFormat.map(
    (row, i) => `| ${row.format} | ${results.map((r) => pct(r.score.byFormat[i].recall)).join(" | ")} |`,
  );
  const summary = [
    ["**recall, all formats**", (r: ComparedRedactor) => pct(r.score.recall)],
    ["**nested payload recall**", (r: ComparedRedactor) => pct(r.score.nestedRecall)],
    [
      "**false positives (traps changed)**",
      (r: ComparedRedactor) => `${pct(r.score.falsePositiveRate)} (${r.score.falsePositives})`,
    ],
    ["**dense text, MB/s**", (r: ComparedRedactor) => r.mbPerSecond.toFixed(r.mbPerSecond < 10 ? 2 : 1)],
  ].map(
    ([label, cell]) =>
      `| ${label as string} | ${results.map(cell as (r: ComparedRedactor) => string).join(" | ")} |`,
  );
  return [head, ...formats, ...summary].join("\n");
}
