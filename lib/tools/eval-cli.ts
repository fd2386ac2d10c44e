/**
 * npm run eval -- --baseline v2 --candidate v1 [--eval-set <file>] [--concurrency <n>] [--contract <file>] [--out-dir <dir>]
 * npm run eval -- --promote [--from <store folder | traces.duckdb | traces.jsonl>] [--out <review.jsonl>] [--below-quality <score>]
 *   (default --from: the local trace store the service writes, data/runtime/trace-backend)
 *
 * Exit codes: 0 the candidate passes (or the promotion ran), 1 the candidate regresses beyond the
 * contract's `eval_gate` tolerances, 2 bad input (printed as one message, no stack trace), 3 a bug.
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { readConfig } from "../config";
import { loadContract } from "../contract";
import { markdownTable } from "../format";
import { llmFromConfig } from "../server/from-config";
import { createTracingSinks } from "../tracing/create-tracing-sinks";
import { DEFAULT_TRACE_BACKEND_DIR } from "../tracing/trace-store";
import { EvalGateInputError, runEvalGate } from "../eval/eval-gate";
import { evalGateTables, writeEvalGateOutputs } from "../eval/eval-gate-output";
import { DEFAULT_REVIEW_PATH, promoteTraces, writeReviewFile } from "../eval/promote-traces";
import { fileStoreTraceSource } from "../eval/store-trace-source";
import { jsonlTraceSource } from "../eval/trace-source";
import { WorkbookError } from "../workbook-error";
import { cliOptions, describeError } from "./cli";

const USAGE = `usage: npm run eval -- --baseline <version> --candidate <version> [--eval-set <file>] [--concurrency <n>] [--contract <file>] [--out-dir <dir>]
       npm run eval -- --promote [--from <store folder | traces.duckdb | traces.jsonl>] [--out <review.jsonl>] [--below-quality <0-100>]`;

const number = (flag: string, value: string | undefined, min: number, max: number): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new EvalGateInputError(`--${flag} must be a number between ${min} and ${max} (got "${value}")`);
  return n;
};

async function main(argv: string[]): Promise<number> {
  const values = cliOptions(
    USAGE.replace(/^usage: /, ""),
    {
      baseline: { type: "string" },
      candidate: { type: "string" },
      "eval-set": { type: "string" },
      "out-dir": { type: "string" },
      concurrency: { type: "string" },
      contract: { type: "string" },
      promote: { type: "boolean" },
      from: { type: "string" },
      out: { type: "string" },
      "below-quality": { type: "string" },
      help: { type: "boolean" },
    },
    argv,
  );
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const contract = loadContract(values.contract as string | undefined);

  if (values.promote) {
    // The local trace store by default (what the service persisted, joined to the feedback the
    // hubs received); a JSONL export of TraceSchema traces (optionally with "feedback") otherwise.
    const from = resolve(String(values.from ?? DEFAULT_TRACE_BACKEND_DIR));
    const jsonl = existsSync(from) && statSync(from).isFile() && !from.endsWith(".duckdb");
    const out = resolve(String(values.out ?? DEFAULT_REVIEW_PATH));
    const belowQuality =
      number("below-quality", values["below-quality"] as string | undefined, 0, 100) ??
      contract.eval_gate.promote_below_quality;
    const source = await (jsonl ? jsonlTraceSource(from) : fileStoreTraceSource(from))();
    const result = promoteTraces(source.items, { belowQuality });
    writeReviewFile(out, result.candidates);
    console.log(
      `read ${result.considered} traces from ${jsonl ? "" : "the trace store "}${from} (${source.rejected.length} invalid ${jsonl ? "lines" : "rows"} skipped)`,
    );
    for (const r of source.rejected.slice(0, 5))
      console.log(`  ${jsonl ? `line ${r.line}: ` : ""}${r.errors.join("; ")}`);
    console.log(
      `${result.candidates.length} candidate eval cases (thumbs-down or quality < ${belowQuality}); ${result.duplicates} duplicate queries and ${result.errors_skipped} failed requests left out`,
    );
    console.log(
      `wrote ${out}: fill in each case's expected_facts, then move it into ${contract.eval_gate.eval_set}`,
    );
    return 0;
  }

  if (values.from || values.out || values["below-quality"])
    throw new EvalGateInputError(`--from, --out and --below-quality belong to --promote\n${USAGE}`);
  const config = readConfig();
  const llm = llmFromConfig(config);
  // Only hubs the environment configures: an eval run has nobody to look at an embedded backend.
  const tracing = await createTracingSinks(config, { contract, embedded: false });
  try {
    const report = await runEvalGate({
      baseline: values.baseline as string,
      candidate: values.candidate as string,
      llm,
      contract,
      evalSetPath: values["eval-set"] as string | undefined,
      concurrency: number("concurrency", values.concurrency as string | undefined, 1, 64) ?? 8,
      seed: config.seed,
      timeScale: config.simulator.timeScale,
      // The feedback sink turns each eval trace's quality into the hubs' own score on that trace.
      sinks: tracing.sinks.length ? [...tracing.sinks, tracing.feedback] : [],
      userIdHashKey: config.userIdHashKey,
      release: config.release,
    });
    const tables = evalGateTables(report);
    console.log(
      `eval gate: candidate ${report.candidate.prompt_version} vs baseline ${report.baseline.prompt_version} on ${report.eval_set.queries} questions (${report.eval_set.path}); LLM ${report.llm}; latency scale ${report.time_scale}\n`,
    );
    console.log(markdownTable(tables.questions) + "\n");
    console.log(markdownTable(tables.aggregates, undefined, { digits: 6 }) + "\n");
    console.log(markdownTable(tables.checks, undefined, { digits: 6 }) + "\n");
    const written = writeEvalGateOutputs(report, { outDir: values["out-dir"] as string | undefined });
    console.log(`wrote ${written.json} and ${written.markdown}`);
    if (tracing.sinks.length) {
      const flushed = await tracing.close(10_000);
      console.log(
        `eval traces (each with its eval_quality score, an eval_score event and quality_score):\n${tracing.describe().replace(/^/gm, "  ")}\n  ${flushed.map((f) => `${f.sink}: ${f.result.code}`).join(", ")}`,
      );
    }
    console.log(report.verdict);
    return report.exit_code;
  } finally {
    if (tracing.sinks.length) await tracing.close(10_000);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // The workbook's own errors (bad flags, eval set, contract, config, trace source) are the
  // input's fault: their message alone, exit 2. Anything else is a bug: exit 3.
  console.error(`error: ${describeError(error)}`);
  process.exitCode = WorkbookError.isInstance(error) ? 2 : 3;
}
