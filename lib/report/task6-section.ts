/** Task 6, told once: why production cannot keep every trace, and what the contract's sampler keeps. */
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

/** Notebook 06's write-up and the report's findings for Task 6, from `data` and the contract it ran under. */
export function task6WriteUp(data: Task6Output, contract: Contract): string {
  const st = data.storage;
  const [all, kept] = [st.keep_all, st.contract_sampling];
  const rule = contract.sampling.production;
  const check = data.production_rate_check;
  const g = data.guarantees;
  const t = data.toy_sampler;
  const reduction = st.reduction_factor === null ? "" : `, ${fixed(st.reduction_factor, 1)} times less`;
  const order = [
    rule.always_on_error && "every error",
    rule.latency_threshold_ms !== null && `every trace over ${ms(rule.latency_threshold_ms)}`,
  ].filter(Boolean);
  // Production traces that are neither errors nor slow: what the head sample decides on.
  const production = environmentSampling(data, "production");
  const ordinary = production
    ? ((production.by_reason["head-sample"] ?? 0) + (production.by_reason["dropped"] ?? 0)) /
      Math.max(1, production.total)
    : undefined;
  return [
    `**Why not keep everything.** The synthetic traces average ${int(st.bytes_per_trace)} bytes as compact JSON, a lower bound, since a hub also stores prompts, passages and span metadata. ` +
      `At an assumed ${int(st.assumed_daily_requests)} requests a day, keeping all of them means ${fixed(all.gb_per_day, 2)} GB a day, ${fixed(all.gb_in_hot_window, 1)} GB in the contract's ${int(st.hot_days)}-day hot window` +
      (all.observations_per_month === undefined
        ? ""
        : ` and ${fixed(all.observations_per_month / 1e6, 0)} million observations a month`) +
      (ordinary === undefined
        ? "."
        : `, yet ${fractionPct(ordinary, 1)} of production traces were neither an error nor slow.`) +
      ` The contract's production rule keeps ${fixed(kept.keep_pct, 1)}%: ${fixed(kept.gb_per_day, 2)} GB a day${reduction}.`,
    `**What the saving keeps.** The sampler keeps ${order.length ? `${order.join(", then ")}, and only the rest face the` : "only the traces of its"} ${pct(check.contract_rate_pct, 0)} head sample. ` +
      `On ${int(data.large_run.n)} traces it kept ${ofAll(g.errors_kept, g.production_errors)} production errors and ${ofAll(g.slow_kept, g.production_slow)} slow traces, and ` +
      `${check.achieved_rate_pct === null ? "no ordinary ones (none were rate-decided)" : `${pct(check.achieved_rate_pct, 2)} of ordinary ones (${check.within_tolerance ? "within" : "OUTSIDE"} ±${fixed(check.tolerance_points, 1)} points)`}` +
      `${g.identical_on_rerun ? ", identically on a re-run" : ", but NOT identically on a re-run"}. ` +
      `It hashes the trace_id, so every service keeps the same traces: a one-line random sampler run by two services disagreed on ${pct(t.services_disagree_pct)} of them and dropped ${pct(t.errors_dropped_by_A_pct)} of errors.` +
      (data.large_run.invalid === 0
        ? ""
        : ` The large run counted ${int(data.large_run.invalid)} invalid traces.`),
    `The contract ${data.contract_valid ? "validated" : "did NOT validate"}; a hand-broken copy gave ${int(data.broken_contract_errors.length)} path-named errors in one pass.`,
  ].join("\n\n");
}

export function task6Section(data: Task6Output, contract: Contract): ReportSection {
  const rows = ENVIRONMENTS.flatMap((env) => {
    const e = environmentSampling(data, env);
    return e ? [[env, int(e.total), int(e.kept), pct(e.kept_pct, 2), samplingRule(contract, env)]] : [];
  });
  return {
    task: 6,
    title: taskOfOutput("task6_sampling").title,
    approach:
      "`observability_contract.json` is the one source of names, tags, required fields, sampling, retention, redaction, prices and thresholds; a zod schema validates it and cross-checks tie it to " +
      "`TraceSchema` and `lib/pricing.ts`. `sampleDecision` applies it after each request, when errors and latency are known.",
    observations: `${task6WriteUp(data, contract)}\n\n${cellTable(["environment", "traces", "kept", "kept %", "contract rule"], rows, { className: "compact half" })}`,
    simulated: [
      `Task 6's rates come from ${int(data.large_run.n)} synthetic traces (seed ${int(data.large_run.seed)}); its daily volume of ${int(data.storage.assumed_daily_requests)} requests is an assumption.`,
    ],
  };
}
