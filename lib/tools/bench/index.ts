/**
 * npm run bench: every speed target lives here, not in timed tests. Each `lib/tools/bench/*.bench.ts`
 * default-exports a function returning its measurements; this prints them against their targets.
 * Pass a name fragment to run a subset: `npm run bench -- redact`.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. ">= 50 MB/s". */
  target: string;
  ok: boolean;
  note?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? "";
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts") && f.includes(filter))
  .sort();

const results: BenchResult[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as {
    default: () => Promise<BenchResult[]>;
  };
  process.stdout.write(`running ${file} ...\n`);
  for (const r of await mod.default()) {
    results.push(r);
    const value = r.value >= 100 ? Math.round(r.value).toLocaleString("en-US") : r.value.toFixed(3);
    console.log(
      `  ${r.ok ? "PASS" : "MISS"}  ${r.name}: ${value} ${r.unit}  (target ${r.target})${r.note ? `  ${r.note}` : ""}`,
    );
  }
}
const missed = results.filter((r) => !r.ok).length;
console.log(
  `\n${results.length - missed} of ${results.length} benchmark targets met on ${process.version}, ${process.platform}/${process.arch}.`,
);
process.exitCode = missed ? 1 : 0;
