/** Task 6 in the report: sampling rates achieved against the contract's rules. */
import type { Contract } from "../contract";
import { ENVIRONMENTS } from "../schema";
import type { ReportSection } from "./report-section";
import { table } from "./report-section";
import type { TaskOutput } from "./task-output";
import { fixed, fractionPct, int, ms, pct } from "./units";

/** Field paths in data/outputs/task6_sampling.json (summarizeSampling, checkHeadSampleRate and storageEstimate in lib/contract/sampling-summary.ts; the toy sampler is the notebook's inline toy). Rates there are percents. */
export const TASK6_FIELDS = {
  traces: "large_run.n",
  /** Array of per-environment summaries, one per `environment`. */
  environments: "large_run.environments",
  environmentKey: "environment",
  /** Inside each environment. */
  total: "total",
  kept: "kept",
  keptPct: "kept_pct",
  /** Percent kept among traces that are neither errors nor slow (only the head sample decides them). */
  headRatePct: "production_rate_check.achieved_rate_pct",
  withinHalfPoint: "production_rate_check.within_half_a_point",
  errorsTotal: "guarantees.production_errors",
  errorsKept: "guarantees.errors_kept",
  slowTotal: "guarantees.production_slow",
  slowKept: "guarantees.slow_kept",
  storageReduction: "storage.reduction_factor",
  storageDaily: "storage.assumed_daily_requests",
  storageHotDays: "storage.hot_days",
  keepAllHotGb: "storage.keep_all.gb_in_hot_window",
  sampledHotGb: "storage.contract_sampling.gb_in_hot_window",
  identicalOnRerun: "guarantees.identical_on_rerun",
  brokenErrors: "broken_contract_errors",
  contractValid: "contract_valid",
  toyDisagreePct: "toy_sampler.services_disagree_pct",
  toyCompletePct: "toy_sampler.complete_in_both_pct",
  toyErrorsDroppedPct: "toy_sampler.errors_dropped_by_A_pct",
  invalid: "large_run.invalid",
};

/** The per-environment summary of the large run. */
export function environmentSampling(out: TaskOutput, env: string): TaskOutput {
  return out.find(TASK6_FIELDS.environments, TASK6_FIELDS.environmentKey, env);
}

function rule(contract: Contract, env: (typeof ENVIRONMENTS)[number]): string {
  const r = contract.sampling[env];
  const parts = [`${fractionPct(r.rate, 0)} head sample`];
  if (r.always_on_error) parts.push("every error");
  if (r.latency_threshold_ms !== null) parts.push(`every trace > ${ms(r.latency_threshold_ms)}`);
  return parts.join(" + ");
}

export function task6Section(out: TaskOutput, contract: Contract): ReportSection {
  const F = TASK6_FIELDS;
  const n = out.num(F.traces);
  const rows = ENVIRONMENTS.map((env) => {
    const e = environmentSampling(out, env);
    return [env, int(e.num(F.total)), int(e.num(F.kept)), pct(e.num(F.keptPct), 2), rule(contract, env)];
  });
  const head = out.num(F.headRatePct);
  const target = contract.sampling.production.rate;
  const within = out.bool(F.withinHalfPoint);
  const [errorsKept, errorsTotal, slowKept, slowTotal] = [out.num(F.errorsKept), out.num(F.errorsTotal), out.num(F.slowKept), out.num(F.slowTotal)];
  const broken = out.list(F.brokenErrors).length;
  const invalid = out.num(F.invalid);
  return {
    task: 6,
    title: out.info.title,
    approach:
      "`observability_contract.json` is the single source of truth for trace and span names, the tag taxonomy, required metadata and trace fields, " +
      "sampling and retention per environment, redaction rules, the price-table version and the alert thresholds. A zod schema validates it (a JSON Schema generated from it documents it), " +
      "and two cross-checks tie it to the code: its required trace fields must equal `TraceSchema`'s and its price-table version `lib/pricing.ts`'s. " +
      "`sampleDecision` applies it: dev and staging keep everything; production keeps every error, every slow trace and a head sample decided by hashing the trace_id, " +
      "so every service makes the same decision for the same trace and a re-run reproduces it. " +
      `The service's trace sinks apply it once a request has finished; here it is measured on synthetic batches.`,
    observations:
      `The contract ${out.bool(F.contractValid) ? "validated" : "did NOT validate"}; a copy with deliberate hand-edit mistakes produced ${int(broken)} path-named errors in one pass. ` +
      `A one-line random sampler run independently by two services disagreed on ${pct(out.num(F.toyDisagreePct))} of production traces, kept ${pct(out.num(F.toyCompletePct))} complete in both, and dropped ${pct(out.num(F.toyErrorsDroppedPct))} of errors. ` +
      `On ${int(n)} synthetic traces the library sampler's head-sampled rate for production traces that are neither errors nor slow was ${pct(head, 2)} against the contract's ${fractionPct(target, 0)} ` +
      `(${within ? "within" : "OUTSIDE"} ±0.5 points). It kept ${int(errorsKept)} of ${int(errorsTotal)} errors and ${int(slowKept)} of ${int(slowTotal)} slow traces, ` +
      `${out.bool(F.identicalOnRerun) ? "made identical decisions on a re-run" : "did NOT reproduce its decisions on a re-run"}, and ${invalid === 0 ? "met no invalid trace" : `counted ${int(invalid)} invalid traces`}. ` +
      `At an assumed ${int(out.num(F.storageDaily))} requests a day, ${int(out.num(F.storageHotDays))} days of hot storage shrink from ${fixed(out.num(F.keepAllHotGb), 1)} GB to ${fixed(out.num(F.sampledHotGb), 1)} GB ` +
      `(${fixed(out.num(F.storageReduction), 1)}× less).` +
      `\n\n${table(["environment", "traces", "kept", "kept %", "contract rule"], rows, "compact")}`,
    simulated: [`Task 6's rates and storage: measured on ${int(n)} synthetic traces from the seeded generator; the daily request volume (${int(out.num(F.storageDaily))}) is an assumption, not a measurement.`],
  };
}
