/**
 * Redaction throughput and worst cases, in CPU time on one core. Targets: >= 50 MB/s of
 * realistic trace text for `redactPii`, and every 1 MB adversarial input well under 100 ms (the unit test only checks
 * a generous 1,000 ms bound, so it cannot flake; the real number lives here).
 *
 * Realistic text: synthetic traces (lib/synth) serialised as JSONL, one `redactPii` call a
 * line, with the eval set's real queries (emails, order numbers) as `input_text` and the
 * knowledge-base articles as retrieved documents, as the support bot's traces carry them.
 *
 * Dense text: the redaction corpus's short texts (27 formats × 60 positives and 645 traps, about
 * 80 bytes each, most holding a secret), one call each. The same corpus scores this project,
 * redact-pii and secretlint side by side (printed as a markdown table), and 300,000 objects of
 * random UUIDs, span ids and timestamps go through `stripPii`, which must change none.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchResult } from "./index";
import { generateTraces } from "../../synth";
import { redactPii, stripPii } from "../../redact";
import { adversarialInputs } from "../../redact/adversarial-inputs";
import { identifierObjects } from "../../redact/identifier-objects";
import { redactionCorpus } from "../../redact/score-redactor";
import { compareRedactors, comparisonTable, denseMbPerSecond, denseRounds } from "./redact-comparison";
import { loadContract } from "../../contract";
import { PACKAGE_ROOT } from "../../package-root";

const contract = loadContract();

const MB = 1024 * 1024;
const THROUGHPUT_TARGET = 50; // MB/s
const ADVERSARIAL_TARGET = 100; // ms per MB
const DENSE_ROUNDS = 33; // the first 3 warm up

function realisticTraceLines(root: string): string[] {
  const kb = readdirSync(join(root, "data", "kb"))
    .filter((f) => f.endsWith(".md"))
    .flatMap((f) => readFileSync(join(root, "data", "kb", f), "utf8").split(/\n\s*\n/))
    .filter((p) => p.trim().length > 40);
  const queries = readFileSync(join(root, "data", "eval", "queries.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { query: string });
  return generateTraces({ contract, n: 6000, seed: 11 }).map((trace, i) => {
    const docs = trace.retrieved_docs.map((d, k) => ({ ...d, content: kb[(i * 3 + k) % kb.length] }));
    // Read back through JSON.parse: flat strings, as a batch job or an HTTP body would hold them.
    return JSON.stringify({ ...trace, input_text: queries[i % queries.length].query, retrieved_docs: docs });
  });
}

/**
 * Best of `rounds` passes, in milliseconds of this process's CPU time (user + system): the
 * machine is shared, and wall time would count the time other jobs held the core. Best-of damps
 * the rest of the noise (cache, GC).
 */
function bestMs(rounds: number, pass: () => unknown): number {
  pass(); // warm up: regexps tier up to native code, functions get optimised
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    pass();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

export default async function redactBench(): Promise<BenchResult[]> {
  const corpus = redactionCorpus();
  // Dense-text speed is measured first and again after the other parts: the two used to differ by
  // 20% (V8's code for the text-feature loop slowed down for good once concatenated strings from
  // the nested payloads had passed through; text-features.ts now reads bytes), and printing both
  // shows it stays fixed. Fresh texts each round, best of 30 after 3 warm-up rounds (see denseMbPerSecond).
  const denseRate = denseMbPerSecond(redactPii, denseRounds(corpus, DENSE_ROUNDS));

  const lines = realisticTraceLines(PACKAGE_ROOT).map((l) => JSON.parse(JSON.stringify(l)) as string);
  const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0);
  const traces = lines.map((l) => JSON.parse(l) as unknown);
  let changed = 0;
  for (const l of lines) if (redactPii(l) !== l) changed++;

  const textMs = bestMs(5, () => {
    for (let i = 0; i < lines.length; i++) redactPii(lines[i]);
  });
  const objectMs = bestMs(5, () => {
    for (let i = 0; i < traces.length; i++) stripPii(traces[i]);
  });
  const textRate = bytes / MB / (textMs / 1000);
  const objectRate = bytes / MB / (objectMs / 1000);

  // The table shows the same dense-text measurement as the target line.
  const compared = await compareRedactors(corpus, 7, denseRate);
  const laterRate = denseMbPerSecond(redactPii, denseRounds(corpus, DENSE_ROUNDS));
  console.log(
    `\nRedaction on the project's corpus (npm run bench, ${process.version}):\n\n${comparisonTable(compared)}\n`,
  );
  const ours = compared[0].score;
  const denseTexts = corpus.positives.length + corpus.traps.length;

  const ids = identifierObjects(300_000);
  let idsChanged = 0;
  const idsStart = process.cpuUsage();
  for (const o of ids) if (JSON.stringify(stripPii(o)) !== JSON.stringify(o)) idsChanged++;
  const idsUsed = process.cpuUsage(idsStart);
  const idsMs = (idsUsed.user + idsUsed.system) / 1000;

  const adversarial = adversarialInputs(MB).map(({ name, text }) => ({
    name,
    ms: bestMs(3, () => redactPii(text)),
  }));
  const worst = adversarial.reduce((a, b) => (b.ms > a.ms ? b : a));
  const slowest = [...adversarial].sort((a, b) => b.ms - a.ms).slice(0, 3);

  return [
    {
      name: "redactPii throughput, realistic trace JSONL",
      value: textRate,
      unit: "MB/s",
      target: `>= ${THROUGHPUT_TARGET} MB/s`,
      ok: textRate >= THROUGHPUT_TARGET,
      note: `${(bytes / MB).toFixed(1)} MB, ${lines.length} traces, ${changed} with something redacted`,
    },
    {
      name: "redactPii throughput, dense short texts (corpus positives and traps)",
      value: denseRate,
      unit: "MB/s",
      target: `>= ${THROUGHPUT_TARGET} MB/s`,
      ok: denseRate >= THROUGHPUT_TARGET,
      note: `${denseTexts} texts of about 80 bytes; ${(denseRate / textRate).toFixed(2)}x the realistic JSONL rate of this run (a load-independent ratio); ${laterRate.toFixed(1)} MB/s measured again after the JSONL, stripPii and side-by-side runs`,
    },
    {
      name: "recall on the corpus (27 formats x 60)",
      value: ours.recall * 100,
      unit: "%",
      target: ">= 99.5 %",
      ok: ours.recall >= 0.995,
    },
    {
      name: "nested payload recall (300 payloads)",
      value: ours.nestedRecall * 100,
      unit: "%",
      target: "100 %",
      ok: ours.nestedRecall === 1,
    },
    {
      name: `false positives (${corpus.traps.length} traps)`,
      value: ours.falsePositiveRate * 100,
      unit: "%",
      target: "<= 0.5 %",
      ok: ours.falsePositiveRate <= 0.005,
    },
    {
      name: "stripPii on 300,000 id/timestamp objects: objects changed",
      value: idsChanged,
      unit: "objects",
      target: "0",
      ok: idsChanged === 0,
      note: `${(idsMs / 1000).toFixed(1)} s CPU`,
    },
    {
      name: "stripPii throughput, the same traces as objects",
      value: objectRate,
      unit: "MB/s",
      target: "reported (no target)",
      ok: true,
    },
    {
      name: `redactPii worst 1 MB adversarial input (${adversarial.length} shapes)`,
      value: worst.ms,
      unit: "ms",
      target: `< ${ADVERSARIAL_TARGET} ms`,
      ok: worst.ms < ADVERSARIAL_TARGET,
      note: "slowest: " + slowest.map((a) => `${JSON.stringify(a.name)} ${a.ms.toFixed(1)} ms`).join(", "),
    },
  ];
}
