/**
 * Redaction throughput and worst cases, in CPU time on one core. Targets: >= 50 MB/s of
 * realistic trace text for `redactPii`, and every 1 MB adversarial input well under 100 ms (the unit test only checks
 * a generous 1,000 ms bound, so it cannot flake; the real number lives here).
 *
 * Realistic text: synthetic traces (lib/synth) serialised as JSONL, one `redactPii` call a
 * line, with the eval set's real queries (emails, order numbers) as `input_text` and the
 * knowledge-base articles as retrieved documents, as the support bot's traces carry them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchResult } from "./index";
import { generateTraces } from "../synth";
import { redactPii, stripPii } from "../redact";
import { adversarialInputs } from "../redact/adversarial-inputs";

const MB = 1024 * 1024;
const THROUGHPUT_TARGET = 50; // MB/s
const ADVERSARIAL_TARGET = 100; // ms per MB

function realisticTraceLines(root: string): string[] {
  const kb = readdirSync(join(root, "data", "kb"))
    .filter((f) => f.endsWith(".md"))
    .flatMap((f) => readFileSync(join(root, "data", "kb", f), "utf8").split(/\n\s*\n/))
    .filter((p) => p.trim().length > 40);
  const queries = readFileSync(join(root, "data", "eval", "queries.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { query: string });
  return generateTraces({ n: 6000, seed: 11 }).map((trace, i) => {
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
  const lines = realisticTraceLines(process.cwd()).map((l) => JSON.parse(JSON.stringify(l)) as string);
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

  const adversarial = adversarialInputs(MB).map(({ name, text }) => ({ name, ms: bestMs(3, () => redactPii(text)) }));
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
