/**
 * The eval gate (`npm run eval -- --baseline v2 --candidate v1`): both prompt versions answer the
 * whole eval set through the bot, and `compareEvalRuns` judges the candidate against the
 * contract's `eval_gate` tolerances. Bad input (an unknown version, an eval set that cannot be
 * read or has bad lines) is an `EvalGateInputError` naming the problem, raised before any request.
 */
import { WorkbookError } from "../workbook-error";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type OpenAI from "openai";
import type { Contract } from "../contract";
import type { EvalGateSection } from "../contract/eval-gate-section";
import { llmClientInfo } from "../llm/create-llm-client";
import { PACKAGE_ROOT } from "../package-root";
import type { RecordSink } from "../record";
import { parseEvalSet, type EvalQuery } from "../rag/eval-set";
import { findPrompt, knownPromptVersions } from "../rag/prompts";
import { compareEvalRuns, type EvalComparison } from "./compare-eval-runs";
import { runEvalInProcess, type EvalCaseRow } from "./run-eval-in-process";

/** Bad input to the gate: the CLI prints the message and exits 2. */
export class EvalGateInputError extends WorkbookError {
  override name = "EvalGateInputError";
}

/** The prompt registry id for a version name, or an error listing the known ones. */
export function resolvePromptVersion(flag: string, version: string | undefined): string {
  if (version === undefined || version.trim() === "")
    throw new EvalGateInputError(
      `--${flag} is required (known versions: ${knownPromptVersions().join(", ")})`,
    );
  const prompt = findPrompt(version.trim());
  if (!prompt)
    throw new EvalGateInputError(
      `--${flag} "${version}" is not a known prompt version; known: ${knownPromptVersions().join(", ")}`,
    );
  return prompt.id;
}

/** Reads an eval set the gate can trust: readable, and every line valid (a gate on part of the set would be silently weaker). */
export function readGateEvalSet(path: string, shownAs: string = path): EvalQuery[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : code === "EACCES"
            ? "permission denied"
            : (error as Error).message;
    throw new EvalGateInputError(`cannot read the eval set ${shownAs}: ${why}`);
  }
  const set = parseEvalSet(text);
  if (set.rejected.length) {
    const lines = set.rejected.slice(0, 5).map((r) => `  line ${r.line}: ${r.errors.join("; ")}`);
    const more = set.rejected.length > 5 ? [`  ... and ${set.rejected.length - 5} more`] : [];
    throw new EvalGateInputError(
      `the eval set ${shownAs} has ${set.rejected.length} invalid line(s):\n${[...lines, ...more].join("\n")}`,
    );
  }
  if (set.queries.length === 0) throw new EvalGateInputError(`the eval set ${shownAs} has no queries`);
  const ids = set.queries.map((q) => q.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined)
    throw new EvalGateInputError(
      `the eval set ${shownAs} uses the id "${duplicate}" twice; answers are paired by id`,
    );
  return set.queries;
}

export interface EvalGateOptions {
  /** Version names as `/ask` accepts them (`v1`, `v2`, `v2.1`, ...). */
  baseline: string;
  candidate: string;
  llm: OpenAI;
  contract: Contract;
  /** An eval set file the caller names (resolved like any path); default: the contract's `eval_set`, relative to `root`. */
  evalSetPath?: string;
  /** The root the contract's `eval_set` is relative to (default: the package root). */
  root?: string;
  /** Requests in flight in all (default 4), split between the two versions, which run at once. */
  concurrency?: number;
  seed?: number;
  /** The default tools' time scale; pass the simulator's so a fast run is fast everywhere. */
  timeScale?: number;
  /** Trace hubs (or any sink): each eval record arrives with its quality score. */
  sinks?: readonly RecordSink[];
  userIdHashKey?: string;
  release?: string;
}

export interface EvalGateReport extends EvalComparison {
  /** Versions as requested and as the registry resolved them. */
  requested: { baseline: string; candidate: string };
  eval_set: { path: string; queries: number };
  /** Who answered: the simulator's notice, or the real API. */
  llm: string;
  simulated: boolean;
  /** The tools' latency scale (0: no waiting, so latency figures are compute only). */
  time_scale: number;
  gate: EvalGateSection;
  /** 1 when the candidate regressed beyond the contract's tolerance, else 0. */
  exit_code: 0 | 1;
  verdict: string;
  rows: { baseline: EvalCaseRow[]; candidate: EvalCaseRow[] };
}

export async function runEvalGate(options: EvalGateOptions): Promise<EvalGateReport> {
  const gate = options.contract.eval_gate;
  const baselineId = resolvePromptVersion("baseline", options.baseline);
  const candidateId = resolvePromptVersion("candidate", options.candidate);
  const shown = options.evalSetPath ?? gate.eval_set;
  const file =
    options.evalSetPath !== undefined
      ? resolve(options.evalSetPath)
      : resolve(options.root ?? PACKAGE_ROOT, gate.eval_set);
  const queries = readGateEvalSet(file, shown);
  const common = {
    llm: options.llm,
    contract: options.contract,
    queries,
    // Both versions run at once (below), so each gets half: the LLM sees `concurrency` requests in flight, as before.
    concurrency: Math.max(1, Math.ceil((options.concurrency ?? 4) / 2)),
    seed: options.seed,
    timeScale: options.timeScale,
    sinks: options.sinks,
    userIdHashKey: options.userIdHashKey,
    release: options.release,
  };
  // Both versions at once, each with its own tool set. The simulator keys its answers, faults and
  // latencies by request content, so each version meets what it would alone; and a busy machine
  // slows both alike. Run one after the other, load during one run read as a latency regression
  // of that version (a v2 p95 of 1,418 ms against 672 ms the run before, on the same answers).
  const [baselineRows, candidateRows] = await Promise.all([
    runEvalInProcess({ ...common, promptVersion: baselineId, role: "baseline" }),
    runEvalInProcess({ ...common, promptVersion: candidateId, role: "candidate" }),
  ]);
  const comparison = compareEvalRuns(baselineRows, candidateRows, gate);
  const info = llmClientInfo(options.llm);
  const verdict = comparison.regressed
    ? `FAIL: candidate ${candidateId} regresses against baseline ${baselineId} on ${comparison.regressions.length} check(s):\n${comparison.regressions.map((r) => `  - ${r}`).join("\n")}`
    : `PASS: candidate ${candidateId} stays within the contract's tolerances against baseline ${baselineId} (mean quality ${comparison.candidate.mean_quality} vs ${comparison.baseline.mean_quality}, difference ${comparison.quality_difference.mean}, ${comparison.quality_difference.confidence * 100}% CI [${comparison.quality_difference.lo}, ${comparison.quality_difference.hi}])`;
  return {
    ...comparison,
    requested: { baseline: options.baseline, candidate: options.candidate },
    eval_set: { path: shown, queries: queries.length },
    llm: info.notice,
    simulated: info.simulated,
    time_scale: options.timeScale ?? 1,
    gate,
    exit_code: comparison.regressed ? 1 : 0,
    verdict,
    rows: { baseline: baselineRows, candidate: candidateRows },
  };
}
