/** A short rollout plan, its numbers read from the contract (sampling, retention, thresholds). */
import type { AlertThreshold } from "../contract";
import type { ReportData } from "./report-data";
import { inUnit } from "./threshold-table";
import { fractionPct, int } from "./units";

export function rolloutPlan({ contract }: ReportData): string {
  const s = contract.sampling;
  const r = contract.retention;
  const t = contract.alert_thresholds as Record<string, AlertThreshold>;
  const p95 = t.p95_latency_ms;
  const steps = [
    `**Staging first.** Deploy redaction, tracing and the metrics with the contract; staging keeps ${fractionPct(s.staging.rate, 0)} of traces for ${int(r.staging.hot_days)} days. ` +
      "Check that a seeded request reaches every hub with one trace id and no raw value.",
    `**Production, alerts as tickets.** Turn on the production rule (${fractionPct(s.production.rate, 0)} head sample, every error, every slow trace; ${int(r.production.hot_days)} days hot, ${int(r.production.cold_days)} cold). ` +
      `Until a baseline confirms the bands, yellow and red only open tickets` +
      (p95
        ? ` (e.g. p95 latency above ${inUnit(p95.yellow, p95.unit)} and ${inUnit(p95.red, p95.unit)})`
        : "") +
      ".",
    "**Page on red.** Then red pages the on-call and yellow stays a ticket; rules and dashboards are regenerated from the contract, never hand-edited.",
    "**Gate releases.** A prompt or model change ships only without an eval-set quality regression; traces carry the prompt version, so a bad release is found and rolled back by version.",
  ];
  return steps.map((step, i) => `${i + 1}. ${step}`).join("\n");
}
