/**
 * `npm run bench -- soak`: the load and fault suite at full scale, each against its target.
 * - Memory: 6,000 requests at concurrency 40 with the embedded defaults (simulator time scale 0):
 *   0 failed, RSS growth between request 1,000 and 6,000 <= 50 MB (must: <= 150 MB); and, to
 *   tell a leak from V8's lazy heap sizing, the heap retained after a full GC (<= 10 MB growth).
 * - SIGTERM after 1,500 answers with 40 in flight, Langfuse + LangSmith + OTLP configured:
 *   0 answered requests missing at any hub, exit 0 within 15 s.
 * - Hanging, 500-ing and closed backends: `/ask` p99 within 10% of the healthy baseline.
 * Everything runs on 127.0.0.1, the service as a real child process (lib/tools/serve.ts).
 */
import { percentile } from "../../collector/percentile";
import type { BenchResult } from "./index";
import {
  faultScenario,
  memoryScenario,
  retainedHeapScenario,
  sigtermScenario,
  type FaultResult,
} from "../load/scenarios";

const ROUNDS = 3;
/** The median as the collector defines percentiles (linear interpolation); runs are never empty. */
const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  )!;

export default async function soakBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];

  const mem = await memoryScenario({ total: 6_000, concurrency: 40, from: 1_000 });
  results.push({
    name: "soak: failed requests of 6,000 at concurrency 40 (embedded defaults)",
    value: mem.failed,
    unit: "requests",
    target: "= 0",
    ok: mem.failed === 0,
    note: `${mem.rps.toFixed(0)} rps${mem.failed ? `; ${JSON.stringify(mem.failures)}` : ""}`,
  });
  results.push({
    name: "soak: RSS growth between request 1,000 and 6,000",
    value: mem.growth_mb,
    unit: "MB",
    target: "<= 50 MB (must: <= 150 MB)",
    ok: mem.growth_mb <= 50,
    note: `RSS ${mem.rss_mb_at[1_000]} -> ${mem.rss_mb_at[6_000]} MB`,
  });

  const retained = await retainedHeapScenario({ total: 6_000, concurrency: 40, from: 1_000 });
  results.push({
    name: "soak: heap retained after a full GC, growth between request 1,000 and 6,000 (in-process)",
    value: retained.growth_mb,
    unit: "MB",
    target: "<= 10 MB",
    ok: retained.growth_mb <= 10 && retained.failed === 0,
    note: `heap ${retained.heap_mb_at[1_000]} -> ${retained.heap_mb_at[6_000]} MB; ${retained.failed} failed`,
  });

  const sig = await sigtermScenario({ answersBeforeSigterm: 1_500, concurrency: 40 });
  const missing = sig.missing.langfuse + sig.missing.langsmith + sig.missing.otel;
  results.push({
    name: "soak: answered requests missing at a hub after SIGTERM under load",
    value: missing,
    unit: "traces",
    target: "= 0",
    ok: missing === 0 && sig.network_errors === 0,
    note: `${sig.answered} answered, ${sig.in_flight_at_sigterm} in flight at SIGTERM; missing langfuse ${sig.missing.langfuse}, langsmith ${sig.missing.langsmith}, otel ${sig.missing.otel}; ${sig.network_errors} network errors${sig.network_errors ? ` ${JSON.stringify(sig.network_error_kinds)}` : ""}`,
  });
  results.push({
    name: "soak: exit after SIGTERM",
    value: sig.exit_ms / 1000,
    unit: "s",
    target: "exit 0 within 15 s",
    ok: sig.exit_code === 0 && sig.exit_ms < 15_000,
    note: `exit code ${sig.exit_code}`,
  });
  process.stdout.write(`  shutdown line: ${sig.shutdown_line.trim().replace(/\n/g, "\n  | ")}\n`);

  // One run's p99 moves by tens of percent on a shared machine: modes are interleaved over
  // ROUNDS rounds and each mode's median p99 is compared.
  const modes = ["baseline", "hang", "500", "closed"] as const;
  const runs = new Map<(typeof modes)[number], FaultResult[]>(modes.map((m) => [m, []]));
  for (let round = 0; round < ROUNDS; round++)
    for (const mode of modes) runs.get(mode)!.push(await faultScenario(mode));
  const base = median(runs.get("baseline")!.map((r) => r.p99_ms));
  for (const mode of ["hang", "500", "closed"] as const) {
    const list = runs.get(mode)!;
    const p99 = median(list.map((r) => r.p99_ms));
    const failed = list.reduce((n, r) => n + r.failed, 0);
    const ratio = p99 / base;
    results.push({
      name: `soak: /ask p99 with a ${mode} backend, relative to a healthy one (median of ${ROUNDS} runs)`,
      value: ratio,
      unit: "x baseline",
      target: "<= 1.10",
      ok: ratio <= 1.1 && failed === 0,
      note: `p99 ${p99.toFixed(1)} ms vs ${base.toFixed(1)} ms (runs: ${list.map((r) => r.p99_ms.toFixed(0)).join(", ")} vs ${runs
        .get("baseline")!
        .map((r) => r.p99_ms.toFixed(0))
        .join(
          ", ",
        )}); ${failed} failed; exits ${list.map((r) => `${r.exit_code}@${(r.exit_ms / 1000).toFixed(1)}s`).join(", ")}`,
    });
  }
  return results;
}
