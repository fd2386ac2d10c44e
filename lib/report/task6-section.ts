/** Task 6 in the report: sampling rates achieved against the contract's rules. */
import type { Contract } from "../contract";
import { cellTable } from "../format";
import type { Task6Output } from "../outputs/task6-output";
import { ENVIRONMENTS } from "../schema";
import type { ReportSection } from "./report-section";
import { taskOfOutput } from "./tasks";
import { fixed, fractionPct, int, ms, ofAll, pct } from "./units";

/** The large run's summary of environment `env`, if it had traces there. */
export function environmentSampling(
  data: Task6Output,
  env: string,
): Task6Output["large_run"]["environments"][number] | undefined {
  return data.large_run.environments.find((e) => e.environment === env);
}

/** The contract's sampling rule for an environment, in words. */
export function samplingRule(contract: Contract, env: (typeof ENVIRONMENTS)[number]): string {
  const r = contract.sampling[env];
  const parts = [`${fractionPct(r.rate, 0)} head sample`];
  if (r.always_on_error) parts.push("every error");
  if (r.latency_threshold_ms !== null) parts.push(`every trace > ${ms(r.latency_threshold_ms)}`);
  return parts.join(" + ");
}

export function task6Section(data: Task6Output, contract: Contract): ReportSection {
  const rows = ENVIRONMENTS.flatMap((env) => {
    const e = environmentSampling(data, env);
    return e ? [[env, int(e.total), int(e.kept), pct(e.kept_pct, 2), samplingRule(contract, env)]] : [];
  });
  const check = data.production_rate_check;
  const g = data.guarantees;
  const t = data.toy_sampler;
  const st = data.storage;
  const invalid = data.large_run.invalid;
  return {
    task: 6,
    title: taskOfOutput("task6_sampling").title,
    approach:
      "`observability_contract.json` is the one source of names, tags, required fields, sampling, retention, redaction, prices and thresholds; a zod schema validates it and cross-checks tie it to " +
      "`TraceSchema` and `lib/pricing.ts`. `sampleDecision` applies it: production keeps every error, every slow trace and a head sample decided by hashing the trace_id, so all services agree.",
    observations:
      `The contract ${data.contract_valid ? "validated" : "did NOT validate"}; a copy with deliberate hand-edit mistakes produced ${int(data.broken_contract_errors.length)} path-named errors in one pass. ` +
      `A one-line random sampler run independently by two services disagreed on ${pct(t.services_disagree_pct)} of production traces, kept ${pct(t.complete_in_both_pct)} complete in both, and dropped ${pct(t.errors_dropped_by_A_pct)} of errors. ` +
      `On ${int(data.large_run.n)} synthetic traces the library's head-sampled rate for ordinary production traces was ` +
      `${check.achieved_rate_pct === null ? "not measurable (none)" : pct(check.achieved_rate_pct, 2)} against the contract's ${pct(check.contract_rate_pct, 0)} (${check.within_tolerance ? "within" : "OUTSIDE"} ±${fixed(check.tolerance_points, 1)} points). ` +
      `It kept ${ofAll(g.errors_kept, g.production_errors)} errors and ${ofAll(g.slow_kept, g.production_slow)} slow traces, ` +
      `${g.identical_on_rerun ? "made identical decisions on a re-run" : "did NOT reproduce its decisions on a re-run"}, and ${invalid === 0 ? "met no invalid trace" : `counted ${int(invalid)} invalid traces`}. ` +
      `At an assumed ${int(st.assumed_daily_requests)} requests a day, ${int(st.hot_days)} days of hot storage shrink from ${fixed(st.keep_all.gb_in_hot_window, 1)} GB to ${fixed(st.contract_sampling.gb_in_hot_window, 1)} GB` +
      (st.reduction_factor === null ? "." : ` (${fixed(st.reduction_factor, 1)}× less).`) +
      `\n\n${cellTable(["environment", "traces", "kept", "kept %", "contract rule"], rows, { className: "compact half" })}`,
    simulated: [
      `Task 6's rates come from ${int(data.large_run.n)} synthetic traces (seed ${int(data.large_run.seed)}); its daily volume of ${int(st.assumed_daily_requests)} requests is an assumption.`,
    ],
  };
}
